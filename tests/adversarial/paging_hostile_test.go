package adversarial

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/pager"
	"github.com/leadfox-go/leadfox/query"
)

// pagingIgnoreSkip makes the server ignore skip.
func pagingIgnoreSkip(_ http.ResponseWriter, r *http.Request) bool {
	pagingEditQuery(r, func(q url.Values) { q.Del("skip") })
	return false
}

// pagingIgnoreCursor makes the server ignore the "_id > x" condition,
// and honour the rest of the filter and the sort.
func pagingIgnoreCursor(_ http.ResponseWriter, r *http.Request) bool {
	pagingEditQuery(r, func(q url.Values) {
		var kept []string
		for c := range strings.SplitSeq(q.Get("filters"), ",") {
			if c != "" && !strings.HasPrefix(c, "_id > ") {
				kept = append(kept, c)
			}
		}
		q.Del("filters")
		if len(kept) > 0 {
			q.Set("filters", strings.Join(kept, ","))
		}
	})
	return false
}

// pagingRefuseCursor answers a filter on _id with a 400.
func pagingRefuseCursor(w http.ResponseWriter, r *http.Request) bool {
	if !strings.Contains(r.URL.Query().Get("filters"), "_id >") {
		return false
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte(`{"error":"unknown field _id in filters"}`))
	return true
}

func pagingEditQuery(r *http.Request, edit func(url.Values)) {
	q := r.URL.Query()
	edit(q)
	r.URL.RawQuery = q.Encode()
}

// TestPagingSkipIgnored walks by skip/limit (an explicit Sort) a server
// that ignores skip: the walk must end with an error after the second
// page, not loop on the first one.
func TestPagingSkipIgnored(t *testing.T) {
	e := pagingSetup(t, pagingIgnoreSkip)
	e.seed(250)
	p, err := e.client.Contacts.List(&facade.ListOptions{Sort: query.SortBy(query.Asc("email"))})
	if err != nil {
		t.Fatal(err)
	}
	items, err := p.Collect(e.ctx)
	if err == nil || e.ctx.Err() != nil {
		t.Fatalf("Collect = %d items, %v after %d requests; want an error before the request cap", len(items), err, e.lists.Load())
	}
	if !errors.Is(err, pager.ErrSkipIgnored) {
		t.Errorf("error = %v, want one matching pager.ErrSkipIgnored", err)
	}
	if got := e.lists.Load(); got != 2 {
		t.Errorf("collection requests = %d, want 2 (the page, and the same page again)", got)
	}
	if len(items) != 100 {
		t.Errorf("items before the error = %d, want the 100 of the first page", len(items))
	}
	pagingNoDuplicates(t, pagingIDs(t, items))
}

// TestPagingCursorIgnoredFallsBack walks, with the default options, a
// server that ignores "_id >": the walk must fall back to skip/limit
// with one warning, yield each of the 250 contacts once, and the Client
// must go by skip/limit at once afterwards.
func TestPagingCursorIgnoredFallsBack(t *testing.T) {
	for _, tt := range []struct {
		name    string
		hostile pagingHostile
	}{{"ignored", pagingIgnoreCursor}, {"refused with 400", pagingRefuseCursor}} {
		t.Run(tt.name, func(t *testing.T) {
			e := pagingSetup(t, tt.hostile)
			want := e.seed(250)
			for walk := range 2 {
				p, err := e.client.Contacts.List(nil)
				if err != nil {
					t.Fatal(err)
				}
				items, err := p.Collect(e.ctx)
				if err != nil {
					t.Fatalf("walk %d: Collect: %v", walk, err)
				}
				if got := pagingIDs(t, items); !slices.Equal(got, want) {
					pagingNoDuplicates(t, got)
					t.Fatalf("walk %d: yielded %d contacts, want the %d seeded, in _id order", walk, len(got), len(want))
				}
			}
			if got := e.logs.CountMessages(slog.LevelWarn, "falling back to skip/limit"); got != 1 {
				t.Errorf("fallback warnings = %d, want 1 (the second walk starts by skip/limit)", got)
			}
			queries := e.query()
			second := queries[len(queries)-3:] // 100 + 100 + 50
			for _, q := range second {
				if strings.Contains(q, "_id+%3E") || !strings.Contains(q, "sort=_id") {
					t.Errorf("second walk sent %q; want skip/limit sorted by _id, no cursor", q)
				}
			}
		})
	}
}

