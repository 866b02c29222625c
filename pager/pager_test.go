package pager_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leadfox-go/leadfox/pager"
)

func TestNewRejects(t *testing.T) {
	fetch := newCollection(0).fetch
	tests := []struct {
		name  string
		fetch pager.FetchFunc[int]
		opts  pager.Options
		want  string
	}{
		{"nil fetch", nil, pager.Options{}, "nil FetchFunc"},
		{"page size", fetch, pager.Options{PageSize: -1}, "page size -1"},
		{"max", fetch, pager.Options{Max: -2}, "max -2"},
		{"offset", fetch, pager.Options{Offset: -3}, "offset -3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := pager.New(tt.fetch, tt.opts)
			if err == nil || !strings.HasPrefix(err.Error(), "pager: ") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New() error = %v, want one starting %q and naming %q", err, "pager: ", tt.want)
			}
			if p != nil {
				t.Errorf("New() = %v, want nil with the error", p)
			}
		})
	}
}

func TestAllStops(t *testing.T) {
	tests := []struct {
		name      string
		n         int
		opts      pager.Options
		wantItems []int
		wantCalls []call
	}{
		{"empty collection", 0, pager.Options{PageSize: 10},
			nil, []call{{0, 10}}},
		{"short last page", 25, pager.Options{PageSize: 10},
			ints(0, 25), []call{{0, 10}, {10, 10}, {20, 10}}},
		{"exact multiple ends on an empty page", 20, pager.Options{PageSize: 10},
			ints(0, 20), []call{{0, 10}, {10, 10}, {20, 10}}},
		{"default page size", 150, pager.Options{},
			ints(0, 150), []call{{0, 100}, {100, 100}}},
		{"offset", 25, pager.Options{PageSize: 10, Offset: 7},
			ints(7, 25), []call{{7, 10}, {17, 10}}},
		{"offset past the end", 5, pager.Options{PageSize: 10, Offset: 7},
			nil, []call{{7, 10}}},
		{"cap inside the first page", 25, pager.Options{PageSize: 10, Max: 4},
			ints(0, 4), []call{{0, 4}}},
		{"cap on a page boundary", 25, pager.Options{PageSize: 10, Max: 20},
			ints(0, 20), []call{{0, 10}, {10, 10}}},
		{"cap inside a later page", 25, pager.Options{PageSize: 10, Max: 13},
			ints(0, 13), []call{{0, 10}, {10, 3}}},
		{"cap beyond the collection", 25, pager.Options{PageSize: 10, Max: 100},
			ints(0, 25), []call{{0, 10}, {10, 10}, {20, 10}}},
		{"cap with offset", 25, pager.Options{PageSize: 10, Offset: 20, Max: 10},
			ints(20, 25), []call{{20, 10}}},
		{"page size 1", 2, pager.Options{PageSize: 1},
			ints(0, 2), []call{{0, 1}, {1, 1}, {2, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			modes(t, func(t *testing.T, prefetch bool) {
				c := newCollection(tt.n)
				opts := tt.opts
				opts.Prefetch = prefetch
				got := collect(t, mustNew(t, c.fetch, opts).All(context.Background()))
				if diff := cmp.Diff(tt.wantItems, got); diff != "" {
					t.Errorf("All() items (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(tt.wantCalls, c.Calls()); diff != "" {
					t.Errorf("fetches (-want +got):\n%s", diff)
				}
			})
		})
	}
}

func TestAllDropsItemsBeyondLimit(t *testing.T) {
	modes(t, func(t *testing.T, prefetch bool) {
		var calls int
		fetch := func(_ context.Context, skip, limit int) ([]int, error) {
			calls++
			return ints(skip, skip+2*limit), nil // twice what was asked
		}
		got := collect(t, mustNew(t, skipLimit(fetch), pager.Options{PageSize: 3, Max: 5, Prefetch: prefetch}).All(context.Background()))
		if diff := cmp.Diff(ints(0, 5), got); diff != "" {
			t.Errorf("All() items (-want +got):\n%s", diff)
		}
		if calls != 2 {
			t.Errorf("fetches = %d, want 2", calls)
		}
	})
}

func TestBreakStopsFetching(t *testing.T) {
	c := newCollection(100)
	p := mustNew(t, c.fetch, pager.Options{PageSize: 10})
	for v, err := range p.All(context.Background()) {
		if err != nil || v != 0 {
			t.Fatalf("first item = %d, %v; want 0, nil", v, err)
		}
		break
	}
	if diff := cmp.Diff([]call{{0, 10}}, c.Calls()); diff != "" {
		t.Errorf("fetches after a break on the first item (-want +got):\n%s", diff)
	}
	for _, err := range p.Pages(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		break
	}
	if got := len(c.Calls()); got != 2 {
		t.Errorf("fetches after a break on the first page = %d, want 2 (one per loop)", got)
	}
}

func TestBreakMidPageStopsFetching(t *testing.T) {
	c := newCollection(100)
	p := mustNew(t, c.fetch, pager.Options{PageSize: 10})
	n := 0
	for _, err := range p.All(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 15 {
			break
		}
	}
	if diff := cmp.Diff([]call{{0, 10}, {10, 10}}, c.Calls()); diff != "" {
		t.Errorf("fetches (-want +got):\n%s", diff)
	}
}

func TestAllYieldsErrorOnce(t *testing.T) {
	errBoom := errors.New("boom")
	modes(t, func(t *testing.T, prefetch bool) {
		c := newCollection(100)
		c.fail = map[int]error{10: errBoom}
		p := mustNew(t, c.fetch, pager.Options{PageSize: 10, Prefetch: prefetch})
		var items []int
		var errs []error
		for v, err := range p.All(context.Background()) {
			if err != nil {
				errs = append(errs, err)
				if v != 0 {
					t.Errorf("item with the error = %d, want the zero value", v)
				}
				continue
			}
			items = append(items, v)
		}
		if diff := cmp.Diff(ints(0, 10), items); diff != "" {
			t.Errorf("items before the error (-want +got):\n%s", diff)
		}
		if len(errs) != 1 || !errors.Is(errs[0], errBoom) {
			t.Errorf("errors = %v, want [%v] once", errs, errBoom)
		}
		if diff := cmp.Diff([]call{{0, 10}, {10, 10}}, c.Calls()); diff != "" {
			t.Errorf("fetches (-want +got):\n%s", diff)
		}
	})
}

func TestCanceledContextFetchesNothing(t *testing.T) {
	modes(t, func(t *testing.T, prefetch bool) {
		c := newCollection(100)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var errs []error
		for _, err := range mustNew(t, c.fetch, pager.Options{Prefetch: prefetch}).All(ctx) {
			errs = append(errs, err)
		}
		if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
			t.Errorf("yielded %v, want [context.Canceled]", errs)
		}
		if calls := c.Calls(); len(calls) != 0 {
			t.Errorf("fetches = %v, want none", calls)
		}
	})
}

func TestCancelDuringLoopStopsBeforeNextFetch(t *testing.T) {
	c := newCollection(100)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var items []int
	var errs []error
	for v, err := range mustNew(t, c.fetch, pager.Options{PageSize: 10}).All(ctx) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
		cancel()
	}
	if diff := cmp.Diff(ints(0, 10), items); diff != "" {
		t.Errorf("items (-want +got): the page already fetched is yielded in full\n%s", diff)
	}
	if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("errors = %v, want [context.Canceled]", errs)
	}
	if diff := cmp.Diff([]call{{0, 10}}, c.Calls()); diff != "" {
		t.Errorf("fetches (-want +got):\n%s", diff)
	}
}

