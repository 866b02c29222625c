package facade

import (
	"context"
	"log/slog"
	"math"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// The constants of the adaptive rate limiter (see [WithAdaptiveRateLimit]).
const (
	// AdaptiveDecrease is the factor a 429 applies to the rate the
	// server was seen to accept over the last second: the multiplicative
	// decrease of the limiter's AIMD.
	AdaptiveDecrease = 0.9
	// AdaptiveRecovery is the share of the gap between the rate and the
	// accepted rate measured at the last 429 that each second without a
	// 429 closes: the rate climbs back fast, and flattens as it nears
	// the rate the server accepted.
	AdaptiveRecovery = 2.0
	// AdaptiveIncrease is the share of the current rate added per second
	// without a 429 once the rate is back at the accepted rate measured
	// at the last 429, at least [AdaptiveMinRate] per second, and more
	// the longer no 429 comes: the probe of the limiter's AIMD for a
	// higher limit.
	AdaptiveIncrease = 0.02
	// AdaptiveMinRate is the lowest rate, in requests per second, that
	// 429s bring the adaptive limiter down to.
	AdaptiveMinRate = 1.0
	// AdaptiveHold is how long, per second of a 429's Retry-After, the
	// adaptive rate holds under the rate measured at that 429 before it
	// probes higher again: a probe that overshoots costs every caller
	// the whole Retry-After, so the costlier a 429, the rarer the
	// probes. A 429 without a Retry-After, or with 0, holds nothing.
	AdaptiveHold = 30 * time.Second
)

// The timing of the adaptive limiter.
const (
	// adaptiveCooldown is how long after a decrease further 429s are
	// taken as echoes of the same overload (the requests already in
	// flight) and neither decrease again nor raise.
	adaptiveCooldown = 100 * time.Millisecond
	// adaptiveRaiseEvery bounds how often successes raise the rate.
	adaptiveRaiseEvery = 50 * time.Millisecond
	// adaptiveLiftFactor: once the rate is this many times the one the
	// last decrease set, without a 429 in between, the adaptive limit
	// is lifted and requests go unpaced again.
	adaptiveLiftFactor = 4
	// adaptiveBurstSpan is how much time's worth of requests the
	// adaptive limiter lets through at once.
	adaptiveBurstSpan = 20 * time.Millisecond
	// rateWindow is the time, pauses left out, over which the accepted
	// rate is measured.
	rateWindow = time.Second
	// minMeasured is how many answers the window must hold for the
	// accepted rate to be trusted.
	minMeasured = 10
	// minSpan is the shortest time the accepted rate is measured over.
	minSpan = 10 * time.Millisecond
	// adaptiveMargin is the share of the accepted rate measured at the
	// last 429 that the rate recovers to quickly, before probing.
	adaptiveMargin = 0.97
	// trustSpan is the shortest window whose accepted rate is trusted
	// over the limiter's own rate.
	trustSpan = 250 * time.Millisecond
)

// WithRateLimit paces every request of the Client, from every goroutine,
// to at most rps requests per second, with bursts of up to burst
// requests, on a token bucket of [golang.org/x/time/rate]. A request
// waits for its token before each attempt, retries included; the wait
// ends with the caller's context. A 429 answer with a Retry-After pauses
// every paced request of the Client until it has passed (up to the retry
// policy's MaxRetryAfter), not just the one that got it.
//
// The rate is fixed unless adaptive pacing lowers it below rps (see
// [WithAdaptiveRateLimit]; the bulk helpers such as
// [ContactsService.UpsertMany] use it by default), and then rps is the
// ceiling the adaptive rate climbs back to. Without this option the
// Client does not pace calls, except those that adaptive pacing covers.
//
// rps must be positive and finite, burst at least 1; anything else is an
// error matching [ErrInvalidArgument].
func WithRateLimit(rps float64, burst int) Option {
	return func(c *config) error {
		if !(rps > 0) || math.IsInf(rps, 0) {
			return invalidArg("rate limit", "%v requests per second: want a positive finite rate", rps)
		}
		if burst < 1 {
			return invalidArg("rate limit burst", "%d: want at least 1", burst)
		}
		c.rateLimit.rps, c.rateLimit.burst = rps, burst
		return nil
	}
}

// WithAdaptiveRateLimit makes every request of the Client paced
// adaptively, as the bulk helpers' requests are by default. Adaptive
// pacing is shared by every goroutine of the Client and works as AIMD:
// it starts unlimited (or at the ceiling of [WithRateLimit]); on a 429 it
// sets the rate to [AdaptiveDecrease] times the rate the server accepted
// over the last second, pauses left out (never below [AdaptiveMinRate]),
// or later, when that is lower, the rate it had, for all callers at once,
// and pauses them all for the answer's Retry-After. After the first
// decrease, the rate a 429 goes by is the server's sustained rate by the
// token-bucket model: the answers accepted since the previous 429 over
// the time outside pauses, less the server's burst when a pause let its
// bucket refill (estimated from the answers before the first decrease),
// so that the burst a pause buys does not pass for rate; before ten answers
// are seen, a 429 only pauses. If the first measure covered less than a
// quarter of a second, it may be low, and the rate then doubles each
// second until the next 429 ("slow start"). Otherwise each second
// without a 429 closes [AdaptiveRecovery] of the gap to the
// accepted rate measured, and past it, once [AdaptiveHold] per second of
// the last Retry-After has passed without a 429, adds [AdaptiveIncrease]
// of the rate, until the ceiling, or, without one, until the rate is four times
// what the decrease set, when the limit is lifted. Changes are logged to the
// [WithLogger] logger: decreases and the lift at info level, raises at
// debug level.
func WithAdaptiveRateLimit() Option {
	return func(c *config) error {
		c.rateLimit.adaptive = true
		return nil
	}
}

// rateLimitConfig is what WithRateLimit and WithAdaptiveRateLimit set.
type rateLimitConfig struct {
	rps      float64 // 0: no fixed limit
	burst    int
	adaptive bool // every request, not only the bulk helpers'
}

type adaptiveKey struct{}

// withAdaptive returns ctx marking its requests as paced adaptively.
func withAdaptive(ctx context.Context) context.Context {
	return context.WithValue(ctx, adaptiveKey{}, true)
}

// rateLimiter is the Client's one attemptLimiter: the fixed limit of
// WithRateLimit, the adaptive AIMD rate and the shared Retry-After pause,
// over one rate.Limiter. The token exchange is never paced.
type rateLimiter struct {
	clock    Clock
	log      *slog.Logger
	ceiling  rate.Limit // WithRateLimit's rps, or rate.Inf
	burst    int        // WithRateLimit's burst, or 0
	fixed    bool       // pace every request
	adaptive bool       // every request is adaptive
	maxPause time.Duration
	lim      *rate.Limiter

	mu         sync.Mutex
	current    rate.Limit // the adaptive rate, <= ceiling; rate.Inf if unlimited
	floor      rate.Limit // the rate the last decrease set
	target     rate.Limit // the accepted rate the last decrease measured
	penalty    float64    // seconds of the last 429's Retry-After
	logged     rate.Limit // the rate last logged
	pauseUntil time.Time
	decreased  time.Time // of the last decrease
	raised     time.Time // of the last raise or decrease
	slowStart  bool      // the last decrease had no trusted measure to go by
	accepted   acceptedRate
	seg        segment // the answers since the last 429
	first      segment // the answers before the first decrease
	srvBurst   float64 // the server's estimated burst, in requests
}

// newRateLimiter returns the limiter of a Client configured by cfg.
func newRateLimiter(cfg *config) *rateLimiter {
	l := &rateLimiter{
		clock:    cfg.clock,
		log:      cfg.logger,
		ceiling:  rate.Inf,
		fixed:    cfg.rateLimit.rps > 0,
		adaptive: cfg.rateLimit.adaptive,
		maxPause: cfg.retry.withDefaults().MaxRetryAfter,
	}
	if l.fixed {
		l.ceiling, l.burst = rate.Limit(cfg.rateLimit.rps), cfg.rateLimit.burst
	}
	l.current = l.ceiling
	l.lim = rate.NewLimiter(l.ceiling, l.burstFor(l.ceiling))
	return l
}

// burstFor returns the bucket size at rate r: WithRateLimit's burst at
// its ceiling, or for an adaptive rate below it adaptiveBurstSpan's worth
// of requests, at most WithRateLimit's burst.
func (l *rateLimiter) burstFor(r rate.Limit) int {
	if r >= l.ceiling {
		return max(l.burst, 1)
	}
	b := max(1, int(float64(r)*adaptiveBurstSpan.Seconds()))
	if l.burst > 0 {
		b = min(b, l.burst)
	}
	return b
}

// paced reports whether a request with this context waits for the
// limiter, and whether its 429s lower the rate.
func (l *rateLimiter) paced(ctx context.Context) (paced, adaptive bool) {
	adaptive = l.adaptive || ctx.Value(adaptiveKey{}) != nil
	return adaptive || l.fixed, adaptive
}

// wait blocks until the shared pause is over and a token is free, or ctx
// ends.
func (l *rateLimiter) wait(ctx context.Context, _ *http.Request, op *operation) error {
	if paced, _ := l.paced(ctx); !paced || op == opAuthenticate {
		return nil
	}
	if err := l.waitPause(ctx); err != nil {
		return err
	}
	now := l.clock.Now()
	r := l.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		if err := sleepCtx(ctx, l.clock, d); err != nil {
			r.CancelAt(l.clock.Now())
			return err
		}
	}
	return l.waitPause(ctx) // a pause may have begun during the wait
}

