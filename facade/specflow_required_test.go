package facade

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/leadfox-go/leadfox/api"
)

// specflowRequest is a request body type the facade sends, with a value
// that passes every check and the call that sends it.
type specflowRequest struct {
	schema string // the request body's schema in the effective spec
	valid  func() any
	send   func(ctx context.Context, c *Client, body any) error
}

// specflowRequests covers every request body schema of the effective
// spec but AuthRequest, which the auth package sends from New's key and
// secret (see TestNewRejectsEmptyCredentials).
func specflowRequests() []specflowRequest {
	return []specflowRequest{
		{"CampaignCreate", func() any {
			return &CampaignCreate{Name: "Spring", FolderID: folderID, Type: EmailCampaignType,
				Emails: []EmailVariant{{EmailID: emailID}}}
		}, func(ctx context.Context, c *Client, b any) error {
			_, err := c.Campaigns.Create(ctx, b.(*CampaignCreate))
			return err
		}},
		{"ContactCreate", func() any { return &ContactCreate{Email: "ada@example.com"} },
			func(ctx context.Context, c *Client, b any) error {
				_, err := c.Contacts.Create(ctx, b.(*ContactCreate))
				return err
			}},
		{"EmailCreate", func() any { return &EmailCreate{Name: "Welcome"} },
			func(ctx context.Context, c *Client, b any) error {
				_, err := c.Emails.Create(ctx, b.(*EmailCreate))
				return err
			}},
		{"FolderCreate", func() any { return &FolderCreate{Name: "2026"} },
			func(ctx context.Context, c *Client, b any) error {
				_, err := c.Folders.Create(ctx, b.(*FolderCreate))
				return err
			}},
		{"ListCreate", func() any { return &ListCreate{Name: "Test"} },
			func(ctx context.Context, c *Client, b any) error {
				_, err := c.Lists.Create(ctx, b.(*ListCreate))
				return err
			}},
		{"PropertyCreate", func() any { return &PropertyCreate{Name: "Company", Shortcode: "company"} },
			func(ctx context.Context, c *Client, b any) error {
				_, err := c.Properties.Create(ctx, b.(*PropertyCreate))
				return err
			}},
		// The update types have no required field today; listing them
		// makes a field the vendor makes required fail here too.
		{"CampaignUpdate", func() any { return &CampaignUpdate{Name: Ptr("Summer")} },
			func(ctx context.Context, c *Client, b any) error {
				_, err := c.Campaigns.Update(ctx, campaignID, b.(*CampaignUpdate))
				return err
			}},
		{"ContactUpdate", func() any { return &ContactUpdate{Properties: ContactProperties{"a": "b"}} },
			func(ctx context.Context, c *Client, b any) error {
				_, err := c.Contacts.Update(ctx, contactID, b.(*ContactUpdate))
				return err
			}},
		{"EmailUpdate", func() any { return &EmailUpdate{Name: Ptr("x")} },
			func(ctx context.Context, c *Client, b any) error {
				_, err := c.Emails.Update(ctx, emailID, b.(*EmailUpdate))
				return err
			}},
		{"FolderUpdate", func() any { return &FolderUpdate{Name: Ptr("x")} },
			func(ctx context.Context, c *Client, b any) error {
				_, err := c.Folders.Update(ctx, folderID, b.(*FolderUpdate))
				return err
			}},
		{"ListUpdate", func() any { return &ListUpdate{Name: Ptr("x")} },
			func(ctx context.Context, c *Client, b any) error {
				_, err := c.Lists.Update(ctx, listID, b.(*ListUpdate))
				return err
			}},
		{"PropertyUpdate", func() any { return &PropertyUpdate{Name: Ptr("x")} },
			func(ctx context.Context, c *Client, b any) error {
				_, err := c.Properties.Update(ctx, propertyID, b.(*PropertyUpdate))
				return err
			}},
	}
}

