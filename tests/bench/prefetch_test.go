package bench

import (
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/facade"
)

// BenchmarkPrefetch walks 50 pages of contacts through the facade, where
// the server takes as long to serve a page as the caller takes to consume
// one. Prefetch overlaps the two, so its ns/page should be about half of
// the sequential one, and at most 0.6 of it. pager.BenchmarkPrefetch
// measures the same without HTTP.
func BenchmarkPrefetch(b *testing.B) {
	const (
		pages = 50
		size  = 10
		cost  = 2 * time.Millisecond
	)
	s := newServer(b, pages*size-1, cost) // the last page is short: no empty fetch
	for _, tt := range []struct {
		name     string
		prefetch bool
	}{{"mode=sequential", false}, {"mode=prefetch", true}} {
		b.Run(tt.name, func(b *testing.B) {
			c := newFacade(b, s)
			warmUp(b, c)
			p, err := c.Contacts.List(&facade.ListOptions{PageSize: size, Prefetch: tt.prefetch})
			if err != nil {
				b.Fatal(err)
			}
			walks := 0
			for b.Loop() {
				n := 0
				for _, err := range p.Pages(b.Context()) {
					if err != nil {
						b.Fatal(err)
					}
					time.Sleep(cost)
					n++
				}
				if n != pages {
					b.Fatalf("walked %d pages, want %d", n, pages)
				}
				walks++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(walks*pages), "ns/page")
		})
	}
}
