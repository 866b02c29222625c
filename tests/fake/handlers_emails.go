package fake

import (
	"context"

	"github.com/leadfox-go/leadfox/generated"

	"github.com/leadfox-go/leadfox/generated/server"
)

// ListEmails answers a collection query on email designs.
func (a api) ListEmails(_ context.Context, req server.ListEmailsRequestObject) (server.ListEmailsResponseObject, error) {
	return listPage[server.ListEmails200JSONResponse](a.s, scope{kind: kindEmail}, req.Params)
}

// CreateEmail stores an email design; name is required, and editor
// defaults to "bee", its only value.
func (a api) CreateEmail(_ context.Context, req server.CreateEmailRequestObject) (server.CreateEmailResponseObject, error) {
	b := req.Body
	if err := checkName("name", &b.Name); err != nil {
		return nil, err
	}
	if err := checkEditor(b.Editor); err != nil {
		return nil, err
	}
	if b.Editor == nil {
		b.Editor = ptr(generated.EmailEditorBee)
	}
	e, err := createAs[generated.Email](a.s, kindEmail, b, nil)
	return emailOK(e), err
}

// GetEmail returns one email design.
func (a api) GetEmail(_ context.Context, req server.GetEmailRequestObject) (server.GetEmailResponseObject, error) {
	e, err := getAs[generated.Email](a.s, kindEmail, req.ID)
	return emailOK(e), err
}

// UpdateEmail changes the fields sent.
func (a api) UpdateEmail(_ context.Context, req server.UpdateEmailRequestObject) (server.UpdateEmailResponseObject, error) {
	if err := checkName("name", req.Body.Name); err != nil {
		return nil, err
	}
	if err := checkEditor(req.Body.Editor); err != nil {
		return nil, err
	}
	e, err := patchAs[generated.Email](a.s, kindEmail, req.ID, req.Body, setFields)
	return emailOK(e), err
}

func checkEditor(e *generated.EmailEditor) error {
	if e != nil && !e.Valid() {
		return badRequest("editor must be %q, got %q", generated.EmailEditorBee, *e)
	}
	return nil
}