// TestRequiredFieldsAreChecked holds the facade's checks against each
// request schema's required list in the effective spec: with a required
// field left zero, a call must fail with ErrInvalidArgument before any
// request, or send the field with a value of the facade's own (as
// Campaigns.Create does with Type). A field the vendor makes required
// fails here until the facade checks it, instead of going out as "".
func TestRequiredFieldsAreChecked(t *testing.T) {
	spec := specflowLoad(t)
	bodies := specflowRequestSchemas(t, spec)
	reqs := specflowRequests()
	var covered []string
	for _, r := range reqs {
		covered = append(covered, r.schema)
	}
	for _, name := range bodies {
		if name != "AuthRequest" && !slices.Contains(covered, name) {
			t.Errorf("request schema %s has no entry in specflowRequests: add one, with a call that sends it", name)
		}
	}
	for _, r := range reqs {
		schema := spec.Components.Schemas[r.schema]
		if schema == nil {
			t.Errorf("specflowRequests names %s, which the effective spec lacks", r.schema)
			continue
		}
		for _, field := range schema.Value.Required {
			t.Run(r.schema+"."+field, func(t *testing.T) {
				body := r.valid()
				if !specflowZeroField(body, field) {
					t.Fatalf("%T has no field with JSON name %q: regenerate (make generate)", body, field)
				}
				f := setup(t)
				var mu sync.Mutex
				var sent []byte
				f.mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
					mu.Lock()
					defer mu.Unlock()
					if req.Body != nil {
						raw, err := io.ReadAll(req.Body)
						if err != nil {
							return nil, err
						}
						sent = raw
					}
					return nil, errors.New("specflow: request stopped by the test")
				})
				f.on(http.MethodGet, "/v1/campaign/"+campaignID, respondJSON(200, campaignJSON))
				err := r.send(t.Context(), f.client, body)
				mu.Lock()
				defer mu.Unlock()
				if sent == nil {
					if !errors.Is(err, ErrInvalidArgument) {
						t.Fatalf("with %s left zero: err = %v, want ErrInvalidArgument and no request", field, err)
					}
					return
				}
				var m map[string]json.RawMessage
				if err := json.Unmarshal(sent, &m); err != nil {
					t.Fatalf("request body %s: %v", sent, err)
				}
				if v, ok := m[field]; !ok || specflowZeroJSON(v) {
					t.Errorf("%s is required by the spec, but the facade sent it zero (%s) instead of an error: check it before the request",
						field, sent)
				}
			})
		}
	}
}

// specflowLoad returns the effective spec, as package api embeds it.
func specflowLoad(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(api.Spec())
	if err != nil {
		t.Fatalf("load the effective spec: %v", err)
	}
	return doc
}

// specflowRequestSchemas returns the component names of every JSON
// request body of the spec, sorted and without repeats.
func specflowRequestSchemas(t *testing.T, doc *openapi3.T) []string {
	t.Helper()
	var names []string
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody == nil {
				continue
			}
			media := op.RequestBody.Value.Content.Get("application/json")
			if media == nil || media.Schema == nil || media.Schema.Ref == "" {
				t.Errorf("%s %s: the request body is not a $ref to a component schema", method, path)
				continue
			}
			names = append(names, strings.TrimPrefix(media.Schema.Ref, "#/components/schemas/"))
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// specflowZeroField sets the field of the struct *v whose JSON name is
// name to its zero value, and reports whether there was one.
func specflowZeroField(v any, name string) bool {
	s := reflect.ValueOf(v).Elem()
	for i := range s.NumField() {
		tag, _, _ := strings.Cut(s.Type().Field(i).Tag.Get("json"), ",")
		if tag == name {
			s.Field(i).SetZero()
			return true
		}
	}
	return false
}

// specflowZeroJSON reports whether raw is a zero value on the wire: null,
// "", 0, false, [] or {}.
func specflowZeroJSON(raw json.RawMessage) bool {
	switch strings.TrimSpace(string(raw)) {
	case "null", `""`, "0", "false", "[]", "{}":
		return true
	}
	return false
}
