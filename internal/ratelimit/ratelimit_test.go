package ratelimit

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"
	"time"

	"golang.org/x/time/rate"

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

// AIMD: the first 429 starts slow, at an eighth of the rate the answers
// came at, for everyone, and the rate doubles each second; a later 429
// sets it just under the server's rate estimated from the answers, to
// which it recovers, not past; then it probes higher, and in the end the
// limit is lifted.
func TestRateLimiterAdaptiveAIMD(t *testing.T) {
	l, clk, logs := limiterSetup(t, Config{})
	limiterFeed(l, clk, 20, 10*time.Millisecond, http.StatusOK) // the server's burst, at 2000/s
	if l.current != rate.Inf {
		t.Fatalf("rate before any 429 = %v, want unlimited", l.current)
	}
	limiterFeed(l, clk, 1, time.Millisecond, http.StatusTooManyRequests)
	if got := float64(l.current); !l.slowStart() || got < 2000/slowStartDivisor*0.9 || got > 2000/slowStartDivisor*1.1 {
		t.Errorf("rate after the first 429, answers at 2000/s = %v (slow start %v), want slow start at %v", got, l.slowStart(), 2000/slowStartDivisor)
	}
	if len(logs.ByMessage("leadfox: rate lowered after a 429")) != 1 {
		t.Errorf("the decrease was not logged once")
	}
	lowered := l.current
	// The echoes of the same overload, within the cooldown, do not lower
	// it again.
	limiterFeed(l, clk, 8, time.Millisecond, http.StatusTooManyRequests)
	if l.current != lowered {
		t.Errorf("8 more 429s within the cooldown moved the rate from %v to %v", lowered, l.current)
	}
	// A second of slow start doubles it.
	limiterFeed(l, clk, 300, time.Second, http.StatusOK)
	if got := float64(l.current); got < 1.8*float64(lowered) || got > 2.2*float64(lowered) {
		t.Errorf("rate after 1s of slow start from %v = %v, want about twice", lowered, got)
	}
	// A server of 300 per second, bursts of 20, full at the start: the
	// next 429 sets the rate to adaptiveDecrease of about 300.
	limiterFeed(l, clk, 1, time.Millisecond, http.StatusTooManyRequests)
	if got := float64(l.current); l.slowStart() || got < adaptiveDecrease*0.95*300 || got > adaptiveDecrease*300 {
		t.Errorf("rate after a 429 at 300/s = %v (slow start %v), want %v of the server's 300", got, l.slowStart(), adaptiveDecrease)
	}
	target := adaptiveMargin * float64(l.target)
	// One second of successes brings it back near the server's rate
	// (less a margin), not past it.
	limiterFeed(l, clk, 290, time.Second, http.StatusOK)
	if got := float64(l.current); got < 0.97*target || got > target {
		t.Errorf("rate after 1s without 429 = %v, want just under %v", got, target)
	}
	// Past it, it probes higher, by adaptiveIncrease per second at first.
	limiterFeed(l, clk, 300, time.Second, http.StatusOK)
	limiterFeed(l, clk, 300, time.Second, http.StatusOK)
	if got := float64(l.current); got < target*(1+adaptiveIncrease/4) || got > target*(1+6*adaptiveIncrease) {
		t.Errorf("rate after 3s without 429 = %v, want %v plus a few times %v of it", got, target, adaptiveIncrease)
	}
	// Long enough without a 429, the limit is lifted.
	for range 120 {
		limiterFeed(l, clk, 100, time.Second, http.StatusOK)
	}
	if l.current != rate.Inf {
		t.Errorf("rate after a minute without 429 = %v, want lifted", l.current)
	}
	if len(logs.ByMessage("leadfox: adaptive rate limit lifted")) != 1 {
		t.Errorf("the lift was not logged once")
	}
}

