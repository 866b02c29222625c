package pager_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/internal/testsupport"
	"github.com/leadfox-go/leadfox/pager"
)

var errBadField = errors.New(`field "created": not a date-time`)

// withBadItems serves the collection of n ints, except that the items in
// bad could not be decoded: they come as ItemError, with their key.
func withBadItems(n int, bad ...int) pager.FetchFunc[int] {
	c := newCollection(n)
	return func(ctx context.Context, req pager.Request) (pager.Page[int], error) {
		full, err := c.fetch(ctx, req)
		if err != nil {
			return full, err
		}
		var pg pager.Page[int]
		for i, v := range full.Items {
			if contains(bad, v) {
				pg.Errors = append(pg.Errors, &pager.ItemError{Index: i, ID: full.IDs[i], Err: errBadField})
				continue
			}
			pg.Items = append(pg.Items, v)
			pg.IDs = append(pg.IDs, full.IDs[i])
		}
		return pg, nil
	}
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// yielded is one value of All: an item, or the key of an ItemError.
type yielded struct {
	Item int
	Bad  string
}

func TestAllYieldsItemErrorsInPlace(t *testing.T) {
	for _, mode := range []pager.Mode{pager.SkipLimit, pager.Keyset} {
		t.Run(mode.String(), func(t *testing.T) {
			modes(t, func(t *testing.T, prefetch bool) {
				// 4 is mid-page, 9 ends a page (the cursor must pass it), 10 starts one.
				p := mustNew(t, withBadItems(13, 4, 9, 10), pager.Options{Mode: mode, PageSize: 5, Prefetch: prefetch})
				var got []yielded
				for v, err := range p.All(context.Background()) {
					var ie *pager.ItemError
					switch {
					case errors.As(err, &ie):
						if v != 0 || !errors.Is(err, errBadField) {
							t.Errorf("item error yielded with %d, %v; want the zero value and the decoder's error", v, err)
						}
						got = append(got, yielded{Bad: ie.ID})
					case err != nil:
						t.Fatalf("fatal error: %v", err)
					default:
						got = append(got, yielded{Item: v})
					}
				}
				want := []yielded{{0, ""}, {1, ""}, {2, ""}, {3, ""}, {0, key(4)}, {5, ""}, {6, ""}, {7, ""}, {8, ""},
					{0, key(9)}, {0, key(10)}, {11, ""}, {12, ""}}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("All() (-want +got):\n%s", diff)
				}
			})
		})
	}
}

func TestCollectJoinsItemErrors(t *testing.T) {
	got, err := mustNew(t, withBadItems(12, 3, 7), pager.Options{Mode: pager.Keyset, PageSize: 5}).Collect(context.Background())
	want := []int{0, 1, 2, 4, 5, 6, 8, 9, 10, 11}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Collect() items (-want +got):\n%s", diff)
	}
	if err == nil || !errors.Is(err, errBadField) || !strings.Contains(err.Error(), key(3)) || !strings.Contains(err.Error(), key(7)) {
		t.Errorf("Collect() error = %v, want both item errors joined", err)
	}
}

func TestPagesAndNextPageCarryItemErrors(t *testing.T) {
	p := mustNew(t, withBadItems(5, 0, 1, 2, 3, 4), pager.Options{PageSize: 5})
	for page, err := range p.Pages(context.Background()) {
		var ie *pager.ItemError
		if len(page) != 0 || !errors.As(err, &ie) || ie.Index != 0 {
			t.Errorf("Pages() = %v, %v; want no good item and the item errors", page, err)
		}
	}
	page, err := p.NextPage(context.Background())
	if len(page) != 0 || !errors.Is(err, errBadField) {
		t.Errorf("NextPage() = %v, %v; want no good item and the item errors", page, err)
	}
	if _, err := p.NextPage(context.Background()); !errors.Is(err, pager.Done) {
		t.Errorf("NextPage() after the last page = %v, want Done", err)
	}
}

func TestLastItemWithoutKeyEndsKeysetWalk(t *testing.T) {
	fetch := func(_ context.Context, req pager.Request) (pager.Page[int], error) {
		return pager.Page[int]{Items: []int{0}, IDs: []string{key(0)}, Errors: []*pager.ItemError{{Index: 1, Err: errBadField}}}, nil
	}
	_, err := mustNew(t, fetch, pager.Options{Mode: pager.Keyset, PageSize: 2}).Collect(context.Background())
	if err == nil || !strings.Contains(err.Error(), "cursor cannot pass it") {
		t.Errorf("Collect() error = %v, want one saying the cursor cannot pass the keyless item", err)
	}
}

func TestBadPageShapes(t *testing.T) {
	for _, tt := range []struct {
		name string
		pg   pager.Page[int]
		want string
	}{
		{"sent below returned", pager.Page[int]{Items: []int{1, 2}, Sent: 1}, "below the 2 items"},
		{"sent above returned", pager.Page[int]{Items: []int{1}, Sent: 3}, "below the limit"},
		{"ids", pager.Page[int]{Items: []int{1}, IDs: []string{"a", "b"}}, "2 Page.IDs for 1"},
		{"error order", pager.Page[int]{Errors: []*pager.ItemError{{Index: 1}, {Index: 0}}}, "increasing Index"},
		{"error out of range", pager.Page[int]{Items: []int{1}, Errors: []*pager.ItemError{{Index: 2}}}, "increasing Index"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fetch := func(context.Context, pager.Request) (pager.Page[int], error) { return tt.pg, nil }
			_, err := mustNew(t, fetch, pager.Options{PageSize: 5}).Collect(context.Background())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Collect() error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestCutPageDoesNotKeepLongOne checks that a page cut to the limit is a
// copy: the walk must not keep the long page's array alive through the
// items it yields (a million items sent for a limit of 100).
func TestCutPageDoesNotKeepLongOne(t *testing.T) {
	const sent = 1_000_000
	var long []int
	fetch := func(_ context.Context, req pager.Request) (pager.Page[int], error) {
		long = make([]int, sent)
		return pager.Page[int]{Items: long}, nil
	}
	logs := &testsupport.LogRecorder{}
	p := mustNew(t, fetch, pager.Options{PageSize: 100, Max: 100})
	for page, err := range p.Pages(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 100 || cap(page) != 100 || &page[0] == &long[0] {
			t.Errorf("page: len %d, cap %d, shares the long array: %v; want a copy of 100", len(page), cap(page), &page[0] == &long[0])
		}
	}
	p = mustNew(t, fetch, pager.Options{PageSize: 100, Max: 100, Logger: slog.New(logs)})
	if _, err := p.Collect(context.Background()); err != nil {
		t.Fatal(err)
	}
	if logs.CountMessages(slog.LevelWarn, "longer than the limit") != 1 {
		t.Errorf("warnings = %v, want one about the cut page", logs.Records())
	}
}
