package ratelimit

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/internal/optable"
	"github.com/leadfox-go/leadfox/internal/testsupport"
	"github.com/leadfox-go/leadfox/internal/transport"
)

// testNow is when the fake clock of every test starts.
var testNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// defaultMaxPause is the MaxPause of a test's limiter: the default
// MaxRetryAfter of facade's RetryPolicy.
const defaultMaxPause = 30 * time.Second

// limiterSetup returns a limiter of cfg (Clock, Logger and MaxPause set
// here) on an auto fake clock, and its log.
func limiterSetup(t *testing.T, cfg Config) (*Limiter, *clocktest.Clock, *testsupport.LogRecorder) {
	t.Helper()
	clk, logs := clocktest.NewAuto(testNow), &testsupport.LogRecorder{}
	cfg.Clock, cfg.Logger, cfg.MaxPause = clk, slog.New(logs), defaultMaxPause
	return New(cfg), clk, logs
}

// limiterRequest returns a request of an adaptive (bulk) call or not.
func limiterRequest(adaptive bool) *http.Request {
	ctx := context.Background()
	if adaptive {
		ctx = context.WithValue(ctx, bulkKey{}, true)
	}
	return httptest.NewRequestWithContext(ctx, http.MethodPost, "https://api.leadfox.test/v1/contact/upsert", nil)
}

// bulkKey marks the context of a limiterRequest of a bulk job.
type bulkKey struct{}

// limitReq returns what the limiter is told of an attempt of req, an
// operation of op.
func limitReq(req *http.Request, op *optable.Operation) transport.LimitRequest {
	return transport.LimitRequest{Op: op, Attempt: 1, Bulk: req.Context().Value(bulkKey{}) != nil}
}

// limiterDone tells l of an answer to req of status, with a Retry-After
// if not "".
func limiterDone(l *Limiter, req *http.Request, op *optable.Operation, status int, retryAfter string) {
	res := transport.LimitResult{Status: status}
	res.RetryAfter, res.HasRetryAfter = transport.ParseRetryAfter(retryAfter, l.clock.Now())
	l.Done(req.Context(), limitReq(req, op), res)
}

// A 429's Retry-After pauses every paced caller, not only the one that
// got it.
func TestRateLimiterRetryAfterIsASharedPause(t *testing.T) {
	l, clk, logs := limiterSetup(t, Config{})
	got := limiterRequest(true)
	if err := l.Wait(got.Context(), limitReq(got, optable.UpsertContact)); err != nil {
		t.Fatal(err)
	}
	limiterDone(l, got, optable.UpsertContact, http.StatusTooManyRequests, "2")

	other := limiterRequest(true)
	if err := l.Wait(other.Context(), limitReq(other, optable.UpsertContact)); err != nil {
		t.Fatal(err)
	}
	if waits := clk.Durations(); len(waits) == 0 || waits[0] != 2*time.Second {
		t.Errorf("another caller waited %v, want the shared pause of 2s first", waits)
	}
	if len(logs.ByMessage("leadfox: rate limited, pausing every request")) != 1 {
		t.Errorf("the pause was not logged once at info: %v", logs.Records())
	}

	// A caller that is not paced (no bulk job, no WithRateLimit) does not
	// wait.
	before := len(clk.Durations())
	limiterDone(l, got, optable.UpsertContact, http.StatusTooManyRequests, "5")
	plain := limiterRequest(false)
	if err := l.Wait(plain.Context(), limitReq(plain, optable.UpsertContact)); err != nil || len(clk.Durations()) != before {
		t.Errorf("an unpaced call waited %v (err %v)", clk.Durations()[before:], err)
	}
}

// The shared pause is bounded by the retry policy's MaxRetryAfter.
func TestRateLimiterPauseIsBounded(t *testing.T) {
	l, clk, _ := limiterSetup(t, Config{Adaptive: true})
	req := limiterRequest(false)
	limiterDone(l, req, optable.UpsertContact, http.StatusTooManyRequests, "86400")
	if err := l.Wait(req.Context(), limitReq(req, optable.UpsertContact)); err != nil {
		t.Fatal(err)
	}
	if waits := clk.Durations(); len(waits) != 1 || waits[0] != defaultMaxPause {
		t.Errorf("waits %v, want one of defaultMaxPause (%v)", waits, defaultMaxPause)
	}
}

