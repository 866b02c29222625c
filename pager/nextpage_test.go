package pager_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leadfox-go/leadfox/pager"
)

// page is one NextPage result.
type page struct {
	Items []int
	Err   error
}

func TestNextPage(t *testing.T) {
	tests := []struct {
		name      string
		n         int
		opts      pager.Options
		want      []page
		wantCalls []call
	}{
		{"short last page", 12, pager.Options{PageSize: 5},
			[]page{{ints(0, 5), nil}, {ints(5, 10), nil}, {ints(10, 12), nil}, {nil, pager.Done}, {nil, pager.Done}},
			[]call{{0, 5}, {5, 5}, {10, 5}}},
		{"empty last page", 10, pager.Options{PageSize: 5},
			[]page{{ints(0, 5), nil}, {ints(5, 10), nil}, {nil, pager.Done}, {nil, pager.Done}},
			[]call{{0, 5}, {5, 5}, {10, 5}}},
		{"cap", 12, pager.Options{PageSize: 5, Max: 7, Offset: 1},
			[]page{{ints(1, 6), nil}, {ints(6, 8), nil}, {nil, pager.Done}},
			[]call{{1, 5}, {6, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCollection(tt.n)
			p := mustNew(t, c.fetch, tt.opts)
			var got []page
			for range tt.want {
				items, err := p.NextPage(context.Background())
				got = append(got, page{items, err})
			}
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(errors.Is)); diff != "" {
				t.Errorf("NextPage() results (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantCalls, c.Calls()); diff != "" {
				t.Errorf("fetches (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNextPageRetriesAfterError(t *testing.T) {
	errBoom := errors.New("boom")
	c := newCollection(8)
	c.fail = map[int]error{5: errBoom}
	p := mustNew(t, c.fetch, pager.Options{PageSize: 5})
	ctx := context.Background()
	if _, err := p.NextPage(ctx); err != nil {
		t.Fatal(err)
	}
	if items, err := p.NextPage(ctx); items != nil || !errors.Is(err, errBoom) {
		t.Fatalf("NextPage() = %v, %v; want nil, %v", items, err, errBoom)
	}
	c.fail = nil
	if items, err := p.NextPage(ctx); err != nil || !cmp.Equal(items, ints(5, 8)) {
		t.Errorf("NextPage() after the error = %v, %v; want %v, nil", items, err, ints(5, 8))
	}
}

func TestNextPageCanceledContext(t *testing.T) {
	c := newCollection(8)
	p := mustNew(t, c.fetch, pager.Options{PageSize: 5})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if items, err := p.NextPage(ctx); items != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("NextPage(canceled) = %v, %v; want nil, context.Canceled", items, err)
	}
	if calls := c.Calls(); len(calls) != 0 {
		t.Errorf("fetches = %v, want none", calls)
	}
	if items, err := p.NextPage(context.Background()); err != nil || !cmp.Equal(items, ints(0, 5)) {
		t.Errorf("NextPage() = %v, %v; want the first page", items, err)
	}
}

func TestReset(t *testing.T) {
	c := newCollection(8)
	p := mustNew(t, c.fetch, pager.Options{PageSize: 5, Offset: 2})
	ctx := context.Background()
	for {
		if _, err := p.NextPage(ctx); errors.Is(err, pager.Done) {
			break
		}
	}
	p.Reset()
	if items, err := p.NextPage(ctx); err != nil || !cmp.Equal(items, ints(2, 7)) {
		t.Errorf("NextPage() after Reset = %v, %v; want %v, nil", items, err, ints(2, 7))
	}
}
