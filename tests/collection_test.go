package tests

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/pager"
	"github.com/leadfox-go/leadfox/query"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// person is a contact of the population as the test knows it: what it
// stored, in plain Go, to compute query results without the SDK.
type person struct {
	id, email                 string
	company, score, lifecycle string // "" when the contact has none
	subscribed                *bool  // nil when the contact has none
	created                   time.Time
	lists                     []string // ids of the lists it is in, in order
}

// The contacts of a population are created createdStep apart from
// populationStart on.
var (
	populationStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	createdStep     = 97 * time.Minute
)

// population is n contacts with varied properties, subscription, creation
// dates (distinct, in an order unrelated to insertion) and list
// memberships, made from a fixed seed.
func population(n int, lists [3]string) []person {
	rng := rand.New(rand.NewPCG(6, 2026))
	companies := []string{"Acme Inc.", "ACME", "Globex", "Acme", "acme inc."} // near misses too
	lifecycles := []string{"lead", "customer", "churned"}
	order := rng.Perm(n)
	people := make([]person, n)
	for i := range people {
		p := person{email: fmt.Sprintf("contact%05d@example.com", i), created: populationStart.Add(time.Duration(order[i]) * createdStep)}
		if rng.IntN(10) > 0 {
			p.company = companies[rng.IntN(len(companies))]
		}
		if rng.IntN(20) > 0 {
			p.score = fmt.Sprintf("%03d", rng.IntN(100)) // strings, as every property: padded to sort as numbers
		}
		if rng.IntN(10) > 2 {
			p.lifecycle = lifecycles[rng.IntN(len(lifecycles))]
		}
		if rng.IntN(10) > 0 {
			p.subscribed = facade.Ptr(rng.IntN(100) < 85)
		}
		for j, share := range []int{80, 30, 20} {
			if rng.IntN(100) < share {
				p.lists = append(p.lists, lists[j])
			}
		}
		people[i] = p
	}
	return people
}

// contact returns p as the fake stores it.
func (p person) contact() facade.Contact {
	c := facade.Contact{Email: facade.Ptr(p.email), Name: facade.Ptr(strings.TrimSuffix(p.email, "@example.com")),
		Properties: facade.PropertyValues{"firstname": facade.PropertyString("Contact")}, Subscribed: p.subscribed, Created: facade.Ptr(p.created)}
	if p.company != "" {
		c.Properties["company"] = facade.PropertyString(p.company)
	}
	if p.score != "" {
		c.Properties["score"] = facade.PropertyString(p.score)
	}
	if p.lifecycle != "" {
		c.Lifecycle = facade.Ptr(p.lifecycle)
	}
	for _, l := range p.lists {
		c.Lists = append(c.Lists, facade.ContactListMembership{ListID: facade.Ptr(l), Time: facade.Ptr(p.created.Add(time.Hour))})
	}
	return c
}

// projected returns p as the projection on email, properties.company,
// created and lists.list returns it.
func (p person) projected(owner string) facade.Contact {
	c := facade.Contact{ID: facade.Ptr(p.id), Owner: facade.Ptr(owner), Email: facade.Ptr(p.email),
		Created: facade.Ptr(p.created)}
	if p.company != "" {
		c.Properties = facade.PropertyValues{"company": facade.PropertyString(p.company)}
	}
	for _, l := range p.lists {
		c.Lists = append(c.Lists, facade.ContactListMembership{ListID: facade.Ptr(l)})
	}
	return c
}

// collection is a fake server holding the population, and the query the
// tests walk it with.
type collection struct {
	srv    *fake.Server
	client *facade.Client
	people []person
	lists  [3]string
	opts   facade.ListOptions // filter, sort and projection; no paging
	// from and to bound the filter's date comparison.
	from, to time.Time
}

// setupCollection stores n contacts in a fake server, in three lists.
func setupCollection(t *testing.T, n int) *collection {
	t.Helper()
	srv, c := setup(t)
	// The date bounds keep the creation dates from 23 % to 82 % of the way.
	from, to := time.Duration(n*23/100), time.Duration(n*82/100)
	col := &collection{srv: srv, client: c, from: populationStart.Add(from * createdStep), to: populationStart.Add(to * createdStep)}
	for i := range col.lists {
		col.lists[i] = srv.PutList(facade.List{Name: facade.Ptr(fmt.Sprintf("List %d", i))})
	}
	col.people = population(n, col.lists)
	for i, p := range col.people {
		if p.created.Equal(col.from) || p.created.Equal(col.to) {
			// Matching but for the date, they show whether each bound is inclusive.
			col.people[i].company, col.people[i].score, col.people[i].lifecycle = "ACME", "099", ""
			col.people[i].subscribed, col.people[i].lists = facade.Ptr(true), col.lists[:1]
		}
	}
	contacts := make([]facade.Contact, n)
	for i, p := range col.people {
		contacts[i] = p.contact()
	}
	for i, id := range srv.InsertContacts(contacts) {
		col.people[i].id = id
	}
	col.opts = facade.ListOptions{
		Filter: col.filter().And(query.Eq("lists.list", col.lists[0])),
		Sort:   query.SortBy(query.Desc("properties.score"), query.Asc("created")),
		Fields: query.Select("email", "properties.company", "created", "lists.list"),
	}
	return col
}

