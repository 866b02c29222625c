package pager_test

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/internal/testsupport"
	"github.com/leadfox-go/leadfox/pager"
)

// request is a fetch as a keyset-aware collection saw it.
type request struct {
	Keyset bool
	After  string
	Skip   int
	Limit  int
}

// recorder wraps fetch and records every request.
type recorder struct {
	mu   sync.Mutex
	reqs []request
}

func (r *recorder) wrap(fetch pager.FetchFunc[int]) pager.FetchFunc[int] {
	return func(ctx context.Context, req pager.Request) (pager.Page[int], error) {
		r.mu.Lock()
		r.reqs = append(r.reqs, request{req.Keyset, req.After, req.Skip, req.Limit})
		r.mu.Unlock()
		return fetch(ctx, req)
	}
}

func (r *recorder) requests() []request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]request(nil), r.reqs...)
}

// ignoreCursor serves the collection as if After were always "": the
// server ignores the keyset condition (but honours skip and sorts).
func ignoreCursor(c *collection) pager.FetchFunc[int] {
	return func(ctx context.Context, req pager.Request) (pager.Page[int], error) {
		req.After = ""
		return c.fetch(ctx, req)
	}
}

func TestKeysetWalk(t *testing.T) {
	modes(t, func(t *testing.T, prefetch bool) {
		var rec recorder
		p := mustNew(t, rec.wrap(newCollection(25).fetch), pager.Options{Mode: pager.Keyset, PageSize: 10, Prefetch: prefetch})
		if got := collect(t, p.All(context.Background())); !cmp.Equal(got, ints(0, 25)) {
			t.Errorf("All() = %v, want 0..24", got)
		}
		want := []request{{true, "", 0, 10}, {true, key(9), 0, 10}, {true, key(19), 0, 10}}
		if diff := cmp.Diff(want, rec.requests()); diff != "" {
			t.Errorf("requests (-want +got):\n%s", diff)
		}
	})
}