// TestPagingExplicitKeysetFails walks a server that ignores "_id >" with
// PagingKeyset: the walk must end with a clear error, after the first
// page, without a repeat.
func TestPagingExplicitKeysetFails(t *testing.T) {
	e := pagingSetup(t, pagingIgnoreCursor)
	e.seed(250)
	p, err := e.client.Contacts.List(&facade.ListOptions{Paging: facade.PagingKeyset})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	var walkErr error
	for c, err := range p.All(e.ctx) {
		if err != nil {
			walkErr = err
			break
		}
		ids = append(ids, *c.ID)
	}
	if !errors.Is(walkErr, pager.ErrKeysetUnsupported) {
		t.Fatalf("walk error = %v, want one matching pager.ErrKeysetUnsupported", walkErr)
	}
	pagingNoDuplicates(t, ids)
	if len(ids) != 100 || e.lists.Load() != 2 {
		t.Errorf("yielded %d items in %d requests, want 100 in 2", len(ids), e.lists.Load())
	}
	if got := e.logs.CountMessages(slog.LevelWarn, "falling back"); got != 0 {
		t.Errorf("fallback warnings = %d, want none: an explicit keyset walk does not fall back", got)
	}
}

// TestPagingPageSizeAboveMax checks that a page size above the maximum
// is refused before any request.
func TestPagingPageSizeAboveMax(t *testing.T) {
	e := pagingSetup(t, nil)
	e.seed(3)
	p, err := e.client.Contacts.List(&facade.ListOptions{PageSize: 1001})
	if err == nil {
		_, err = p.Collect(e.ctx)
		t.Fatalf("List(PageSize 1001) = nil error (walk: %v, %d requests), want ErrInvalidArgument", err, e.lists.Load())
	}
	if !errors.Is(err, facade.ErrInvalidArgument) || !strings.Contains(err.Error(), "PageSize") {
		t.Errorf("error = %v, want ErrInvalidArgument naming PageSize", err)
	}
	if got := e.lists.Load(); got != 0 {
		t.Errorf("requests = %d, want 0", got)
	}
}

// TestPagingOffsetNearMaxInt walks from an Offset just below
// math.MaxInt a server that answers every skip with a full page of new
// items: the position must never wrap (no negative skip is sent), and
// the walk must end with an error once it cannot go further.
func TestPagingOffsetNearMaxInt(t *testing.T) {
	e := pagingSetup(t, func(w http.ResponseWriter, r *http.Request) bool {
		q := r.URL.Query()
		skip, _ := strconv.ParseInt(q.Get("skip"), 10, 64)
		limit, _ := strconv.Atoi(q.Get("limit"))
		items := make([]string, limit)
		for i := range items {
			items[i] = fmt.Sprintf(`{"_id":"%024x"}`, uint64(skip)+uint64(i))
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("[" + strings.Join(items, ",") + "]"))
		return true
	})
	p, err := e.client.Contacts.List(&facade.ListOptions{Offset: math.MaxInt - 150})
	if err != nil {
		t.Fatal(err)
	}
	items, err := p.Collect(e.ctx)
	if err == nil || e.ctx.Err() != nil {
		t.Errorf("Collect = %d items, %v; want an error before the request cap", len(items), err)
	}
	for _, raw := range e.query() {
		q, _ := url.ParseQuery(raw)
		if skip, perr := strconv.ParseInt(q.Get("skip"), 10, 64); perr != nil || skip < 0 {
			t.Errorf("request with skip %q: the position wrapped (negative, or dropped and so back to 0)", q.Get("skip"))
		}
	}
	if len(items) != 200 {
		t.Errorf("items = %d, want 200 (two pages, then no position left)", len(items))
	}
}

// TestPagingOversizePageCut walks a server that sends twice the limit it
// was asked for: each page must be cut to the limit, with a warning, and
// every contact yielded once.
func TestPagingOversizePageCut(t *testing.T) {
	e := pagingSetup(t, func(_ http.ResponseWriter, r *http.Request) bool {
		pagingEditQuery(r, func(q url.Values) {
			limit, _ := strconv.Atoi(q.Get("limit"))
			q.Set("limit", strconv.Itoa(2*limit))
		})
		return false
	})
	want := e.seed(250)
	for _, opts := range []*facade.ListOptions{nil, {Sort: query.SortBy(query.Asc("email"))}} {
		p, err := e.client.Contacts.List(opts)
		if err != nil {
			t.Fatal(err)
		}
		items, err := p.Collect(e.ctx)
		if err != nil {
			t.Fatalf("Collect: %v", err)
		}
		if got := pagingIDs(t, items); !slices.Equal(got, want) {
			pagingNoDuplicates(t, got)
			t.Errorf("yielded %d contacts, want the %d seeded once each", len(got), len(want))
		}
	}
	if got := e.logs.CountMessages(slog.LevelWarn, "longer than the limit"); got != 4 {
		t.Errorf("warnings of a cut page = %d, want 4 (pages of 200 and 150 cut to 100, in each of 2 walks)", got)
	}
}
