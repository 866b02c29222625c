package transport

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/auth"
)

// staticSource is a TokenSource of one token.
type staticSource struct{ tok *auth.Token }

func (s staticSource) Token(context.Context) (*auth.Token, error) { return s.tok, nil }

// fixedAnswer is a base transport that answers a 2xx at once without
// allocating, so that only the chain's allocations count. It answers one
// request at a time.
type fixedAnswer struct {
	body string
	resp http.Response
	rdr  strings.Reader
}

func (c *fixedAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	c.rdr.Reset(c.body)
	c.resp = http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(&c.rdr), ContentLength: int64(len(c.body)), Request: r}
	return &c.resp, nil
}

// chainAllocs returns the allocations of one GET through the API chain of
// cfg (over its Base), the request built once by the caller.
func chainAllocs(t *testing.T, cfg *Config) float64 {
	t.Helper()
	tok, err := auth.ParseToken("opaque-test-token")
	if err != nil {
		t.Fatal(err)
	}
	hc, err := APIClient(cfg, staticSource{tok})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, testURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return testing.AllocsPerRun(200, func() {
		resp, err := hc.Transport.RoundTrip(req) //nolint:bodyclose // DrainClose closes it
		if err != nil {
			t.Fatal(err)
		}
		DrainClose(resp.Body)
	})
}

// TestAPIChainAllocations holds the API chain's own cost per GET, a token
// cached and no limiter, the base's answer counting 1: the call layer's
// RequestInfo and one copy of the request with its headers (4), then for
// the attempt the retry layer's attemptContext and one copy (2), and the
// deadline's context and timer only when a timeout applies (4), the
// attempt layer's buffer and its reader (2), the auth layer's copy with
// the Authorization header (5). The chain used to copy the request five
// times per GET with a timeout (call, user agent, retry, attempt
// timeout, auth): 17 and 22.
func TestAPIChainAllocations(t *testing.T) {
	tests := []struct {
		name    string
		timeout time.Duration
		max     float64
	}{
		{"no timeout", 0, 15},
		{"attempt timeout", time.Minute, 19},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _ := testConfig(&fixedAnswer{body: `{"_id":"x"}`})
			cfg.Limiter = nil
			cfg.Timeout = tt.timeout
			if got := chainAllocs(t, cfg); got > tt.max {
				t.Errorf("a GET through the API chain makes %v allocations, want at most %v", got, tt.max)
			}
		})
	}
}

// TestNoTimerWithoutTimeout checks that an attempt without a timeout
// carries no deadline of the SDK's, and one with a timeout does, seen
// from the middleware and the base transport alike.
func TestNoTimerWithoutTimeout(t *testing.T) {
	for _, timeout := range []time.Duration{0, time.Minute} {
		var deadlines []bool
		base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			_, ok := r.Context().Deadline()
			deadlines = append(deadlines, ok)
			return &http.Response{StatusCode: http.StatusNoContent, Body: http.NoBody, Request: r}, nil
		})
		cfg, _ := testConfig(base)
		cfg.Timeout = timeout
		cfg.Wrap = func(next http.RoundTripper) (http.RoundTripper, error) {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				_, ok := r.Context().Deadline()
				deadlines = append(deadlines, ok)
				return next.RoundTrip(r)
			}), nil
		}
		tok, _ := auth.ParseToken("opaque-test-token")
		hc, err := APIClient(cfg, staticSource{tok})
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, testURL, nil)
		resp, err := hc.Transport.RoundTrip(req) //nolint:bodyclose // DrainClose closes it
		if err != nil {
			t.Fatal(err)
		}
		DrainClose(resp.Body)
		want := timeout > 0
		if len(deadlines) != 2 || deadlines[0] != want || deadlines[1] != want {
			t.Errorf("timeout %v: deadline seen by middleware, base = %v, want %v both", timeout, deadlines, want)
		}
	}
}

// TestRetryAfterWithoutHeaderAllocatesNothing: the limiter's outcome of
// every answer reads Retry-After; an answer without one must cost
// nothing, however its Date reads.
func TestRetryAfterWithoutHeaderAllocatesNothing(t *testing.T) {
	for _, h := range []http.Header{{}, {"Date": {"Mon, 02 Jan 2026 03:04:05 GMT"}}} {
		allocs := testing.AllocsPerRun(100, func() {
			if _, ok := RetryAfter(h, testNow); ok {
				t.Fatal("RetryAfter found a wait in a header without Retry-After")
			}
		})
		if allocs != 0 {
			t.Errorf("RetryAfter(%v) makes %v allocations, want 0", h, allocs)
		}
	}
}

// TestDrainCloseOfBufferedBodyAllocatesNothing: the facade closes every
// 2xx body with DrainClose; one the attempt layer buffered has nothing
// left to drain.
func TestDrainCloseOfBufferedBodyAllocatesNothing(t *testing.T) {
	body := newBufferedBody([]byte(`{}`))
	if allocs := testing.AllocsPerRun(100, func() { DrainClose(body) }); allocs != 0 {
		t.Errorf("DrainClose of a buffered body makes %v allocations, want 0", allocs)
	}
}
