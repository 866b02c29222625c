package fake_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/tests/fake"
)

func TestListMembershipBothWays(t *testing.T) {
	clk := newClock()
	_, c := setup(t, fake.WithClock(clk))
	list := c.create("/v1/list", doc{"name": "Customers"})
	other := c.create("/v1/list", doc{"name": "Leads"})
	ada := c.create("/v1/contact", doc{"email": "ada@example.com"})
	bob := c.create("/v1/contact", doc{"email": "bob@example.com"})

	c.addToList(list, ada)
	clk.Advance(time.Minute)
	c.addToList(other, ada)
	c.addToList(list, bob)

	wantLists := []any{
		doc{"list": list, "time": "2024-03-01T12:00:00Z"},
		doc{"list": other, "time": "2024-03-01T12:01:00Z"},
	}
	if diff := cmp.Diff(wantLists, c.call(http.MethodGet, "/v1/contact/"+ada, nil)["lists"]); diff != "" {
		t.Errorf("contact lists (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]any{ada, bob}, field(c.list("/v1/list/"+list+"/contact"), "_id")); diff != "" {
		t.Errorf("list contacts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]any{ada}, field(c.list("/v1/contact", "filters", "lists.list = "+other), "_id")); diff != "" {
		t.Errorf("filters lists.list (-want +got):\n%s", diff)
	}

	wantStatus(t, c.send(http.MethodDelete, "/v1/list/"+list+"/contact/"+ada, nil, nil), http.StatusNoContent, "")
	if diff := cmp.Diff([]any{bob}, field(c.list("/v1/list/"+list+"/contact"), "_id")); diff != "" {
		t.Errorf("list contacts after remove (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantLists[1:], c.call(http.MethodGet, "/v1/contact/"+ada, nil)["lists"]); diff != "" {
		t.Errorf("contact lists after remove (-want +got):\n%s", diff)
	}
}

func TestAddToListIsIdempotent(t *testing.T) {
	clk := newClock()
	_, c := setup(t, fake.WithClock(clk))
	list := c.create("/v1/list", doc{"name": "L"})
	id := c.create("/v1/contact", doc{"email": "ada@example.com"})
	c.addToList(list, id)
	want := c.call(http.MethodGet, "/v1/contact/"+id, nil)

	clk.Advance(time.Minute)
	c.addToList(list, id)
	if diff := cmp.Diff(want, c.call(http.MethodGet, "/v1/contact/"+id, nil)); diff != "" {
		t.Errorf("second add changed the contact (-before +after):\n%s", diff)
	}
}

func TestRemoveFromListWhenNotMember(t *testing.T) {
	_, c := setup(t)
	list := c.create("/v1/list", doc{"name": "L"})
	id := c.create("/v1/contact", doc{"email": "ada@example.com"})
	want := c.call(http.MethodGet, "/v1/contact/"+id, nil)

	wantStatus(t, c.send(http.MethodDelete, "/v1/list/"+list+"/contact/"+id, nil, nil), http.StatusNoContent, "")
	if diff := cmp.Diff(want, c.call(http.MethodGet, "/v1/contact/"+id, nil)); diff != "" {
		t.Errorf("remove changed the contact (-before +after):\n%s", diff)
	}
}

func TestMembershipErrors(t *testing.T) {
	// The handlers' own checks, behind those of the spec (WithValidation).
	_, c := setup(t, fake.WithValidation(false))
	list := c.create("/v1/list", doc{"name": "L"})
	id := c.create("/v1/contact", doc{"email": "ada@example.com"})
	tests := []struct {
		name, list, contact string
		status              int
		msg                 string
	}{
		{"unknown list", unknownID, id, 404, "list " + unknownID + " not found"},
		{"unknown contact", list, unknownID, 404, "contact " + unknownID + " not found"},
		{"bad list id", "x", id, 400, "invalid list id"},
		{"bad contact id", list, "x", 400, "invalid contact id"},
	}
	for _, tt := range tests {
		for _, method := range []string{http.MethodPost, http.MethodDelete} {
			t.Run(tt.name+"/"+method, func(t *testing.T) {
				c.t = t
				wantStatus(t, c.send(method, "/v1/list/"+tt.list+"/contact/"+tt.contact, nil, nil), tt.status, tt.msg)
			})
		}
	}
	c.t = t
	wantStatus(t, c.send(http.MethodGet, "/v1/list/"+unknownID+"/contact", nil, nil), 404, "not found")
	wantStatus(t, c.send(http.MethodGet, "/v1/list/x/contact", nil, nil), 400, "invalid list id")
}

func TestListContactsTakesCollectionQuery(t *testing.T) {
	_, c := setup(t)
	list := c.create("/v1/list", doc{"name": "L"})
	for _, email := range []string{"c@example.com", "a@example.com", "b@example.com", "d@example.com"} {
		id := c.create("/v1/contact", doc{"email": email})
		if email != "d@example.com" {
			c.addToList(list, id)
		}
	}
	got := c.list("/v1/list/"+list+"/contact", "filters", "email != b@example.com", "sort", "email", "fields", "email", "limit", "1", "skip", "1")
	if diff := cmp.Diff([]any{"c@example.com"}, field(got, "email")); diff != "" {
		t.Errorf("page (-want +got):\n%s", diff)
	}
	if _, ok := got[0]["lists"]; ok {
		t.Errorf("fields=email returned lists: %v", got[0])
	}
	wantStatus(t, c.send(http.MethodGet, "/v1/list/"+list+"/contact", nil, urlValues("limit", "0")), 400, "limit")
}

func TestListsCreateAndUpdate(t *testing.T) {
	srv, c := setup(t)
	created := c.call(http.MethodPost, "/v1/list", doc{"name": "Customers", "description": "paying"})
	id := created["_id"].(string)
	want := doc{"_id": id, "_owner": srv.ClientID(), "name": "Customers", "description": "paying"}
	if diff := cmp.Diff(want, created); diff != "" {
		t.Errorf("POST /v1/list (-want +got):\n%s", diff)
	}
	want["description"] = "all of them"
	if diff := cmp.Diff(want, c.call(http.MethodPut, "/v1/list/"+id, doc{"description": "all of them"})); diff != "" {
		t.Errorf("PUT /v1/list/{id} (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]doc{want}, c.list("/v1/list")); diff != "" {
		t.Errorf("GET /v1/list (-want +got):\n%s", diff)
	}
}