// Waiting ends with the caller's context.
func TestRateLimiterWaitHonoursContext(t *testing.T) {
	l, clk, _ := limiterSetup(t, Config{RPS: 1, Burst: 1})
	clk.SetMode(clocktest.Manual)
	ctx, cancel := context.WithCancel(context.Background())
	req := limiterRequest(false).WithContext(ctx)
	if err := l.Wait(ctx, limitReq(req, optable.GetContact)); err != nil {
		t.Fatalf("first wait (a token is free): %v", err)
	}
	errc := make(chan error, 1)
	go func() { errc <- l.Wait(ctx, limitReq(req, optable.GetContact)) }()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("wait with an empty bucket and a canceled context: %v, want context.Canceled", err)
	}
	// The canceled wait gave its token back: the next one waits one
	// token's time, not two.
	clk.SetMode(clocktest.Auto)
	if err := l.Wait(context.Background(), limitReq(req, optable.GetContact)); err != nil {
		t.Fatal(err)
	}
	if waits := clk.Durations(); waits[len(waits)-1] > time.Second {
		t.Errorf("the wait after a canceled one was %v, want at most 1s", waits[len(waits)-1])
	}
}

// A fixed limit paces every request at its rate. (The token exchange is
// never paced: the transport chain never passes it to the limiter.)
func TestRateLimiterFixedRate(t *testing.T) {
	l, clk, _ := limiterSetup(t, Config{RPS: 10, Burst: 2})
	req := limiterRequest(false)
	for range 5 {
		if err := l.Wait(req.Context(), limitReq(req, optable.GetContact)); err != nil {
			t.Fatal(err)
		}
	}
	waits := clk.Durations()
	want := []time.Duration{100 * time.Millisecond, 100 * time.Millisecond, 100 * time.Millisecond}
	if !slices.Equal(waits, want) {
		t.Errorf("5 calls at 10/s with a burst of 2 waited %v, want %v", waits, want)
	}
}

// A token taken before a pause began is taken again after it, so that
// the callers waiting when a pause ends go at the rate, not all at once.
func TestRateLimiterTokenTakenAgainAfterAPause(t *testing.T) {
	l, clk, _ := limiterSetup(t, Config{RPS: 10, Burst: 1})
	req := limiterRequest(false)
	if err := l.Wait(req.Context(), limitReq(req, optable.GetContact)); err != nil { // the burst's token
		t.Fatal(err)
	}
	paused := false
	clk.OnAfter(func(time.Duration) { // a 429 comes while the next caller waits for its token
		if !paused {
			paused = true
			limiterDone(l, req, optable.GetContact, http.StatusTooManyRequests, "1")
		}
	})
	for range 2 { // that caller, then one that finds the pause over
		if err := l.Wait(req.Context(), limitReq(req, optable.GetContact)); err != nil {
			t.Fatal(err)
		}
	}
	want := []time.Duration{100 * time.Millisecond, time.Second, 100 * time.Millisecond}
	if waits := clk.Durations(); !slices.Equal(waits, want) {
		t.Errorf("a caller whose token came during a pause, then another, waited %v, want %v (its token, the pause, the other's token)", waits, want)
	}
}

// limiterFeed answers n adaptive requests with status, spread evenly over
// d on the fake clock.
func limiterFeed(l *Limiter, clk *clocktest.Clock, n int, d time.Duration, status int) {
	req := limiterRequest(true)
	for range n {
		clk.Advance(d / time.Duration(n))
		limiterDone(l, req, optable.UpsertContact, status, "0")
	}
}

// limited answers an adaptive request with a 429 asking for retryAfter.
func limited(l *Limiter, retryAfter string) {
	req := limiterRequest(true)
	limiterDone(l, req, optable.UpsertContact, http.StatusTooManyRequests, retryAfter)
}

