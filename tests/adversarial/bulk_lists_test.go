package adversarial

import (
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/query"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// bulkIDs stores n contacts in srv, without a request, and returns their
// ids in row order.
func bulkIDs(srv *fake.Server, n int) []string {
	cs := make([]facade.Contact, n)
	for i := range cs {
		cs[i] = facade.Contact{Email: facade.Ptr(bulkEmail(i))}
	}
	return srv.InsertContacts(cs)
}

// bulkCountContacts counts the contacts of list id, failing the test on
// error.
func bulkCountContacts(t *testing.T, c *facade.Client, id string) int {
	t.Helper()
	n, err := c.Lists.CountContacts(t.Context(), id, nil)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Adding and removing many contacts to a list, and counting them with a
// projection of _id and the largest page.
func TestBulkListMembershipAndCount(t *testing.T) {
	srv, c := bulkSetup(t, nil)
	ids := bulkIDs(srv, 1200)
	l, err := c.Lists.Create(t.Context(), &facade.ListCreate{Name: "bulk"})
	if err != nil {
		t.Fatal(err)
	}
	listID := *l.ID

	rows := slices.Values(append(slices.Clone(ids), "not-an-id"))
	add, err := c.Lists.AddContacts(listID, rows, &facade.BulkOptions{Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	for r := range add.Results(t.Context()) {
		if (r.Err != nil) != (r.Index == len(ids)) {
			t.Errorf("add row %d (%s): %v", r.Index, r.Input, r.Err)
		}
	}
	if tot := add.Totals(); tot.Succeeded != len(ids) || tot.Failed != 1 || !tot.Complete {
		t.Errorf("AddContacts totals = %+v", tot)
	}

	before := len(srv.Requests())
	if got := bulkCountContacts(t, c, listID); got != len(ids) {
		t.Errorf("CountContacts = %d, want %d", got, len(ids))
	}
	pages := srv.Requests()[before:]
	if len(pages) != 2 {
		t.Errorf("CountContacts of %d sent %d requests, want 2 pages of up to 1000", len(ids), len(pages))
	}
	for _, p := range pages {
		if p.Query.Get("fields") != "_id" || p.Query.Get("limit") != "1000" {
			t.Errorf("CountContacts sent %s?%s, want fields=_id and limit=1000", p.Path, p.Query.Encode())
		}
	}

	const removed = 400
	remove, err := c.Lists.RemoveContacts(listID, slices.Values(ids[:removed]), nil)
	if err != nil {
		t.Fatal(err)
	}
	for r := range remove.Results(t.Context()) {
		if r.Err != nil {
			t.Errorf("remove row %d: %v", r.Index, r.Err)
		}
	}
	if got := bulkCountContacts(t, c, listID); got != len(ids)-removed {
		t.Errorf("CountContacts after removing %d = %d, want %d", removed, got, len(ids)-removed)
	}

	n, err := c.Contacts.Count(t.Context(), &facade.ListOptions{Filter: query.And(query.Eq("email", bulkEmail(7)))})
	if err != nil || n != 1 {
		t.Errorf("Count of one email = %d, %v, want 1", n, err)
	}
	if _, err := c.Contacts.Count(t.Context(), &facade.ListOptions{Max: -1}); !errors.Is(err, facade.ErrInvalidArgument) {
		t.Errorf("Count with Max -1: %v, want ErrInvalidArgument", err)
	}
	if _, err := c.Lists.CountContacts(t.Context(), "nope", nil); !errors.Is(err, facade.ErrInvalidArgument) {
		t.Errorf("CountContacts with a bad list id: %v, want ErrInvalidArgument", err)
	}
	if srv.CountRequests(http.MethodGet, "/v1/contact") == 0 {
		t.Errorf("Count sent no request")
	}
}
