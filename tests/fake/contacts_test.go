package fake_test

import (
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/tests/fake"
)

var objectID = regexp.MustCompile(`^[0-9a-f]{24}$`)

// unknownID is an ObjectId no fake ever generates.
const unknownID = "0123456789abcdef01234567"

func TestCreateContact(t *testing.T) {
	clk := newClock()
	srv, c := setup(t, fake.WithClock(clk))
	got := c.call(http.MethodPost, "/v1/contact", doc{"email": "ada@example.com", "properties": doc{"firstname": "Ada"}})

	id, _ := got["_id"].(string)
	if !objectID.MatchString(id) {
		t.Errorf("_id = %q, want an ObjectId", id)
	}
	want := doc{
		"_id":        id,
		"_owner":     srv.ClientID(),
		"email":      "ada@example.com",
		"properties": doc{"firstname": "Ada"},
		"created":    clk.Now().Format(time.RFC3339Nano),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("POST /v1/contact (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, c.call(http.MethodGet, "/v1/contact/"+id, nil)); diff != "" {
		t.Errorf("GET /v1/contact/{id} (-want +got):\n%s", diff)
	}
}

func TestCreateContactRejects(t *testing.T) {
	// The handlers' own checks, behind those of the spec (WithValidation).
	_, c := setup(t, fake.WithValidation(false))
	c.create("/v1/contact", doc{"email": "taken@example.com"})
	tests := []struct {
		name   string
		body   any
		status int
		msg    string
	}{
		{"duplicate email", doc{"email": "taken@example.com"}, 409, "exists"},
		{"no email", doc{"properties": doc{"firstname": "A"}}, 400, "email must not be empty"},
		{"empty body", "", 400, "decode"},
		{"malformed JSON", `{"email": "x@example.com"`, 400, "decode"},
		{"property not a string", `{"email": "x@example.com", "properties": {"age": 3}}`, 400, "decode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			wantStatus(t, c.send(http.MethodPost, "/v1/contact", tt.body, nil), tt.status, tt.msg)
		})
	}
	c.t = t
	if got := len(c.list("/v1/contact")); got != 1 {
		t.Errorf("%d contacts stored, want 1", got)
	}
}

func TestEmailIsCaseSensitiveKey(t *testing.T) {
	_, c := setup(t)
	c.create("/v1/contact", doc{"email": "ada@example.com"})
	c.create("/v1/contact", doc{"email": "Ada@example.com"})
	if got := len(c.list("/v1/contact")); got != 2 {
		t.Errorf("%d contacts, want 2", got)
	}
}

func TestUpsertContact(t *testing.T) {
	clk := newClock()
	_, c := setup(t, fake.WithClock(clk))
	first := c.call(http.MethodPost, "/v1/contact/upsert", doc{"email": "ada@example.com", "properties": doc{"firstname": "Ada", "lastname": "Byron"}})

	clk.Advance(time.Minute)
	body := doc{"email": "ada@example.com", "properties": doc{"lastname": "Lovelace", "phone": "555"}}
	second := c.call(http.MethodPost, "/v1/contact/upsert", body)
	want := doc{
		"_id":        first["_id"],
		"_owner":     first["_owner"],
		"email":      "ada@example.com",
		"created":    first["created"],
		"properties": doc{"firstname": "Ada", "lastname": "Lovelace", "phone": "555"},
	}
	if diff := cmp.Diff(want, second); diff != "" {
		t.Errorf("second upsert (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(second, c.call(http.MethodPost, "/v1/contact/upsert", body)); diff != "" {
		t.Errorf("the same upsert again changed the contact (-before +after):\n%s", diff)
	}
	if got := len(c.list("/v1/contact")); got != 1 {
		t.Errorf("%d contacts, want 1", got)
	}
	wantStatus(t, c.send(http.MethodPost, "/v1/contact/upsert", doc{"properties": doc{}}, nil), 400, "email")
}

func TestUpdateContactMergesProperties(t *testing.T) {
	_, c := setup(t)
	id := c.create("/v1/contact", doc{"email": "ada@example.com", "properties": doc{"firstname": "Ada", "lastname": "Byron"}})
	before := c.call(http.MethodGet, "/v1/contact/"+id, nil)

	got := c.call(http.MethodPut, "/v1/contact/"+id, doc{"properties": doc{"lastname": "Lovelace", "gender": "f"}})
	want := before
	want["properties"] = doc{"firstname": "Ada", "lastname": "Lovelace", "gender": "f"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PUT (-want +got):\n%s", diff)
	}
	// Only properties change: an email sent along is not the contact's.
	got = c.call(http.MethodPut, "/v1/contact/"+id, doc{"email": "other@example.com"})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PUT with email only (-want +got):\n%s", diff)
	}
}

func TestContactByIDErrors(t *testing.T) {
	// The handlers' own checks, behind those of the spec (WithValidation).
	_, c := setup(t, fake.WithValidation(false))
	for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		t.Run(method, func(t *testing.T) {
			c.t = t
			body := doc{"properties": doc{}}
			wantStatus(t, c.send(method, "/v1/contact/"+unknownID, body, nil), 404, "contact "+unknownID+" not found")
			wantStatus(t, c.send(method, "/v1/contact/nope", body, nil), 400, "invalid contact id")
			wantStatus(t, c.send(method, "/v1/contact/"+unknownID+"0", body, nil), 400, "invalid contact id")
		})
	}
	c.t = t
	wantStatus(t, c.send(http.MethodPut, "/v1/contact/"+unknownID, "{", nil), 400, "decode")
}

func TestDeleteContact(t *testing.T) {
	_, c := setup(t)
	list := c.create("/v1/list", doc{"name": "L"})
	id := c.create("/v1/contact", doc{"email": "ada@example.com"})
	c.addToList(list, id)

	wantStatus(t, c.send(http.MethodDelete, "/v1/contact/"+id, nil, nil), http.StatusNoContent, "")
	wantStatus(t, c.send(http.MethodGet, "/v1/contact/"+id, nil, nil), 404, "not found")
	wantStatus(t, c.send(http.MethodDelete, "/v1/contact/"+id, nil, nil), 404, "not found")
	if got := c.list("/v1/list/" + list + "/contact"); len(got) != 0 {
		t.Errorf("list still has %v", got)
	}
	// The email is free again.
	c.create("/v1/contact", doc{"email": "ada@example.com"})
}
