package fake_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/leadfox-go/leadfox/tests/fake"
)

// TestValidationRefusesWhatTheSpecForbids sends one request of each
// class the spec refuses: each is answered 400 with the rule and the
// field, and logged as invalid.
func TestValidationRefusesWhatTheSpecForbids(t *testing.T) {
	srv, c := setup(t)
	f := newFixture(c)
	id := c.create("/v1/campaign", f.campaign())
	tests := []struct {
		name, method, path string
		body               any
		rule, field, in    string
	}{
		{"bad enum", http.MethodPut, "/v1/campaign/" + id, doc{"status": "x"}, "enum", "status", "body"},
		{"missing required field", http.MethodPost, "/v1/folder", doc{"description": "no name"}, "required", "name", "body"},
		{"wrong type", http.MethodPut, "/v1/campaign/" + id, doc{"name": 5}, "type", "name", "body"},
		{"nested wrong type", http.MethodPut, "/v1/campaign/" + id,
			doc{"mailinglist": doc{"language": 5}}, "type", "mailinglist.language", "body"},
		{"bad format", http.MethodPut, "/v1/campaign/" + id, doc{"start": "tomorrow"}, "format", "start", "body"},
		{"unknown operation", http.MethodPatch, "/v1/campaign/" + id, doc{}, "operation", "PATCH /v1/campaign/" + id, "operation"},
		{"unknown path", http.MethodGet, "/v1/campaigns", nil, "operation", "GET /v1/campaigns", "operation"},
		{"bad path parameter", http.MethodGet, "/v1/campaign/not-an-id", nil, "pattern", "id", "path"},
		{"bad query parameter", http.MethodGet, "/v1/contact?limit=zero", nil, "parameter", "limit", "query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			srv.ResetRequests()
			res := c.send(tt.method, tt.path, tt.body, nil)
			if res.status != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400 (body %s)", res.status, res.body)
			}
			var got fake.ValidationError
			if err := json.Unmarshal(res.body, &got); err != nil {
				t.Fatalf("body %s: %v", res.body, err)
			}
			if got.Rule != tt.rule || got.Field != tt.field || got.In != tt.in {
				t.Errorf("rule, field, in = %q, %q, %q; want %q, %q, %q (message %q)",
					got.Rule, got.Field, got.In, tt.rule, tt.field, tt.in, got.Message)
			}
			invalid := srv.InvalidRequests()
			if len(invalid) != 1 || invalid[0].Invalid.Field != tt.field || invalid[0].Status != http.StatusBadRequest {
				t.Errorf("invalid requests logged = %+v, want this one, answered 400", invalid)
			}
		})
	}
	c.t = t
	if got := c.call(http.MethodGet, "/v1/campaign/"+id, nil); got["status"] != "d" {
		t.Errorf("campaign after the refused updates = %v, want it unchanged", got)
	}
}

// TestValidationCanBeTurnedOff: with WithValidation(false) the handlers
// see what the spec forbids, and nothing is logged as invalid.
func TestValidationCanBeTurnedOff(t *testing.T) {
	srv, c := setup(t, fake.WithValidation(false))
	res := c.send(http.MethodGet, "/v1/campaigns", nil, nil)
	if res.status != http.StatusNotFound {
		t.Errorf("unknown path: status = %d, want the router's 404", res.status)
	}
	if n := len(srv.InvalidRequests()); n != 0 {
		t.Errorf("invalid requests = %d, want 0 with validation off", n)
	}
}

// TestCheckValid: the helper fails a test that sent an invalid request,
// and passes one that did not.
func TestCheckValid(t *testing.T) {
	srv, c := setup(t)
	c.list("/v1/folder")
	clean := &recordingTB{TB: t}
	srv.CheckValid(clean)
	if clean.errors != 0 {
		t.Errorf("CheckValid reported %d errors for valid requests, want 0", clean.errors)
	}
	c.send(http.MethodPost, "/v1/folder", doc{}, nil)
	rec := &recordingTB{TB: t}
	srv.CheckValid(rec)
	if rec.errors != 1 {
		t.Errorf("CheckValid reported %d errors, want 1", rec.errors)
	}
	srv.ResetRequests()
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("requests after ResetRequests = %d, want 0", n)
	}
}

// recordingTB counts Errorf calls instead of failing.
type recordingTB struct {
	testing.TB
	errors int
}

func (r *recordingTB) Helper()               {}
func (r *recordingTB) Errorf(string, ...any) { r.errors++ }
