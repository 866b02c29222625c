package pager_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"go.uber.org/goleak"
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

func (c *collection) fetch(_ context.Context, skip, limit int) ([]int, error) {
	c.mu.Lock()
	c.calls = append(c.calls, call{skip, limit})
	c.mu.Unlock()
	if err := c.fail[skip]; err != nil {
		return nil, err
	}
	page := []int{}
	for i := skip; i < c.n && i < skip+limit; i++ {
		page = append(page, i)
	}
	return page, nil
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