// 429s before any answer was accepted (a prelude) only pause: nothing
// was measured, so the rate stays unlimited.
func TestRateLimiterPreludeOnlyPauses(t *testing.T) {
	l, clk, _ := limiterSetup(t, Config{})
	for range 20 {
		limited(l, "1")
		clk.Advance(50 * time.Millisecond)
	}
	if !math.IsInf(l.rate, 1) {
		t.Errorf("rate after a prelude of 429s = %v, want unlimited", l.rate)
	}
	if !l.pauseUntil.After(clk.Now()) {
		t.Errorf("no shared pause after a prelude of 429s")
	}
}

// The first 429, with less than a second of sending behind it, sets the
// rate to the answers of the last second and ramps it up startGrowth-fold
// per second; a 429 within a second of a decrease is its echo and changes
// nothing.
func TestRateLimiterFirst429Ramps(t *testing.T) {
	l, clk, _ := limiterSetup(t, Config{})
	req := limiterRequest(true)
	if err := l.Wait(req.Context(), limitReq(req, optable.UpsertContact)); err != nil {
		t.Fatal(err)
	}
	limiterFeed(l, clk, 30, 100*time.Millisecond, http.StatusOK)
	limited(l, "0")
	if l.rate != 30 || l.anchor != 0 {
		t.Fatalf("rate and anchor after the first 429 = %v, %v, want 30 (the answers of the last second) and 0 (ramping)", l.rate, l.anchor)
	}
	limited(l, "0")
	if l.rate != 30 {
		t.Errorf("rate after an echo = %v, want 30 unchanged", l.rate)
	}
	limiterFeed(l, clk, 60, time.Second, http.StatusOK)
	if got, want := l.rate, 30*startGrowth; got < 0.9*want || got > 1.1*want {
		t.Errorf("rate a second later = %v, want about %v (startGrowth-fold)", got, want)
	}
}

// A 429 after a second of sending measures the server: the rate drops to
// decreaseFactor of what was accepted over that second, climbs back to
// anchorMargin of it, holds there for holdPerPause per second of pause,
// then probes higher.
func TestRateLimiterCleanMeasureHoldsThenProbes(t *testing.T) {
	l, clk, logs := limiterSetup(t, Config{})
	limiterFeed(l, clk, 10, 100*time.Millisecond, http.StatusOK)
	limited(l, "0") // the first 429: ramping
	clk.Advance(time.Second)
	limiterFeed(l, clk, 300, time.Second, http.StatusOK)
	l.anchor = 290 // as if measured before: 300 confirms it within confirmBand
	limited(l, "1")
	if l.anchor != 290 || l.confirmed != 1 {
		t.Errorf("anchor after a measure of 300 confirming 290 = %v (confirmed %d), want 290 (the lower), confirmed once", l.anchor, l.confirmed)
	}
	if want := decreaseFactor * 290; math.Abs(l.rate-want) > 0.01 {
		t.Errorf("rate after a clean 429 = %v, want %v", l.rate, want)
	}
	clk.Set(l.pauseUntil)
	limiterFeed(l, clk, 300, 2*time.Second, http.StatusOK)
	if want := anchorMargin * 290; math.Abs(l.rate-want) > 0.01 {
		t.Errorf("rate 2 s after the pause = %v, want the anchor's margin %v", l.rate, want)
	}
	limiterFeed(l, clk, 2000, 7*time.Second, http.StatusOK) // within the hold of 10 s
	if want := anchorMargin * 290; math.Abs(l.rate-want) > 0.01 {
		t.Errorf("rate within the hold = %v, want %v", l.rate, want)
	}
	limiterFeed(l, clk, 900, 3*time.Second, http.StatusOK) // past the hold
	if l.rate <= anchorMargin*290*1.05 {
		t.Errorf("rate 2 s past the hold = %v, want probing above %v", l.rate, anchorMargin*290)
	}
	if len(logs.ByMessage("leadfox: rate lowered after a 429")) != 2 {
		t.Errorf("decreases logged: %v, want 2", logs.ByMessage("leadfox: rate lowered after a 429"))
	}
}