// A 429 before ten answers changes no rate; one that comes within
// minWindow of sending resuming after a pause says nothing of the
// server's rate, and starts slow from an eighth of the rate.
func TestRateLimiterAdaptiveSlowStart(t *testing.T) {
	l, clk, _ := limiterSetup(t, Config{})
	limiterFeed(l, clk, 5, 5*time.Millisecond, http.StatusOK)
	limiterFeed(l, clk, 1, time.Millisecond, http.StatusTooManyRequests)
	if l.current != rate.Inf {
		t.Fatalf("rate after a 429 with 5 answers seen = %v, want unlimited", l.current)
	}
	limiterFeed(l, clk, 20, 20*time.Millisecond, http.StatusOK)
	limiterFeed(l, clk, 1, time.Millisecond, http.StatusTooManyRequests)
	start := float64(l.current)
	if start == float64(rate.Inf) || !l.slowStart() {
		t.Fatalf("rate after a 429 with 25 answers in 25ms = %v (slow start %v), want a measured rate in slow start", l.current, l.slowStart())
	}
	limiterFeed(l, clk, 4000, 2*time.Second, http.StatusOK)
	if got := float64(l.current); got < 3*start || got > 5*start {
		t.Errorf("rate after 2s of slow start = %v, want about 4 times %v", got, start)
	}
	// A pause, then a 429 within minWindow of its end.
	limiterDone(l, limiterRequest(true), optable.UpsertContact, http.StatusTooManyRequests, "1")
	clk.Set(l.pauseUntil.Add(minWindow / 2))
	limiterFeed(l, clk, 20, 10*time.Millisecond, http.StatusOK)
	before := float64(l.current)
	limiterFeed(l, clk, 1, time.Millisecond, http.StatusTooManyRequests)
	if got := float64(l.current); !l.slowStart() || got > before/slowStartDivisor*1.01 {
		t.Errorf("rate after a 429 just after a pause = %v (slow start %v), want slow start from %v", got, l.slowStart(), before/slowStartDivisor)
	}
}

// Against a server whose 429s come back faster than its accepted answers,
// the first 429s count towards the ten answers the first decrease needs:
// else, with Retry-After: 0, the rows in flight retry unpaced, and may
// spend every attempt before the accepted answers arrive.
func TestRateLimiterAdaptiveEarly429sCount(t *testing.T) {
	l, clk, _ := limiterSetup(t, Config{})
	limiterFeed(l, clk, 8, 4*time.Millisecond, http.StatusOK)
	limiterFeed(l, clk, 30, 3*time.Millisecond, http.StatusTooManyRequests)
	if l.current == rate.Inf {
		t.Fatalf("rate after 8 answers and 30 429s = unlimited, want lowered")
	}
	if got, most := float64(l.current), 38/0.007/slowStartDivisor; !l.slowStart() || got > most {
		t.Errorf("rate = %v (slow start %v), want slow start at most %v, an eighth of the rate the answers came at", got, l.slowStart(), most)
	}
}

// With WithRateLimit as the ceiling, the adaptive rate climbs back to
// it, never past it.
func TestRateLimiterAdaptiveCeiling(t *testing.T) {
	l, clk, _ := limiterSetup(t, Config{RPS: 100, Burst: 10})
	limiterFeed(l, clk, 100, time.Second, http.StatusOK)
	limiterFeed(l, clk, 1, time.Millisecond, http.StatusTooManyRequests)
	if l.current >= 100 {
		t.Fatalf("rate after a 429 = %v, want below the ceiling of 100", l.current)
	}
	for range 30 {
		limiterFeed(l, clk, 100, time.Second, http.StatusOK)
	}
	if l.current != 100 || l.lim.Burst() != 10 {
		t.Errorf("rate and burst after 30s = %v, %d, want the ceiling 100 and 10", l.current, l.lim.Burst())
	}
}

// Only adaptive requests lower the rate; a fixed-rate client's own calls
// keep it.
func TestRateLimiterFixedCallsDoNotAdapt(t *testing.T) {
	l, _, _ := limiterSetup(t, Config{RPS: 50, Burst: 5})
	req := limiterRequest(false)
	for i := range 20 {
		limiterDone(l, req, optable.GetContact, http.StatusTooManyRequests, strconv.Itoa(i%2))
	}
	if l.current != 50 {
		t.Errorf("rate after 429s of fixed-rate calls = %v, want 50", l.current)
	}
}

