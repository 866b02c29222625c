package fake_test

import (
	"github.com/leadfox-go/leadfox/tests/fake"

	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/generated"
)

func TestFolders(t *testing.T) {
	srv, c := setup(t)
	created := c.call(http.MethodPost, "/v1/folder", doc{"name": "Spring", "description": "sales"})
	id := created["_id"].(string)
	want := doc{"_id": id, "_owner": srv.ClientID(), "name": "Spring", "description": "sales"}
	if diff := cmp.Diff(want, created); diff != "" {
		t.Errorf("POST /v1/folder (-want +got):\n%s", diff)
	}
	want["name"] = "Summer"
	if diff := cmp.Diff(want, c.call(http.MethodPut, "/v1/folder/"+id, doc{"name": "Summer"})); diff != "" {
		t.Errorf("PUT /v1/folder/{id} (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]doc{want}, c.list("/v1/folder")); diff != "" {
		t.Errorf("GET /v1/folder (-want +got):\n%s", diff)
	}
}

func TestEmails(t *testing.T) {
	srv, c := setup(t)
	body := doc{
		"name": "Welcome", "description": "d", "subject": "Hi", "preheader": "p",
		"fromemail": "us@example.com", "fromname": "Us", "unsubscribetext": "bye",
		"body": "<p>Hi</p>", "json": "{}",
	}
	created := c.call(http.MethodPost, "/v1/email", body)
	id := created["_id"].(string)
	want := doc{"_id": id, "_owner": srv.ClientID(), "editor": "bee"}
	for k, v := range body {
		want[k] = v
	}
	if diff := cmp.Diff(want, created); diff != "" {
		t.Errorf("POST /v1/email (-want +got):\n%s", diff)
	}
	want["subject"] = "Hello"
	if diff := cmp.Diff(want, c.call(http.MethodPut, "/v1/email/"+id, doc{"subject": "Hello"})); diff != "" {
		t.Errorf("PUT /v1/email/{id} (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, c.call(http.MethodGet, "/v1/email/"+id, nil)); diff != "" {
		t.Errorf("GET /v1/email/{id} (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]doc{want}, c.list("/v1/email")); diff != "" {
		t.Errorf("GET /v1/email (-want +got):\n%s", diff)
	}
	wantStatus(t, c.send(http.MethodPost, "/v1/email", doc{"name": "x", "editor": "mosaico"}, nil), 400, "editor")
	wantStatus(t, c.send(http.MethodPut, "/v1/email/"+id, doc{"editor": "mosaico"}, nil), 400, "editor")
}

func TestProperties(t *testing.T) {
	// The handlers' own checks, behind those of the spec (WithValidation).
	srv, c := setup(t, fake.WithValidation(false))
	created := c.call(http.MethodPost, "/v1/property", doc{"name": "Company", "shortcode": "company"})
	id := created["_id"].(string)
	want := doc{"_id": id, "_owner": srv.ClientID(), "name": "Company", "shortcode": "company"}
	if diff := cmp.Diff(want, created); diff != "" {
		t.Errorf("POST /v1/property (-want +got):\n%s", diff)
	}
	want["description"] = "employer"
	if diff := cmp.Diff(want, c.call(http.MethodPut, "/v1/property/"+id, doc{"description": "employer", "shortcode": "company"})); diff != "" {
		t.Errorf("PUT /v1/property/{id} (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]doc{want}, c.list("/v1/property")); diff != "" {
		t.Errorf("GET /v1/property (-want +got):\n%s", diff)
	}

	other := c.create("/v1/property", doc{"name": "City", "shortcode": "city"})
	wantStatus(t, c.send(http.MethodPost, "/v1/property", doc{"name": "C", "shortcode": "company"}, nil), 409, "shortcode")
	wantStatus(t, c.send(http.MethodPut, "/v1/property/"+other, doc{"shortcode": "company"}, nil), 409, "shortcode")
	wantStatus(t, c.send(http.MethodPost, "/v1/property", doc{"name": "C"}, nil), 400, "shortcode must not be empty")
}

func TestMailingListsAreSeeded(t *testing.T) {
	// The handlers' own checks, behind those of the spec (WithValidation).
	srv, c := setup(t, fake.WithValidation(false))
	if got := c.list("/v1/mailinglist"); len(got) != 0 {
		t.Fatalf("new server has mailing lists %v", got)
	}
	id := srv.PutMailingList(generated.MailingList{Name: ptr("Newsletter")})
	want := []doc{{"_id": id, "_owner": srv.ClientID(), "name": "Newsletter"}}
	if diff := cmp.Diff(want, c.list("/v1/mailinglist")); diff != "" {
		t.Errorf("GET /v1/mailinglist (-want +got):\n%s", diff)
	}
	wantStatus(t, c.send(http.MethodPost, "/v1/mailinglist", doc{"name": "x"}, nil), 405, "Method Not Allowed")
}

// TestBadInput checks the 400 and 404 answers of every operation that
// takes an id or a body.
func TestBadInput(t *testing.T) {
	// The handlers' own checks, behind those of the spec (WithValidation).
	_, c := setup(t, fake.WithValidation(false))
	ids := map[string]string{
		"list":    c.create("/v1/list", doc{"name": "L"}),
		"contact": c.create("/v1/contact", doc{"email": "a@example.com"}),
	}
	type op struct{ method, path string }
	byID := []op{
		{"GET", "/v1/campaign/%s"}, {"PUT", "/v1/campaign/%s"},
		{"GET", "/v1/contact/%s"}, {"PUT", "/v1/contact/%s"}, {"DELETE", "/v1/contact/%s"},
		{"GET", "/v1/email/%s"}, {"PUT", "/v1/email/%s"},
		{"PUT", "/v1/folder/%s"}, {"PUT", "/v1/list/%s"}, {"PUT", "/v1/property/%s"},
		{"GET", "/v1/list/%s/contact"},
		{"POST", "/v1/list/%s/contact/" + ids["contact"]}, {"DELETE", "/v1/list/%s/contact/" + ids["contact"]},
		{"POST", "/v1/list/" + ids["list"] + "/contact/%s"}, {"DELETE", "/v1/list/" + ids["list"] + "/contact/%s"},
		{"GET", "/v1/metric/campaign/%s"}, {"GET", "/v1/metric/target/%s"},
	}
	for _, o := range byID {
		t.Run(o.method+" "+o.path, func(t *testing.T) {
			c.t = t
			body := doc{}
			wantStatus(t, c.send(o.method, sprintf(o.path, "not-an-id"), body, nil), 400, "id")
			wantStatus(t, c.send(o.method, sprintf(o.path, unknownID), body, nil), 404, unknownID+" not found")
		})
	}
	withBody := []op{
		{"POST", "/v1/auth"}, {"POST", "/v1/campaign"}, {"PUT", "/v1/campaign/" + unknownID},
		{"POST", "/v1/contact"}, {"POST", "/v1/contact/upsert"}, {"PUT", "/v1/contact/" + unknownID},
		{"POST", "/v1/email"}, {"PUT", "/v1/email/" + unknownID}, {"POST", "/v1/folder"}, {"PUT", "/v1/folder/" + unknownID},
		{"POST", "/v1/list"}, {"PUT", "/v1/list/" + unknownID}, {"POST", "/v1/property"}, {"PUT", "/v1/property/" + unknownID},
	}
	for _, o := range withBody {
		t.Run(o.method+" "+o.path+" malformed body", func(t *testing.T) {
			c.t = t
			wantStatus(t, c.send(o.method, o.path, `{"name": `, nil), 400, "decode")
			wantStatus(t, c.send(o.method, o.path, `[]`, nil), 400, "decode")
		})
	}
	required := []op{{"POST", "/v1/email"}, {"POST", "/v1/folder"}, {"POST", "/v1/list"}, {"POST", "/v1/property"}}
	for _, o := range required {
		t.Run(o.method+" "+o.path+" without name", func(t *testing.T) {
			c.t = t
			wantStatus(t, c.send(o.method, o.path, doc{"description": "d"}, nil), 400, "name must not be empty")
		})
	}
	updates := []op{{"PUT", "/v1/email/%s"}, {"PUT", "/v1/folder/%s"}, {"PUT", "/v1/list/%s"}, {"PUT", "/v1/property/%s"}, {"PUT", "/v1/campaign/%s"}}
	for _, o := range updates {
		t.Run(o.method+" "+o.path+" empty name", func(t *testing.T) {
			c.t = t
			wantStatus(t, c.send(o.method, sprintf(o.path, unknownID), doc{"name": ""}, nil), 400, "name must not be empty")
		})
	}
}

func TestUnknownPathAndMethod(t *testing.T) {
	// The handlers' own checks, behind those of the spec (WithValidation).
	_, c := setup(t, fake.WithValidation(false))
	wantStatus(t, c.send(http.MethodGet, "/v1/nothing", nil, nil), 404, "Not Found")
	wantStatus(t, c.send(http.MethodGet, "/v2/contact", nil, nil), 404, "Not Found")
	res := c.send(http.MethodDelete, "/v1/list/"+unknownID, nil, nil)
	wantStatus(t, res, 405, "Method Not Allowed")
	if got, want := res.header.Get("Allow"), "PUT"; got != want {
		t.Errorf("Allow = %q, want %q", got, want)
	}
	wantStatus(t, c.send(http.MethodPatch, "/v1/contact/"+unknownID, doc{}, nil), 405, "Method Not Allowed")
}
