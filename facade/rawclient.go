package facade

import (
	"context"
	"io"
	"net/http"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/generated/client"
)

// RawClient is the generated client of every operation of openapi.yaml,
// one method per operationId, each returning the raw *http.Response.
// [Client.Raw] returns the Client's own. It is the generated
// [client.Client], whose methods it has, except that each method with a
// path parameter first refuses, with an error matching
// [ErrInvalidArgument] and before any request, a value that would take
// the request out of the operation's path: "", "." or ".." (the
// generated client resolves dot segments, so that
// RemoveContactFromList(ctx, "..", id) would be sent as
// DELETE /v1/contact/{id}). Every other value is escaped into its one
// segment by the generated client.
type RawClient struct {
	*client.Client
}

// checkPathParam returns an error matching ErrInvalidArgument if v, a
// path parameter, would not stay one segment of the path: "", "." or
// "..", the only values that the generated client's escaping leaves as
// an empty or dot segment.
func checkPathParam(name, v string) error {
	switch v {
	case "", ".", "..":
		return invalidArg(name, "%q would leave its path segment", v)
	}
	return nil
}

// GetCampaign is [client.Client.GetCampaign], refusing a path parameter that would
// leave its segment.
func (c *RawClient) GetCampaign(ctx context.Context, id string, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.GetCampaign(ctx, id, reqEditors...)
}

// UpdateCampaignWithBody is [client.Client.UpdateCampaignWithBody], refusing a path parameter that would
// leave its segment.
func (c *RawClient) UpdateCampaignWithBody(ctx context.Context, id string, contentType string, body io.Reader, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.UpdateCampaignWithBody(ctx, id, contentType, body, reqEditors...)
}

// UpdateCampaign is [client.Client.UpdateCampaign], refusing a path parameter that would
// leave its segment.
func (c *RawClient) UpdateCampaign(ctx context.Context, id string, body generated.UpdateCampaignJSONRequestBody, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.UpdateCampaign(ctx, id, body, reqEditors...)
}

// DeleteContact is [client.Client.DeleteContact], refusing a path parameter that would
// leave its segment.
func (c *RawClient) DeleteContact(ctx context.Context, id string, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.DeleteContact(ctx, id, reqEditors...)
}

// GetContact is [client.Client.GetContact], refusing a path parameter that would
// leave its segment.
func (c *RawClient) GetContact(ctx context.Context, id string, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.GetContact(ctx, id, reqEditors...)
}

// UpdateContactWithBody is [client.Client.UpdateContactWithBody], refusing a path parameter that would
// leave its segment.
func (c *RawClient) UpdateContactWithBody(ctx context.Context, id string, contentType string, body io.Reader, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.UpdateContactWithBody(ctx, id, contentType, body, reqEditors...)
}

// UpdateContact is [client.Client.UpdateContact], refusing a path parameter that would
// leave its segment.
func (c *RawClient) UpdateContact(ctx context.Context, id string, body generated.UpdateContactJSONRequestBody, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.UpdateContact(ctx, id, body, reqEditors...)
}

// GetEmail is [client.Client.GetEmail], refusing a path parameter that would
// leave its segment.
func (c *RawClient) GetEmail(ctx context.Context, id string, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.GetEmail(ctx, id, reqEditors...)
}

// UpdateEmailWithBody is [client.Client.UpdateEmailWithBody], refusing a path parameter that would
// leave its segment.
func (c *RawClient) UpdateEmailWithBody(ctx context.Context, id string, contentType string, body io.Reader, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.UpdateEmailWithBody(ctx, id, contentType, body, reqEditors...)
}

// UpdateEmail is [client.Client.UpdateEmail], refusing a path parameter that would
// leave its segment.
func (c *RawClient) UpdateEmail(ctx context.Context, id string, body generated.UpdateEmailJSONRequestBody, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.UpdateEmail(ctx, id, body, reqEditors...)
}

// UpdateFolderWithBody is [client.Client.UpdateFolderWithBody], refusing a path parameter that would
// leave its segment.
func (c *RawClient) UpdateFolderWithBody(ctx context.Context, id string, contentType string, body io.Reader, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.UpdateFolderWithBody(ctx, id, contentType, body, reqEditors...)
}

// UpdateFolder is [client.Client.UpdateFolder], refusing a path parameter that would
// leave its segment.
func (c *RawClient) UpdateFolder(ctx context.Context, id string, body generated.UpdateFolderJSONRequestBody, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.UpdateFolder(ctx, id, body, reqEditors...)
}

// UpdateListWithBody is [client.Client.UpdateListWithBody], refusing a path parameter that would
// leave its segment.
func (c *RawClient) UpdateListWithBody(ctx context.Context, id string, contentType string, body io.Reader, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.UpdateListWithBody(ctx, id, contentType, body, reqEditors...)
}

// UpdateList is [client.Client.UpdateList], refusing a path parameter that would
// leave its segment.
func (c *RawClient) UpdateList(ctx context.Context, id string, body generated.UpdateListJSONRequestBody, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.UpdateList(ctx, id, body, reqEditors...)
}

// ListListContacts is [client.Client.ListListContacts], refusing a path parameter that would
// leave its segment.
func (c *RawClient) ListListContacts(ctx context.Context, listID string, params *ListListContactsParams, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("list id", listID); err != nil {
		return nil, err
	}
	return c.Client.ListListContacts(ctx, listID, params, reqEditors...)
}

// RemoveContactFromList is [client.Client.RemoveContactFromList], refusing a path parameter that would
// leave its segment.
func (c *RawClient) RemoveContactFromList(ctx context.Context, listID string, contactID string, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := firstError(checkPathParam("list id", listID), checkPathParam("contact id", contactID)); err != nil {
		return nil, err
	}
	return c.Client.RemoveContactFromList(ctx, listID, contactID, reqEditors...)
}

// AddContactToList is [client.Client.AddContactToList], refusing a path parameter that would
// leave its segment.
func (c *RawClient) AddContactToList(ctx context.Context, listID string, contactID string, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := firstError(checkPathParam("list id", listID), checkPathParam("contact id", contactID)); err != nil {
		return nil, err
	}
	return c.Client.AddContactToList(ctx, listID, contactID, reqEditors...)
}

// GetMetrics is [client.Client.GetMetrics], refusing a path parameter that would
// leave its segment.
func (c *RawClient) GetMetrics(ctx context.Context, elementType MetricsElementType, elementID string, params *GetMetricsParams, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := firstError(checkPathParam("element type", string(elementType)), checkPathParam("element id", elementID)); err != nil {
		return nil, err
	}
	return c.Client.GetMetrics(ctx, elementType, elementID, params, reqEditors...)
}

// UpdatePropertyWithBody is [client.Client.UpdatePropertyWithBody], refusing a path parameter that would
// leave its segment.
func (c *RawClient) UpdatePropertyWithBody(ctx context.Context, id string, contentType string, body io.Reader, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.UpdatePropertyWithBody(ctx, id, contentType, body, reqEditors...)
}

// UpdateProperty is [client.Client.UpdateProperty], refusing a path parameter that would
// leave its segment.
func (c *RawClient) UpdateProperty(ctx context.Context, id string, body generated.UpdatePropertyJSONRequestBody, reqEditors ...RequestEditorFn) (*http.Response, error) {
	if err := checkPathParam("id", id); err != nil {
		return nil, err
	}
	return c.Client.UpdateProperty(ctx, id, body, reqEditors...)
}
