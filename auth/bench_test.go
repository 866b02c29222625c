package auth_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/auth"
)

// BenchmarkRoundTrip measures the steady state, a request through Transport
// with a cached token, against the same request sent straight to the base
// transport: the difference is the cost of the auth layer.
func BenchmarkRoundTrip(b *testing.B) {
	ok := &http.Response{StatusCode: http.StatusOK, Body: http.NoBody}
	base := roundTripFunc(func(*http.Request) (*http.Response, error) { return ok, nil })
	f := &fake{issue: issue(jwtAt(b, 1, time.Now().Add(24*time.Hour)))}
	src := f.source(b)
	req, err := http.NewRequestWithContext(b.Context(), http.MethodGet, "http://leadfox.test/v1/contact?limit=50", nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if _, err := src.Token(b.Context()); err != nil {
		b.Fatal(err)
	}

	run := func(rt http.RoundTripper) func(*testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				resp, err := rt.RoundTrip(req)
				if err != nil {
					b.Fatal(err)
				}
				_ = resp.Body.Close()
			}
		}
	}
	b.Run("bare", run(base))
	b.Run("auth", run(&auth.Transport{Source: src, Base: base}))
	b.Run("auth-parallel", func(b *testing.B) {
		tr := &auth.Transport{Source: src, Base: roundTripFunc(func(*http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody}, nil
		})}
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				resp, err := tr.RoundTrip(req)
				if err != nil {
					b.Error(err)
					return
				}
				_ = resp.Body.Close()
			}
		})
	})
	if got := f.exchanges.Load(); got != 1 {
		b.Errorf("exchanges = %d, want 1: the steady state must not exchange", got)
	}
}