func TestKeysetFallback(t *testing.T) {
	var rec recorder
	logs := &testsupport.LogRecorder{}
	var reasons []error
	p := mustNew(t, rec.wrap(ignoreCursor(newCollection(25))), pager.Options{
		Mode: pager.KeysetFallback, PageSize: 10, Logger: slog.New(logs),
		OnFallback: func(err error) { reasons = append(reasons, err) },
	})
	for walk := range 2 {
		if got := collect(t, p.All(context.Background())); !cmp.Equal(got, ints(0, 25)) {
			t.Errorf("walk %d: All() = %v, want 0..24 once each", walk, got)
		}
	}
	want := []request{
		{true, "", 0, 10}, {true, key(9), 0, 10}, // the cursor is ignored: page 0..9 again
		{false, "", 10, 10}, {false, "", 20, 10}, // skip/limit from where the walk stands
		{false, "", 0, 10}, {false, "", 10, 10}, {false, "", 20, 10}, // the Pager remembers
	}
	if diff := cmp.Diff(want, rec.requests()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	if len(reasons) != 1 || !errors.Is(reasons[0], pager.ErrKeysetUnsupported) {
		t.Errorf("OnFallback reasons = %v, want one matching ErrKeysetUnsupported", reasons)
	}
	if got := logs.CountMessages(slog.LevelWarn, "falling back"); got != 1 {
		t.Errorf("fallback warnings = %d, want 1", got)
	}
}

func TestKeysetFallbackOnRefusal(t *testing.T) {
	c := newCollection(15)
	fetch := func(ctx context.Context, req pager.Request) (pager.Page[int], error) {
		if req.After != "" {
			return pager.Page[int]{}, errors.Join(pager.ErrKeysetUnsupported, errors.New("400"))
		}
		return c.fetch(ctx, req)
	}
	p := mustNew(t, fetch, pager.Options{Mode: pager.KeysetFallback, PageSize: 10})
	if got := collect(t, p.All(context.Background())); !cmp.Equal(got, ints(0, 15)) {
		t.Errorf("All() = %v, want 0..14", got)
	}
	strict := mustNew(t, fetch, pager.Options{Mode: pager.Keyset, PageSize: 10})
	_, err := strict.Collect(context.Background())
	if !errors.Is(err, pager.ErrKeysetUnsupported) {
		t.Errorf("Keyset Collect() error = %v, want ErrKeysetUnsupported", err)
	}
}

func TestKeysetStrictFails(t *testing.T) {
	p := mustNew(t, ignoreCursor(newCollection(25)), pager.Options{Mode: pager.Keyset, PageSize: 10})
	got, err := p.Collect(context.Background())
	if !errors.Is(err, pager.ErrKeysetUnsupported) {
		t.Fatalf("Collect() error = %v, want ErrKeysetUnsupported", err)
	}
	if !cmp.Equal(got, ints(0, 10)) {
		t.Errorf("items before the error = %v, want the first page only", got)
	}
}

func TestKeysetFallbackNeedsKeyOrder(t *testing.T) {
	// A server that sorts by nothing: keys come in any order.
	fetch := func(_ context.Context, req pager.Request) (pager.Page[int], error) {
		items := []int{3, 1, 2}
		return pager.Page[int]{Items: items, IDs: []string{key(3), key(1), key(2)}}, nil
	}
	p := mustNew(t, fetch, pager.Options{Mode: pager.KeysetFallback, PageSize: 3})
	got, err := p.Collect(context.Background())
	if err == nil || !strings.Contains(err.Error(), "not in key order") || len(got) != 0 {
		t.Errorf("Collect() = %v, %v; want nothing and an error saying the collection is not in key order", got, err)
	}
}

func TestKeysetNeedsKeys(t *testing.T) {
	fetch := func(_ context.Context, req pager.Request) (pager.Page[int], error) {
		return pager.Page[int]{Items: []int{1, 2}, IDs: []string{key(1), ""}}, nil
	}
	_, err := mustNew(t, fetch, pager.Options{Mode: pager.KeysetFallback}).Collect(context.Background())
	if err == nil || !strings.Contains(err.Error(), "item 1 of the page has no key") {
		t.Errorf("Collect() error = %v, want one naming the item without a key", err)
	}
}

func TestSkipIgnoredEndsWalk(t *testing.T) {
	for _, mode := range []pager.Mode{pager.SkipLimit, pager.KeysetFallback} {
		t.Run(mode.String(), func(t *testing.T) {
			c := newCollection(100)
			var rec recorder
			fetch := rec.wrap(func(ctx context.Context, req pager.Request) (pager.Page[int], error) {
				req.Skip, req.After = 0, "" // ignores skip and the cursor
				return c.fetch(ctx, req)
			})
			got, err := mustNew(t, fetch, pager.Options{Mode: mode, PageSize: 10}).Collect(context.Background())
			if !errors.Is(err, pager.ErrSkipIgnored) {
				t.Errorf("Collect() error = %v, want ErrSkipIgnored", err)
			}
			if !cmp.Equal(got, ints(0, 10)) {
				t.Errorf("items = %v, want the first page once", got)
			}
			if n := len(rec.requests()); n > 3 {
				t.Errorf("requests = %d, want at most 3", n)
			}
		})
	}
}

func TestSkipLimitDropsRepeatsOfPreviousPage(t *testing.T) {
	// An item inserted before the position between two fetches: the
	// second page starts with the last item of the first again.
	c := newCollection(30)
	fetch := func(ctx context.Context, req pager.Request) (pager.Page[int], error) {
		if req.Skip == 10 {
			req.Skip = 9
		}
		return c.fetch(ctx, req)
	}
	logs := &testsupport.LogRecorder{}
	got := collect(t, mustNew(t, fetch, pager.Options{PageSize: 10, Logger: slog.New(logs)}).All(context.Background()))
	want := append(ints(0, 19), ints(20, 30)...) // 19 is lost to the shift, as skip/limit does; 9 is not repeated
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("All() (-want +got):\n%s", diff)
	}
	if logs.CountMessages(slog.LevelWarn, "repeats items") != 1 {
		t.Errorf("warnings = %v, want one about the repeat", logs.Records())
	}
}

func TestPositionNeverWraps(t *testing.T) {
	var rec recorder
	fetch := rec.wrap(func(_ context.Context, req pager.Request) (pager.Page[int], error) {
		return pager.Page[int]{Items: make([]int, req.Limit)}, nil // always full
	})
	got, err := mustNew(t, fetch, pager.Options{PageSize: 10, Offset: math.MaxInt - 15}).Collect(context.Background())
	if err == nil || !strings.Contains(err.Error(), "passes the largest int") {
		t.Errorf("Collect() error = %v, want one saying the position passes the largest int", err)
	}
	if len(got) != 20 {
		t.Errorf("items = %d, want 20", len(got))
	}
	for _, r := range rec.requests() {
		if r.Skip < 0 {
			t.Errorf("request at skip %d: the position wrapped", r.Skip)
		}
	}
}

func TestNewRejectsMoreOptions(t *testing.T) {
	fetch := newCollection(0).fetch
	for _, tt := range []struct {
		opts pager.Options
		want string
	}{
		{pager.Options{PageSize: pager.MaxPageSize + 1}, "above MaxPageSize"},
		{pager.Options{Mode: pager.Keyset, Offset: 1}, "keyset walk starts at the first item"},
		{pager.Options{Mode: 7}, "unknown mode"},
		{pager.Options{PrefetchGrace: -1}, "prefetch grace"},
	} {
		if _, err := pager.New(fetch, tt.opts); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%+v) error = %v, want one containing %q", tt.opts, err, tt.want)
		}
	}
	if _, err := pager.New(fetch, pager.Options{PageSize: pager.MaxPageSize}); err != nil {
		t.Errorf("New(PageSize: MaxPageSize) = %v, want no error", err)
	}
}