// After a 429 with Retry-After: 1 the rate holds, without probing, for
// adaptiveHold, then probes higher.
func TestRateLimiteradaptiveHoldsAfterCostly429(t *testing.T) {
	l, clk, _ := limiterSetup(t, Config{})
	simFamilies[1].scenario(simNets[0], raSeconds, 20).run(simLimiterOf(l))
	held := l.current
	if held == rate.Inf || held > 400 {
		t.Fatalf("rate after 20s against 400/s = %v, want under 400", held)
	}
	decreased := l.decreased
	for clk.Now().Sub(decreased) < adaptiveHold-time.Second { // successes at the held rate
		limiterFeed(l, clk, int(held), time.Second, http.StatusOK)
	}
	if l.current > held {
		t.Errorf("the rate probed from %v to %v within %v of a 429 with Retry-After: 1", held, l.current, adaptiveHold)
	}
	for range 10 {
		limiterFeed(l, clk, int(held), time.Second, http.StatusOK)
	}
	if l.current <= held {
		t.Errorf("the rate still %v, %v after the 429: want it probing higher after the hold", l.current, clk.Now().Sub(decreased))
	}
}

// The burst is bounded by the window that began when the server's bucket
// was last full, not by all the answers before the 429: a client that
// sent slowly for a second, then fast until a bucket of 20 refilled at
// 300 per second ran out, tells a burst of 20.
func TestBurstBoundFindsTheWindowOfTheBurst(t *testing.T) {
	var log answerLog
	at := testNow
	for range 100 { // 100 per second: the bucket stays full
		at = at.Add(10 * time.Millisecond)
		log.add(at)
	}
	sent := 0.0
	for tokens := 20.0; tokens >= 1; tokens += 300.0 / 2000 { // 2000 per second until it runs out
		at = at.Add(time.Second / 2000)
		log.add(at)
		tokens--
		sent++
	}
	b := newBurstBound(&log, at.Add(time.Second/2000))
	if got := b.at(300); got < 19 || got > 21 {
		t.Errorf("burst bound at the server's rate of 300 = %v, want about 20 (the burst, %v answers sent fast)", got, sent)
	}
	if got := b.at(0); got != 100+sent {
		t.Errorf("burst bound at a rate of 0 = %v, want every answer, %v", got, 100+sent)
	}
	if b.at(200) < b.at(300) {
		t.Errorf("a lower rate gave a lower bound: %v at 200, %v at 300", b.at(200), b.at(300))
	}
}

// The limiter remembers the last maxAnswers answers, not all of them, and
// reads them newest first.
func TestAnswerLogIsBounded(t *testing.T) {
	var log answerLog
	for i := range 3 * maxAnswers {
		log.add(testNow.Add(time.Duration(i) * time.Millisecond))
	}
	if len(log.times) != maxAnswers {
		t.Errorf("the log holds %d answers after %d, want %d", len(log.times), 3*maxAnswers, maxAnswers)
	}
	last := testNow.Add(time.Duration(3*maxAnswers-1) * time.Millisecond)
	if got := log.newest(1); !got.Equal(last) {
		t.Errorf("newest answer at %v, want %v", got, last)
	}
	if got, want := log.newest(maxAnswers), last.Add(-time.Duration(maxAnswers-1)*time.Millisecond); !got.Equal(want) {
		t.Errorf("oldest answer kept at %v, want %v", got, want)
	}
}

// A 429 after a long calm at the server's rate still yields an estimate
// of that rate: the bound the last decrease left on the burst holds for
// any rate, and does not grow with the calm that followed it.
func TestRateLimiterAdaptiveEstimatesAfterALongCalm(t *testing.T) {
	l, clk, _ := limiterSetup(t, Config{})
	req := limiterRequest(true)
	limited := func() { // a 429 with Retry-After: 1, and its pause
		limiterDone(l, req, optable.UpsertContact, http.StatusTooManyRequests, "1")
		clk.Set(l.pauseUntil)
	}
	limiterFeed(l, clk, 20, 10*time.Millisecond, http.StatusOK) // a burst of 20
	limited()
	for _, calm := range []time.Duration{time.Second, 30 * time.Second, 2 * time.Second} {
		limiterFeed(l, clk, 20+int(300*calm.Seconds()), calm, http.StatusOK) // the burst, then 300 per second
		limited()
		if got := float64(l.current); l.slowStart() || got < adaptiveDecrease*0.9*300 || got > adaptiveDecrease*1.05*300 {
			t.Errorf("rate after a 429 that ended %v at 300/s = %v (slow start %v), want %v of about 300", calm, got, l.slowStart(), adaptiveDecrease)
		}
	}
}