// waitPause waits until the shared Retry-After pause is over.
func (l *rateLimiter) waitPause(ctx context.Context) error {
	for {
		l.mu.Lock()
		until := l.pauseUntil
		l.mu.Unlock()
		d := until.Sub(l.clock.Now())
		if d <= 0 {
			return ctx.Err()
		}
		if err := sleepCtx(ctx, l.clock, d); err != nil {
			return err
		}
	}
}

// sleepCtx waits d on clk, or until ctx ends.
func sleepCtx(ctx context.Context, clk Clock, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-clk.After(d):
		return nil
	}
}

// done learns from the outcome of an attempt: a 429 sets the shared
// pause and, for an adaptive request, lowers the rate; any other answer
// counts as accepted and may raise it.
func (l *rateLimiter) done(req *http.Request, op *operation, resp *http.Response, err error) {
	paced, adaptive := l.paced(req.Context())
	if !paced || op == opAuthenticate || err != nil {
		return
	}
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if resp.StatusCode != http.StatusTooManyRequests {
		if !now.Before(l.pauseUntil) { // the answers of a pause measure nothing
			l.accepted.add(now, l.pauseUntil)
			l.seg.add(now, l.pauseUntil)
		}
		if adaptive {
			l.raise(req.Context(), now)
		}
		return
	}
	ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now)
	ra = min(ra, l.maxPause)
	if adaptive {
		l.decrease(req.Context(), now, ra)
	}
	if ok && ra > 0 {
		l.pause(req.Context(), now, ra)
	}
}

