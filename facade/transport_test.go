package facade

import (
	"errors"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/internal/ratelimit"
	"github.com/leadfox-go/leadfox/internal/redact"
	"github.com/leadfox-go/leadfox/internal/transport"
)

// chainConfig returns what New builds the transport chains of a Client
// of opts from.
func chainConfig(t *testing.T, opts ...Option) *transport.Config {
	t.Helper()
	cfg := defaultConfig()
	for _, opt := range opts {
		noErr(t, opt(&cfg), "option")
	}
	return cfg.transportConfig(redact.New(testAPIKey, testSecret), cfg.rateLimiter())
}

// TestDefaultChain checks what bounds a call under the default options,
// where a stalled server is only ended by them: the default attempt
// timeout and body cap, and a base transport from NewTransport, with its
// pool and response header timeout. The limiter is there for bulk jobs,
// and paces no single call.
func TestDefaultChain(t *testing.T) {
	tc := chainConfig(t)
	if tc.Timeout != DefaultAttemptTimeout || DefaultAttemptTimeout <= 0 {
		t.Errorf("attempt timeout = %v, want DefaultAttemptTimeout (%v)", tc.Timeout, DefaultAttemptTimeout)
	}
	if tc.MaxResponseBytes != DefaultMaxResponseBytes {
		t.Errorf("body cap = %d, want DefaultMaxResponseBytes (%d)", tc.MaxResponseBytes, DefaultMaxResponseBytes)
	}
	if tc.Policy.MaxAttempts != DefaultMaxAttempts || tc.Policy.MaxRetryAfter != DefaultMaxRetryAfter || tc.Policy.Backoff == nil {
		t.Errorf("policy %+v, want the defaults", tc.Policy)
	}
	lim, ok := tc.Limiter.(*ratelimit.Limiter)
	if !ok || lim.Paces(false) || !lim.Paces(true) {
		t.Errorf("limiter %T paces a single call; want one that paces only bulk jobs", tc.Limiter)
	}
	tr, ok := tc.Base.(*http.Transport)
	if !ok {
		t.Fatalf("base transport is %T, want *http.Transport from NewTransport", tc.Base)
	}
	if tr.MaxIdleConnsPerHost != DefaultMaxIdleConnsPerHost || tr.ResponseHeaderTimeout != DefaultResponseHeaderTimeout {
		t.Errorf("base: %d idle per host, header timeout %v; want %d and %v",
			tr.MaxIdleConnsPerHost, tr.ResponseHeaderTimeout, DefaultMaxIdleConnsPerHost, DefaultResponseHeaderTimeout)
	}
	if tr == http.DefaultTransport {
		t.Error("base transport is http.DefaultTransport, want the Client's own")
	}
}

// TestChainOptions checks that the options reach the chain, and that
// WithAttemptTimeout(0) removes the bound.
func TestChainOptions(t *testing.T) {
	mine := &http.Transport{}
	tc := chainConfig(t, WithAttemptTimeout(0), WithMaxResponseBytes(1<<10), WithTransport(mine), WithUserAgent("sync/1"))
	if tc.Timeout != 0 || tc.MaxResponseBytes != 1<<10 || tc.Base != mine {
		t.Errorf("attempt timeout %v, cap %d, base %p; want 0, 1024, %p", tc.Timeout, tc.MaxResponseBytes, tc.Base, mine)
	}
	if want := userAgent("sync/1"); tc.UserAgent != want {
		t.Errorf("user agent %q, want %q", tc.UserAgent, want)
	}
	for _, n := range []int64{0, -1} {
		_, err := New(testAPIKey, testSecret, WithMaxResponseBytes(n))
		wantErr(t, err, ErrInvalidArgument, "WithMaxResponseBytes")
	}
	_, err := New(testAPIKey, testSecret, WithAttemptTimeout(-time.Second))
	wantErr(t, err, ErrInvalidArgument, "WithAttemptTimeout")
}
func TestRateLimitOptionsRejectBadValues(t *testing.T) {
	for _, tc := range []struct {
		rps   float64
		burst int
	}{{0, 1}, {-1, 1}, {math.NaN(), 1}, {math.Inf(1), 1}, {10, 0}, {10, -3}} {
		_, err := New(testAPIKey, testSecret, WithRateLimit(tc.rps, tc.burst))
		if !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("WithRateLimit(%v, %d): error %v, want ErrInvalidArgument", tc.rps, tc.burst, err)
		}
	}
}

// TestTransportConstantsAgree holds the facade's documented values to the
// ones the transport chain runs with.
func TestTransportConstantsAgree(t *testing.T) {
	if RetryAfterLimit != transport.RetryAfterLimit {
		t.Errorf("RetryAfterLimit %v, the transport's %v", RetryAfterLimit, transport.RetryAfterLimit)
	}
	if RetryCost != transport.RetryCost || ConnectionRetryCost != transport.ConnectionRetryCost {
		t.Errorf("RetryCost %d and ConnectionRetryCost %d, the transport's %d and %d", RetryCost, ConnectionRetryCost, transport.RetryCost, transport.ConnectionRetryCost)
	}
}
