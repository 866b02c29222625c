package bench

import (
	"net/http"
	"runtime"
	"testing"

	"github.com/leadfox-go/leadfox/tests/bench/benchkit"
)

// vias are the transports of the benchmarks: in memory (the clients'
// cost alone) and over loopback to an httptest server.
var vias = []string{"mem", "http"}

// transportFor returns the base URL and the transport of via.
func transportFor(tb testing.TB, s *site, via string) (string, http.RoundTripper) {
	if via == "mem" {
		return "http://leadfox.bench", memTransport{s}
	}
	return s.serve(tb), loopbackTransport(tb)
}

// BenchmarkPaired gives the times of BENCHMARKS.md's request-path table:
// each iteration calls every client once, in turn (see
// benchkit.Paired), and reports each one's mean time per call as
// <client>-ns/op.
func BenchmarkPaired(b *testing.B) {
	s := newSite()
	for _, kind := range cases {
		for _, via := range vias {
			b.Run("case="+kind+"/via="+via, func(b *testing.B) {
				base, rt := transportFor(b, s, via)
				benchkit.Paired(b, newCalls(b, kind, base, rt))
			})
		}
	}
}

// BenchmarkAllocs gives each client's allocations per call of each case,
// in memory (over loopback the server's would count too).
func BenchmarkAllocs(b *testing.B) {
	s := newSite()
	for _, kind := range cases {
		for _, c := range newCalls(b, kind, "http://leadfox.bench", memTransport{s}) {
			b.Run("case="+kind+"/client="+c.Client, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := c.Do(b.Context()); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkThroughput gives each client's GETs per second over loopback
// from 64 goroutines (SetParallelism(64/GOMAXPROCS): 32 per P on 2
// CPUs).
// make bench runs one client at a time, in an order that turns with the
// round.
func BenchmarkThroughput(b *testing.B) {
	s := newSite()
	base, rt := transportFor(b, s, "http")
	for _, c := range newCalls(b, "get", base, rt) {
		b.Run("client="+c.Client, func(b *testing.B) {
			b.SetParallelism(max(1, 64/runtime.GOMAXPROCS(0)))
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := c.Do(b.Context()); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// TestCalls checks that every client of every case reads its answer, in
// memory and over loopback, so that the benchmarks measure what they say.
func TestCalls(t *testing.T) {
	s := newSite()
	for _, kind := range cases {
		for _, via := range vias {
			base, rt := transportFor(t, s, via)
			for _, c := range newCalls(t, kind, base, rt) {
				if err := c.Do(t.Context()); err != nil {
					t.Errorf("case %s via %s, %s: %v", kind, via, c.Client, err)
				}
			}
		}
	}
}
