package facade

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"

	"github.com/leadfox-go/leadfox/pager"
	"github.com/leadfox-go/leadfox/query"
)

// itemID is the _id of item i of a mocked collection: ids increase with i.
func itemID(i int) string { return fmt.Sprintf("5f0c8a3b9d1e2a00%08x", i) }

// contactsResponder serves a collection of n contacts, sorted by _id, by
// skip and limit and by the keyset condition "_id > x".
func contactsResponder(n int) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		q := req.URL.Query()
		from, _ := strconv.Atoi(q.Get("skip"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		if _, after, ok := strings.Cut(q.Get("filters"), "_id > "); ok {
			for from < n && itemID(from) <= after {
				from++
			}
		}
		var items []string
		for i := from; i < n && i < from+limit; i++ {
			items = append(items, fmt.Sprintf(`{"_id":%q,"email":"c%d@example.com"}`, itemID(i), i))
		}
		return jsonResponse(200, "["+strings.Join(items, ",")+"]"), nil
	}
}

func emails(cs []Contact) []string {
	var out []string
	for _, c := range cs {
		out = append(out, *c.Email)
	}
	return out
}

// after is the cursor of a keyset request for the items after item i.
func after(i int) string { return "_id > " + itemID(i) }

func TestListPagination(t *testing.T) {
	sortByEmail := query.SortBy(query.Asc("email"))
	tests := []struct {
		name      string
		opts      *ListOptions
		wantFirst int
		wantCount int
		wantPages []string // sort/filters/skip/limit of each request
	}{
		{"pages of 2", &ListOptions{PageSize: 2}, 0, 5,
			[]string{"_id///2", "_id/" + after(1) + "//2", "_id/" + after(3) + "//2"}},
		{"exact multiple", &ListOptions{PageSize: 5}, 0, 5, []string{"_id///5", "_id/" + after(4) + "//5"}},
		{"max", &ListOptions{PageSize: 2, Max: 3}, 0, 3, []string{"_id///2", "_id/" + after(1) + "//1"}},
		{"offset walks by skip", &ListOptions{PageSize: 2, Offset: 3}, 3, 2, []string{"//3/2", "//5/2"}},
		{"sort walks by skip", &ListOptions{PageSize: 2, Sort: sortByEmail}, 0, 5, []string{"email///2", "email//2/2", "email//4/2"}},
		{"explicit skip/limit", &ListOptions{PageSize: 2, Paging: PagingSkipLimit}, 0, 5, []string{"///2", "//2/2", "//4/2"}},
		{"explicit keyset", &ListOptions{PageSize: 3, Paging: PagingKeyset}, 0, 5, []string{"_id///3", "_id/" + after(2) + "//3"}},
		{"prefetch", &ListOptions{PageSize: 2, Prefetch: true}, 0, 5,
			[]string{"_id///2", "_id/" + after(1) + "//2", "_id/" + after(3) + "//2"}},
		{"defaults", nil, 0, 5, []string{"_id///100"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			rec := f.on(http.MethodGet, "/v1/contact", contactsResponder(5))
			p, err := f.client.Contacts.List(tt.opts)
			noErr(t, err, "List")
			got, err := p.Collect(context.Background())
			noErr(t, err, "Collect")
			var want []string
			for i := tt.wantFirst; i < tt.wantFirst+tt.wantCount; i++ {
				want = append(want, fmt.Sprintf("c%d@example.com", i))
			}
			if diff := cmp.Diff(want, emails(got)); diff != "" {
				t.Errorf("contacts (-want +got):\n%s", diff)
			}
			var pages []string
			for _, r := range rec.seen() {
				pages = append(pages, strings.Join([]string{r.Query.Get("sort"), r.Query.Get("filters"), r.Query.Get("skip"), r.Query.Get("limit")}, "/"))
			}
			if diff := cmp.Diff(tt.wantPages, pages); diff != "" {
				t.Errorf("requests sort/filters/skip/limit (-want +got):\n%s", diff)
			}
		})
	}
}

func TestListNextPage(t *testing.T) {
	f := setup(t)
	f.on(http.MethodGet, "/v1/list/"+listID+"/contact", contactsResponder(3))
	p, err := f.client.Lists.Contacts(listID, &ListOptions{PageSize: 2})
	noErr(t, err, "Contacts")
	var sizes []int
	for {
		page, err := p.NextPage(context.Background())
		if errors.Is(err, pager.Done) {
			break
		}
		noErr(t, err, "NextPage")
		sizes = append(sizes, len(page))
	}
	if diff := cmp.Diff([]int{2, 1}, sizes); diff != "" {
		t.Errorf("page sizes (-want +got):\n%s", diff)
	}
}

