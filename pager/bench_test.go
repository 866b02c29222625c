package pager_test

import (
	"context"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/pager"
)

// BenchmarkPrefetch walks 50 pages where each fetch takes as long as the
// caller takes to consume a page. Prefetch overlaps the two, so its ns/page
// should be about half of the sequential one (at most 0.6 of it).
func BenchmarkPrefetch(b *testing.B) {
	const (
		pages    = 50
		pageSize = 10
		cost     = 2 * time.Millisecond
	)
	fetch := func(_ context.Context, skip, limit int) ([]int, error) {
		time.Sleep(cost)
		return ints(skip, min(skip+limit, pages*pageSize-1)), nil // last page short
	}
	for _, tt := range []struct {
		name     string
		prefetch bool
	}{{"sequential", false}, {"prefetch", true}} {
		b.Run(tt.name, func(b *testing.B) {
			p, err := pager.New(skipLimit(fetch), pager.Options{PageSize: pageSize, Prefetch: tt.prefetch})
			if err != nil {
				b.Fatal(err)
			}
			walks := 0
			for b.Loop() {
				walk(b, p, cost, pages)
				walks++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(walks*pages), "ns/page")
		})
	}
}

// walk consumes every page of p, spending cost on each, and checks there
// were want of them.
func walk(b *testing.B, p *pager.Pager[int], cost time.Duration, want int) {
	n := 0
	for _, err := range p.Pages(context.Background()) {
		if err != nil {
			b.Fatal(err)
		}
		time.Sleep(cost)
		n++
	}
	if n != want {
		b.Fatalf("walked %d pages, want %d", n, want)
	}
}