// pause makes every paced request wait until now+d. l.mu is held.
func (l *rateLimiter) pause(ctx context.Context, now time.Time, d time.Duration) {
	until := now.Add(d)
	if !until.After(l.pauseUntil) {
		return
	}
	l.pauseUntil = until
	l.raised = until // a pause raises nothing
	l.seg.paused = true
	l.info(ctx, "leadfox: rate limited, pausing every request", slog.Duration("pause", d))
}

// decrease lowers the rate after a 429, once per adaptiveCooldown.
// l.mu is held.
func (l *rateLimiter) decrease(ctx context.Context, now time.Time, retryAfter time.Duration) {
	if now.Sub(l.decreased) < adaptiveCooldown {
		return
	}
	l.penalty = retryAfter.Seconds()
	measured, n, span := l.accepted.perSecond()
	if l.current == rate.Inf && n < minMeasured {
		return // nothing to go by yet: the pause alone slows the callers
	}
	trusted := n >= minMeasured && span >= trustSpan
	base := float64(l.current)
	switch {
	case l.current == rate.Inf:
		base = measured
		l.first, l.srvBurst = l.seg, l.seg.n
	case l.seg.n >= minMeasured:
		base = min(base, l.sustained())
	case trusted:
		base = min(base, measured)
	}
	l.seg = segment{}
	l.slowStart = l.current == rate.Inf && !trusted
	l.target = rate.Limit(base)
	r := max(AdaptiveMinRate, AdaptiveDecrease*base)
	l.decreased, l.raised = now, now
	l.floor = rate.Limit(r)
	l.set(now, l.floor)
	l.logged = l.floor
	l.info(ctx, "leadfox: rate lowered after a 429", slog.Float64("rps", r))
}

// sustained returns the server's sustained rate estimated from the
// answers since the last 429, by the token-bucket model: a server's
// bucket is empty at a 429, so the answers accepted since the last one
// are its rate times the time spent outside pauses, plus, if a pause let
// the bucket refill, its burst (taken as the answers before the first
// decrease, less what the rate refilled meanwhile, and at most half the
// answers). It updates the burst's estimate. l.mu is held.
func (l *rateLimiter) sustained() float64 {
	credit := 0.0
	if l.seg.paused {
		credit = min(l.srvBurst, l.seg.n/2)
	}
	r := (l.seg.n - credit) / max(minSpan.Seconds(), l.seg.active)
	l.srvBurst = max(1, l.first.n-r*l.first.active)
	return r
}

