package transport

import (
	"context"
	"net/http"
	"testing"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/internal/optable"
)

// countingLimiter counts the attempts it is asked to pace.
type countingLimiter struct{ waits, dones int }

func (l *countingLimiter) Wait(context.Context, LimitRequest) error {
	l.waits++
	return nil
}

func (l *countingLimiter) Done(context.Context, LimitRequest, LimitResult) { l.dones++ }

// testConfig returns a Config over base, with a counting limiter.
func testConfig(base http.RoundTripper) (*Config, *countingLimiter) {
	lim := &countingLimiter{}
	return &Config{
		Base: base, BaseURL: "https://api.leadfox.test", UserAgent: "test", Policy: testPolicy,
		Clock: clocktest.NewAuto(testNow), MaxResponseBytes: defaultMaxBytes, Limiter: lim,
	}, lim
}

// TestAPIChainLayers walks the API chain, outermost first, and fails
// unless it is call -> retry -> middleware -> attempt -> auth -> drain ->
// base, as the package doc draws it.
func TestAPIChainLayers(t *testing.T) {
	base := roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, nil })
	type middleware struct{ http.RoundTripper }
	cfg, _ := testConfig(base)
	cfg.Wrap = func(next http.RoundTripper) (http.RoundTripper, error) { return middleware{next}, nil }
	hc, err := APIClient(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	call, ok := hc.Transport.(*callTransport)
	if !ok {
		t.Fatalf("outermost layer is %T, want *callTransport", hc.Transport)
	}
	retry, ok := call.next.(*retryTransport)
	if !ok || retry.limiter != cfg.Limiter || !retry.perCall {
		t.Fatalf("below the call layer: %T, want the per-call *retryTransport with the limiter", call.next)
	}
	mw, ok := retry.next.(middleware)
	if !ok {
		t.Fatalf("below retry: %T, want the middleware", retry.next)
	}
	attempt, ok := mw.RoundTripper.(*attemptTransport)
	if !ok || attempt.maxBytes != defaultMaxBytes {
		t.Fatalf("below the middleware: %T, want the *attemptTransport", mw.RoundTripper)
	}
	authed, ok := attempt.next.(*auth.Transport)
	if !ok {
		t.Fatalf("below attempt: %T, want *auth.Transport", attempt.next)
	}
	if drain, ok := authed.Base.(*drainTransport); !ok || drain.next == nil {
		t.Fatalf("below auth: %T, want *drainTransport over the base", authed.Base)
	}
}

// TestExchangeChainIsNeverPaced checks the exchange chain: user agent ->
// retry -> attempt -> drain -> base, every request of op authenticate,
// and no limiter, so that the token that every paced call waits for is
// never itself paced.
func TestExchangeChainIsNeverPaced(t *testing.T) {
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
	})
	cfg, lim := testConfig(base)
	hc := ExchangeClient(cfg)
	req, _ := http.NewRequest(http.MethodPost, "https://api.leadfox.test/v1/auth", nil)
	resp, err := hc.Do(req) //nolint:bodyclose // DrainClose closes it
	if err != nil {
		t.Fatal(err)
	}
	DrainClose(resp.Body)
	if lim.waits+lim.dones != 0 {
		t.Errorf("the limiter was asked %d times about the exchange, want never", lim.waits+lim.dones)
	}
	retry := hc.Transport.(*userAgentTransport).next.(*retryTransport)
	if retry.op != optable.Authenticate || retry.limiter != nil || retry.perCall {
		t.Errorf("exchange retry layer: op %v, limiter %v, per call %v; want authenticate, none, false", retry.op.Name(), retry.limiter, retry.perCall)
	}
}