// filter is the filter of col.opts but its condition on list membership.
func (col *collection) filter() query.Filter {
	return query.And(
		query.Eq("properties.company", "Acme Inc.", "ACME", "Globex"),
		query.Ge("properties.score", "030"),
		query.Eq("subscribed", true),
		query.Ge("created", col.from),
		query.Lt("created", col.to),
		query.Ne("lifecycle", "customer"),
	)
}

// matches reports whether p satisfies the filter of col.opts, read as the
// API documents it: exact, case-sensitive matches; strings compared as
// strings; a missing field is not equal, so it satisfies "!=".
func (col *collection) matches(p person) bool {
	return slices.Contains([]string{"Acme Inc.", "ACME", "Globex"}, p.company) &&
		p.score != "" && p.score >= "030" &&
		p.subscribed != nil && *p.subscribed &&
		!p.created.Before(col.from) && p.created.Before(col.to) &&
		p.lifecycle != "customer" &&
		slices.Contains(p.lists, col.lists[0])
}

// want returns the contacts col.opts selects, in its order, projected.
func (col *collection) want() []facade.Contact {
	var sel []person
	for _, p := range col.people {
		if col.matches(p) {
			sel = append(sel, p)
		}
	}
	slices.SortStableFunc(sel, func(a, b person) int {
		if n := strings.Compare(b.score, a.score); n != 0 {
			return n
		}
		return a.created.Compare(b.created)
	})
	out := make([]facade.Contact, len(sel))
	for i, p := range sel {
		out[i] = p.projected(col.srv.ClientID())
	}
	return out
}

// TestWalkManyContacts walks 4,000 contacts with a filter (=, OR, >=, <,
// !=, a boolean, dotted paths, dates), a two-key sort and a projection,
// page by page, and compares every item with the result computed in plain
// Go from what was stored.
func TestWalkManyContacts(t *testing.T) {
	const population, pageSize = 4_000, 100
	col := setupCollection(t, population)
	all := col.want()
	n := len(all)
	if n < 3*pageSize || n > population/2 {
		t.Fatalf("the filter selects %d of %d contacts; the test needs several pages and a selective filter", n, population)
	}
	t.Logf("the filter selects %d of %d contacts", n, population)
	inList := func(opts *facade.ListOptions) (*pager.Pager[facade.Contact], error) {
		o := *opts
		o.Filter = col.filter() // the path selects the list
		return col.client.Lists.Contacts(col.lists[0], &o)
	}
	tests := []struct {
		name         string
		list         func(*facade.ListOptions) (*pager.Pager[facade.Contact], error) // nil: Contacts.List
		paging       facade.ListOptions
		want         []facade.Contact
		wantRequests int
	}{
		{"every page", nil, facade.ListOptions{PageSize: pageSize}, all, n/pageSize + 1},
		{"every page, prefetched", nil, facade.ListOptions{PageSize: pageSize, Prefetch: true}, all, n/pageSize + 1},
		{"offset and max, prefetched", nil, facade.ListOptions{PageSize: pageSize, Offset: 37, Max: 250, Prefetch: true}, all[37:287], 3},
		{"max past the end", nil, facade.ListOptions{PageSize: pageSize, Max: n + 50}, all, n/pageSize + 1},
		{"offset past the end", nil, facade.ListOptions{PageSize: pageSize, Offset: n + 10}, nil, 1},
		{"one page of exactly every item", nil, facade.ListOptions{PageSize: n, Prefetch: true}, all, 2},
		{"the list's contacts, prefetched", inList, facade.ListOptions{PageSize: pageSize, Prefetch: true}, all, n/pageSize + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := col.opts
			opts.PageSize, opts.Offset, opts.Max, opts.Prefetch = tt.paging.PageSize, tt.paging.Offset, tt.paging.Max, tt.paging.Prefetch
			list, path := tt.list, "/v1/list/"
			if list == nil {
				list, path = func(o *facade.ListOptions) (*pager.Pager[facade.Contact], error) {
					return col.client.Contacts.List(o)
				}, "/v1/contact"
			}
			before := col.srv.CountRequests("GET", path)
			p, err := list(&opts)
			got := collect(t, p, err)
			if diff := cmp.Diff(ids(tt.want), ids(got)); diff != "" {
				t.Fatalf("ids walked (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("contacts walked (-want +got):\n%s", diff)
			}
			if got, want := col.srv.CountRequests("GET", path)-before, tt.wantRequests; got != want {
				t.Errorf("GET %s requests = %d, want %d", path, got, want)
			}
		})
	}
}

// ids returns the ids of contacts, in order.
func ids(contacts []facade.Contact) []string {
	out := make([]string, len(contacts))
	for i, c := range contacts {
		if c.ID != nil {
			out[i] = *c.ID
		}
	}
	return out
}