// raise adds to the rate for the time since the last change, once per
// adaptiveRaiseEvery. l.mu is held.
func (l *rateLimiter) raise(ctx context.Context, now time.Time) {
	if l.current == l.ceiling || now.Sub(l.raised) < adaptiveRaiseEvery || now.Sub(l.decreased) < adaptiveCooldown || now.Before(l.pauseUntil) {
		return
	}
	dt := now.Sub(l.raised).Seconds()
	l.raised = now
	next := l.next(dt)
	switch {
	case next >= l.ceiling:
		next = l.ceiling
	case l.ceiling == rate.Inf && next >= adaptiveLiftFactor*l.floor:
		next = rate.Inf
	}
	l.set(now, next)
	switch {
	case next == rate.Inf:
		l.info(ctx, "leadfox: adaptive rate limit lifted")
	case next == l.ceiling || next >= 1.1*l.logged:
		l.debug(ctx, "leadfox: rate raised", slog.Float64("rps", float64(next)))
	default:
		return
	}
	l.logged = next
}

// next returns the rate dt seconds of successes after the current one:
// doubled per second in slow start; else closing AdaptiveRecovery of the
// gap to adaptiveMargin of the target per second, without passing it;
// past it, nothing until AdaptiveHold per second of the last Retry-After
// has passed since the last 429, then AdaptiveIncrease more per second,
// times 1 + the seconds since the hold ended (the longer the calm, the
// faster the probe), divided by
// 1 + 10 times the last Retry-After in seconds (the costlier a 429, the
// slower the probe).
// l.mu is held.
func (l *rateLimiter) next(dt float64) rate.Limit {
	cur, target := float64(l.current), adaptiveMargin*float64(l.target)
	var inc float64
	switch {
	case l.slowStart:
		inc = cur
	case cur < 0.99*target:
		inc = AdaptiveRecovery * (target - cur)
	default:
		calm := l.clock.Now().Sub(l.decreased).Seconds() - l.penalty*AdaptiveHold.Seconds()
		if calm < 0 {
			return l.current // holding after a costly 429
		}
		inc = AdaptiveIncrease * cur * (1 + calm) / (1 + 10*l.penalty)
	}
	next := cur + max(AdaptiveMinRate, inc)*dt
	if !l.slowStart && cur < target {
		next = min(next, target)
	}
	return rate.Limit(next)
}

// set makes r the rate of the token bucket. l.mu is held.
func (l *rateLimiter) set(now time.Time, r rate.Limit) {
	l.current = r
	l.lim.SetLimitAt(now, r)
	l.lim.SetBurstAt(now, l.burstFor(r))
}

func (l *rateLimiter) info(ctx context.Context, msg string, attrs ...slog.Attr) {
	if l.log != nil {
		l.log.LogAttrs(ctx, slog.LevelInfo, msg, attrs...)
	}
}

func (l *rateLimiter) debug(ctx context.Context, msg string, attrs ...slog.Attr) {
	if l.log != nil {
		l.log.LogAttrs(ctx, slog.LevelDebug, msg, attrs...)
	}
}

// acceptedRate estimates the rate of answers other than 429 over about
// the last second of time not spent in a shared pause: a window with a
// pause in it would measure the pause, not the server.
type acceptedRate struct {
	last   time.Time // of the last answer counted
	n      float64   // answers in the window
	active float64   // seconds of the window, pauses left out
}

// add counts an answer at now; pauseEnd is the end of the last pause.
func (a *acceptedRate) add(now, pauseEnd time.Time) {
	a.active += activeGap(a.last, now, pauseEnd)
	a.last = now
	a.n++
	if window := rateWindow.Seconds(); a.active > window {
		a.n *= window / a.active
		a.active = window
	}
}

// perSecond returns the estimated rate, the number of answers in the
// window, and the window's span.
func (a *acceptedRate) perSecond() (perSecond float64, n int, span time.Duration) {
	span = time.Duration(a.active * float64(time.Second))
	return a.n / max(minSpan, span).Seconds(), int(a.n), span
}

// segment counts the answers accepted since a 429, outside pauses.
type segment struct {
	last   time.Time // of the last answer counted
	n      float64   // answers accepted
	active float64   // seconds, pauses left out
	paused bool      // a pause let the server's bucket refill
}

// add counts an answer at now; pauseEnd is the end of the last pause.
func (s *segment) add(now, pauseEnd time.Time) {
	s.active += activeGap(s.last, now, pauseEnd)
	s.last = now
	s.n++
}

// activeGap returns the seconds from the answer at last (none if zero) to
// the one at now, the part before pauseEnd, a pause's, left out.
func activeGap(last, now, pauseEnd time.Time) float64 {
	if last.IsZero() {
		return 0
	}
	if pauseEnd.After(last) {
		last = pauseEnd
	}
	return max(0, now.Sub(last).Seconds())
}
