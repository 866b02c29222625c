package pager_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/leadfox-go/leadfox/pager"
)

// TestMain fails the run if any test leaves a goroutine behind, which is
// what prefetch must never do.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// call is one fetch as the collection saw it.
type call struct{ Skip, Limit int }

// collection is an in-memory collection of the ints 0..n-1 that records
// every fetch. It is safe for concurrent use.
type collection struct {
	n    int
	fail map[int]error // fetch errors, keyed by skip

	mu    sync.Mutex
	calls []call
}

func newCollection(n int) *collection { return &collection{n: n} }

func (c *collection) fetch(_ context.Context, r pager.Request) (pager.Page[int], error) {
	c.mu.Lock()
	c.calls = append(c.calls, call{r.Skip, r.Limit})
	c.mu.Unlock()
	if err := c.fail[r.Skip]; err != nil {
		return pager.Page[int]{}, err
	}
	from := r.Skip
	if r.Keyset && r.After != "" {
		from, _ = strconv.Atoi(r.After)
		from++
	}
	pg := pager.Page[int]{Items: []int{}, IDs: []string{}}
	for i := from; i < c.n && i < from+r.Limit; i++ {
		pg.Items = append(pg.Items, i)
		pg.IDs = append(pg.IDs, key(i))
	}
	return pg, nil
}

// key is the key of item i: its number, zero-padded so that string order
// is number order.
func key(i int) string { return fmt.Sprintf("%08d", i) }

// skipLimit adapts a plain skip/limit function to a FetchFunc whose pages
// have no keys.
func skipLimit[T any](f func(ctx context.Context, skip, limit int) ([]T, error)) pager.FetchFunc[T] {
	return func(ctx context.Context, r pager.Request) (pager.Page[T], error) {
		items, err := f(ctx, r.Skip, r.Limit)
		return pager.Page[T]{Items: items}, err
	}
}

func (c *collection) Calls() []call {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]call(nil), c.calls...)
}

// ints returns lo..hi-1.
func ints(lo, hi int) []int {
	var s []int
	for i := lo; i < hi; i++ {
		s = append(s, i)
	}
	return s
}

// modes runs f once without prefetch and once with it.
func modes(t *testing.T, f func(t *testing.T, prefetch bool)) {
	t.Helper()
	for _, prefetch := range []bool{false, true} {
		t.Run(fmt.Sprintf("prefetch=%v", prefetch), func(t *testing.T) { f(t, prefetch) })
	}
}