// TestListStopsOnError checks that an API error ends the walk with the
// error, after the items already fetched.
func TestListStopsOnError(t *testing.T) {
	f := setup(t)
	f.on(http.MethodGet, "/v1/contact", contactsResponder(5))
	f.mock.RegisterResponderWithQuery(http.MethodGet, testBase+"/v1/contact", "sort=_id&filters=_id+%3E+"+itemID(1)+"&limit=2", respondJSON(404, `{"error":"gone"}`))
	p, err := f.client.Contacts.List(&ListOptions{PageSize: 2})
	noErr(t, err, "List")
	var got []string
	var walkErr error
	for c, err := range p.All(context.Background()) {
		if err != nil {
			walkErr = err
			break
		}
		got = append(got, *c.Email)
	}
	wantErr(t, walkErr, ErrNotFound, "All")
	if diff := cmp.Diff([]string{"c0@example.com", "c1@example.com"}, got); diff != "" {
		t.Errorf("items before the error (-want +got):\n%s", diff)
	}
}

func TestWithField(t *testing.T) {
	tests := []struct{ fields, field, want string }{
		{"", "type", ""},
		{"name", "type", "name,type"},
		{"name,type", "type", "name,type"},
		{"type", "type", "type"},
		{"name,typed", "type", "name,typed,type"},
		{"name", "", "name"},
	}
	for _, tt := range tests {
		if got := withField(tt.fields, tt.field); got != tt.want {
			t.Errorf("withField(%q, %q) = %q, want %q", tt.fields, tt.field, got, tt.want)
		}
	}
}

// TestListRejectsOptions checks the ListOptions refused before any
// request.
func TestListRejectsOptions(t *testing.T) {
	byName := query.SortBy(query.Asc("name"))
	tests := []struct {
		name string
		opts ListOptions
		want string
	}{
		{"page size above the maximum", ListOptions{PageSize: MaxPageSize + 1}, "ListOptions.PageSize"},
		{"unknown paging", ListOptions{Paging: 9}, "ListOptions.Paging"},
		{"keyset with a sort", ListOptions{Paging: PagingKeyset, Sort: byName}, "ListOptions.Sort"},
		{"keyset with an offset", ListOptions{Paging: PagingKeyset, Offset: 2}, "ListOptions.Offset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			rec := f.on(http.MethodGet, "/v1/contact", contactsResponder(5))
			_, err := f.client.Contacts.List(&tt.opts)
			wantErr(t, err, ErrInvalidArgument, "List")
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %s", err, tt.want)
			}
			if n := len(rec.seen()); n != 0 {
				t.Errorf("requests = %d, want 0", n)
			}
		})
	}
	f := setup(t)
	f.on(http.MethodGet, "/v1/contact", contactsResponder(5))
	if _, err := f.client.Contacts.List(&ListOptions{PageSize: MaxPageSize}); err != nil {
		t.Errorf("List(PageSize: MaxPageSize) = %v, want no error", err)
	}
}

// TestListKeysetNeedsID checks that a keyset walk over items without
// _id fails with an error saying so, instead of guessing a cursor.
func TestListKeysetNeedsID(t *testing.T) {
	f := setup(t)
	f.on(http.MethodGet, "/v1/contact", respondJSON(200, `[{"email":"a@example.com"}]`))
	p, err := f.client.Contacts.List(nil)
	noErr(t, err, "List")
	_, err = p.Collect(context.Background())
	if err == nil || !strings.Contains(err.Error(), "no key (an _id)") {
		t.Errorf("Collect() error = %v, want one saying the item has no _id", err)
	}
}

// A prefetching walk refuses WithResponseInto before any request: after
// a break the page fetched ahead finishes in the background and would
// write the Response while the caller reads it.
func TestListPrefetchRefusesResponseInto(t *testing.T) {
	f := setup(t)
	rec := f.on(http.MethodGet, "/v1/contact", contactsResponder(5))
	var resp Response
	_, err := f.client.Contacts.List(&ListOptions{Prefetch: true}, WithResponseInto(&resp))
	if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "Prefetch") {
		t.Errorf("List with Prefetch and WithResponseInto: %v, want ErrInvalidArgument naming Prefetch", err)
	}
	if n := len(rec.seen()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
	if _, err := f.client.Contacts.List(nil, WithResponseInto(&resp)); err != nil {
		t.Errorf("List without Prefetch and WithResponseInto: %v", err)
	}
}