// A clean measure far from the anchor is a limit that changed: it
// replaces the anchor.
func TestRateLimiterLimitChangeReplacesAnchor(t *testing.T) {
	l, clk, _ := limiterSetup(t, Config{})
	limiterFeed(l, clk, 10, 100*time.Millisecond, http.StatusOK)
	limited(l, "0")
	clk.Advance(time.Second)
	l.anchor = 400
	limiterFeed(l, clk, 200, time.Second, http.StatusOK)
	limited(l, "0")
	if l.anchor < 180 || l.anchor > 200 {
		t.Errorf("anchor after a second of 200 answers = %v, want about 200, not the old 400", l.anchor)
	}
}

// A 429 soon after a pause says the rate is too high: the anchor becomes
// the lower of againFactor of the rate and what the last second
// accepted, pause included.
func TestRateLimiterRefusedAgainAfterAPause(t *testing.T) {
	l, clk, _ := limiterSetup(t, Config{})
	limiterFeed(l, clk, 10, 100*time.Millisecond, http.StatusOK)
	limited(l, "0")
	clk.Advance(time.Second)
	limiterFeed(l, clk, 380, time.Second, http.StatusOK)
	limited(l, "1") // a clean measure, and a pause of 1 s
	clk.Set(l.pauseUntil)
	limiterFeed(l, clk, 100, 400*time.Millisecond, http.StatusOK)
	clk.Advance(300 * time.Millisecond)
	before := l.rate
	limited(l, "1") // 0.7 s after the pause
	if l.anchor > againFactor*before || l.anchor > 100 {
		t.Errorf("anchor after a 429 0.7 s after the pause = %v, want at most %v and at most 100 (the answers of the last second)", l.anchor, againFactor*before)
	}
}

// A 429 without a Retry-After pauses only its own caller (the retry
// layer backs it off): other callers go on at the rate.
func TestRateLimiterNoRetryAfterPausesNobodyElse(t *testing.T) {
	l, clk, _ := limiterSetup(t, Config{})
	limiterFeed(l, clk, 10, 100*time.Millisecond, http.StatusOK)
	limited(l, "")
	if l.pauseUntil.After(clk.Now()) {
		t.Errorf("a 429 without Retry-After paused every caller until %v", l.pauseUntil)
	}
}

// A minute without a 429 lifts the rate.
func TestRateLimiterLiftsAfterAMinute(t *testing.T) {
	l, clk, logs := limiterSetup(t, Config{})
	limiterFeed(l, clk, 10, 100*time.Millisecond, http.StatusOK)
	limited(l, "0")
	limiterFeed(l, clk, 600, time.Minute, http.StatusOK)
	if !math.IsInf(l.rate, 1) {
		t.Errorf("rate after a minute without 429 = %v, want unlimited", l.rate)
	}
	if len(logs.ByMessage("leadfox: rate lifted after a minute without 429")) != 1 {
		t.Errorf("the lift was not logged once")
	}
}

// Each clean measure that confirms the anchor doubles the hold, up to
// maxConfirmedHold; one that does not resets it.
func TestRateLimiterConfirmedAnchorHoldsLonger(t *testing.T) {
	l, clk, _ := limiterSetup(t, Config{})
	limiterFeed(l, clk, 10, 100*time.Millisecond, http.StatusOK)
	limited(l, "0") // the first 429: ramping
	clk.Advance(time.Second)
	l.anchor = 300
	var holds []time.Duration
	for _, n := range []int{300, 300, 300, 300, 150} {
		limiterFeed(l, clk, n, time.Second, http.StatusOK)
		limited(l, "1")
		holds = append(holds, l.holdUntil.Sub(clk.Now()))
		clk.Set(l.pauseUntil)
		limiterFeed(l, clk, n, time.Second, http.StatusOK)
	}
	want := []time.Duration{10 * time.Second, 20 * time.Second, maxConfirmedHold, maxConfirmedHold, 10 * time.Second}
	if !slices.Equal(holds, want) {
		t.Errorf("holds after measures of 300, 300, 300, 300 and 150 = %v, want %v", holds, want)
	}
}
