package bench

import (
	"context"
	"runtime"
	"runtime/metrics"
	"strconv"
	"testing"

	"github.com/leadfox-go/leadfox/generated"
)

// BenchmarkIterate walks every contact of a collection of n, 100 per
// page, and reports per contact the time, bytes and allocations, and the
// peak live heap seen during the walk: bytes per contact should not grow
// with n, and the live heap should stay at a few pages.
func BenchmarkIterate(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		s := newServer(b, n, 0)
		b.Run("n="+strconv.Itoa(n)+"/client=baseline", func(b *testing.B) {
			c := newBaseline(b, s)
			measureWalk(b, n, func(ctx context.Context, visit func()) error {
				return walkPages(ctx, c.contacts, visit)
			})
		})
		b.Run("n="+strconv.Itoa(n)+"/client=generated", func(b *testing.B) {
			c := newGenerated(b, s)
			measureWalk(b, n, func(ctx context.Context, visit func()) error {
				return walkPages(ctx, func(ctx context.Context, skip, limit int) ([]generated.Contact, error) {
					return generatedContacts(ctx, c, skip, limit)
				}, visit)
			})
		})
		b.Run("n="+strconv.Itoa(n)+"/client=facade", func(b *testing.B) {
			c := newFacade(b, s)
			warmUp(b, c)
			p, err := c.Contacts.List(nil)
			if err != nil {
				b.Fatal(err)
			}
			measureWalk(b, n, func(ctx context.Context, visit func()) error {
				for _, err := range p.All(ctx) {
					if err != nil {
						return err
					}
					visit()
				}
				return nil
			})
		})
	}
}

// measureWalk runs walk, which must visit n contacts, once per iteration
// of b, and reports ns/item, B/item, allocs/item and live-B, the largest
// live heap after a collection during the walks.
func measureWalk(b *testing.B, n int, walk func(ctx context.Context, visit func()) error) {
	heap := newHeapSampler()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	walks := 0
	for b.Loop() {
		seen := 0
		err := walk(b.Context(), func() {
			seen++
			if seen%pageSize == 0 {
				heap.sample()
			}
		})
		if err != nil {
			b.Fatal(err)
		}
		if seen != n {
			b.Fatalf("walked %d contacts, want %d", seen, n)
		}
		walks++
	}
	runtime.ReadMemStats(&after)
	items := float64(walks * n)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/items, "ns/item")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/items, "B/item")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/items, "allocs/item")
	b.ReportMetric(float64(heap.peak), "live-B")
}

// heapSampler tracks the largest live heap, as the last collection
// measured it.
type heapSampler struct {
	s    []metrics.Sample
	peak uint64
}

func newHeapSampler() *heapSampler {
	return &heapSampler{s: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
}

func (h *heapSampler) sample() {
	metrics.Read(h.s)
	h.peak = max(h.peak, h.s[0].Value.Uint64())
}

// walkPages walks a collection by hand, as a client without the pager
// would: pages of pageSize until the first short one, visiting each item.
func walkPages[T any](ctx context.Context, fetch func(ctx context.Context, skip, limit int) ([]T, error), visit func()) error {
	for skip := 0; ; skip += pageSize {
		page, err := fetch(ctx, skip, pageSize)
		if err != nil {
			return err
		}
		for range page {
			visit()
		}
		if len(page) < pageSize {
			return nil
		}
	}
}
