package facade

import (
	"net/http"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/auth"
)

// apiChain walks the transport chain of c's API calls, outermost first,
// and fails the test unless it is call -> user agent -> retry -> attempt
// -> auth -> drain -> base (no middleware). It returns the layers.
func apiChain(t *testing.T, c *Client) (*retryTransport, *attemptTransport, http.RoundTripper) {
	t.Helper()
	hc, ok := c.api.Client.(*http.Client)
	if !ok {
		t.Fatalf("API doer is %T, want *http.Client", c.api.Client)
	}
	call, ok := hc.Transport.(*callTransport)
	if !ok {
		t.Fatalf("outermost layer is %T, want *callTransport", hc.Transport)
	}
	ua, ok := call.next.(*userAgentTransport)
	if !ok {
		t.Fatalf("below the call layer: %T, want *userAgentTransport", call.next)
	}
	retry, ok := ua.next.(*retryTransport)
	if !ok {
		t.Fatalf("below the user agent: %T, want *retryTransport", ua.next)
	}
	attempt, ok := retry.next.(*attemptTransport)
	if !ok {
		t.Fatalf("below retry: %T, want *attemptTransport", retry.next)
	}
	authed, ok := attempt.next.(*auth.Transport)
	if !ok {
		t.Fatalf("below attempt: %T, want *auth.Transport", attempt.next)
	}
	drain, ok := authed.Base.(*drainTransport)
	if !ok {
		t.Fatalf("below auth: %T, want *drainTransport", authed.Base)
	}
	return retry, attempt, drain.next
}

// TestDefaultChain checks what bounds a call under the default options,
// where a stalled server is only ended by them: the default attempt
// timeout and body cap on the attempt layer, and a base transport from
// NewTransport, with its pool and response header timeout.
func TestDefaultChain(t *testing.T) {
	c, err := New("test-key", "test-secret")
	noErr(t, err, "New")
	retry, attempt, base := apiChain(t, c)
	if attempt.timeout != DefaultAttemptTimeout || DefaultAttemptTimeout <= 0 {
		t.Errorf("attempt timeout = %v, want DefaultAttemptTimeout (%v)", attempt.timeout, DefaultAttemptTimeout)
	}
	if attempt.maxBytes != DefaultMaxResponseBytes {
		t.Errorf("body cap = %d, want DefaultMaxResponseBytes (%d)", attempt.maxBytes, DefaultMaxResponseBytes)
	}
	// The limiter is there for bulk jobs, and paces no single call.
	if rl, ok := retry.limiter.(*rateLimiter); retry.policy.MaxAttempts != DefaultMaxAttempts || !ok || rl.fixed || rl.adaptive {
		t.Errorf("retry layer: %d attempts, limiter %T; want %d and one that paces no single call", retry.policy.MaxAttempts, retry.limiter, DefaultMaxAttempts)
	}
	tr, ok := base.(*http.Transport)
	if !ok {
		t.Fatalf("base transport is %T, want *http.Transport from NewTransport", base)
	}
	if tr.MaxIdleConnsPerHost != DefaultMaxIdleConnsPerHost || tr.ResponseHeaderTimeout != DefaultResponseHeaderTimeout {
		t.Errorf("base: %d idle per host, header timeout %v; want %d and %v",
			tr.MaxIdleConnsPerHost, tr.ResponseHeaderTimeout, DefaultMaxIdleConnsPerHost, DefaultResponseHeaderTimeout)
	}
	if tr == http.DefaultTransport {
		t.Error("base transport is http.DefaultTransport, want the Client's own")
	}
}

// TestChainOptions checks that the options reach their layer, and that
// WithAttemptTimeout(0) removes the bound.
func TestChainOptions(t *testing.T) {
	mine := &http.Transport{}
	c, err := New("test-key", "test-secret", WithAttemptTimeout(0), WithMaxResponseBytes(1<<10), WithTransport(mine))
	noErr(t, err, "New")
	_, attempt, base := apiChain(t, c)
	if attempt.timeout != 0 || attempt.maxBytes != 1<<10 || base != mine {
		t.Errorf("attempt timeout %v, cap %d, base %p; want 0, 1024, %p", attempt.timeout, attempt.maxBytes, base, mine)
	}
	for _, n := range []int64{0, -1} {
		_, err := New("test-key", "test-secret", WithMaxResponseBytes(n))
		wantErr(t, err, ErrInvalidArgument, "WithMaxResponseBytes")
	}
	_, err = New("test-key", "test-secret", WithAttemptTimeout(-time.Second))
	wantErr(t, err, ErrInvalidArgument, "WithAttemptTimeout")
}