func TestFetchReturningDoneEndsWithoutError(t *testing.T) {
	modes(t, func(t *testing.T, prefetch bool) {
		fetch := func(_ context.Context, skip, limit int) ([]int, error) {
			if skip > 0 {
				return nil, pager.Done
			}
			return ints(0, limit), nil
		}
		got, err := mustNew(t, skipLimit(fetch), pager.Options{PageSize: 2, Prefetch: prefetch}).Collect(context.Background())
		if err != nil || !cmp.Equal(got, ints(0, 2)) {
			t.Errorf("Collect() = %v, %v; want %v, nil", got, err, ints(0, 2))
		}
	})
}

func TestEachRangeWalksAfresh(t *testing.T) {
	c := newCollection(15)
	p := mustNew(t, c.fetch, pager.Options{PageSize: 10, Offset: 5})
	if _, err := p.NextPage(context.Background()); err != nil {
		t.Fatal(err)
	}
	seq := p.All(context.Background())
	for i := range 2 {
		if got := collect(t, seq); !cmp.Equal(got, ints(5, 15)) {
			t.Errorf("range %d over All() = %v, want %v", i, got, ints(5, 15))
		}
	}
	if page, err := p.NextPage(context.Background()); page != nil || !errors.Is(err, pager.Done) {
		t.Errorf("NextPage() after the ranges = %v, %v; want nil, Done: its own walk had read 5..14", page, err)
	}
	want := []call{{5, 10}, {5, 10}, {15, 10}, {5, 10}, {15, 10}, {15, 10}}
	if diff := cmp.Diff(want, c.Calls()); diff != "" {
		t.Errorf("fetches (-want +got):\n%s", diff)
	}
}

func TestCollect(t *testing.T) {
	errBoom := errors.New("boom")
	c := newCollection(25)
	got, err := mustNew(t, c.fetch, pager.Options{PageSize: 10}).Collect(context.Background())
	if err != nil || !cmp.Equal(got, ints(0, 25)) {
		t.Errorf("Collect() = %v, %v; want 0..24, nil", got, err)
	}
	c.fail = map[int]error{20: errBoom}
	got, err = mustNew(t, c.fetch, pager.Options{PageSize: 10}).Collect(context.Background())
	if !errors.Is(err, errBoom) || !cmp.Equal(got, ints(0, 20)) {
		t.Errorf("Collect() = %v, %v; want 0..19, %v", got, err, errBoom)
	}
}

func mustNew[T any](t *testing.T, fetch pager.FetchFunc[T], opts pager.Options) *pager.Pager[T] {
	t.Helper()
	p, err := pager.New(fetch, opts)
	if err != nil {
		t.Fatalf("New(%+v) = %v", opts, err)
	}
	return p
}

// collect returns the items of seq, failing the test on an error.
func collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var items []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("iteration error: %v", err)
		}
		items = append(items, v)
	}
	return items
}
