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
	// AdaptiveIncrease is the share of the current rate added per second
	// without a 429, at least [AdaptiveMinRate] per second: the additive
	// increase of the limiter's AIMD.
	AdaptiveIncrease = 0.05
	// AdaptiveMinRate is the lowest rate, in requests per second, that
	// 429s bring the adaptive limiter down to.
	AdaptiveMinRate = 1.0
	// AdaptiveStartRate is the rate a 429 sets when too few answers were
	// seen to measure the accepted rate: the limiter then doubles it
	// every second until the next 429 ("slow start"), and goes on from
	// there as usual.
	AdaptiveStartRate = 10.0
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
	// rateBuckets and rateBucket make the window, one second, over which
	// the accepted rate is measured.
	rateBuckets = 10
	rateBucket  = 100 * time.Millisecond
	// minMeasured is how many answers the window must hold for the
	// accepted rate to be trusted.
	minMeasured = 10
	// minSpan is the shortest time the accepted rate is measured over.
	minSpan = 10 * time.Millisecond
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
// over the last second (never below [AdaptiveMinRate]; if fewer than ten
// answers were seen, to [AdaptiveStartRate]), for all callers at once,
// and pauses them all for the answer's Retry-After. If less than a
// second of answers was seen, the measure may be low, and the rate then
// doubles each second until the next 429 ("slow start"); otherwise,
// each second without a 429 adds [AdaptiveIncrease] of the rate, until
// the ceiling, or, without one, until the rate is four times what the
// decrease set, when the limit is lifted. Changes are logged to the
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
	logged     rate.Limit // the rate last logged
	pauseUntil time.Time
	decreased  time.Time // of the last decrease
	raised     time.Time // of the last raise or decrease
	slowStart  bool      // the last decrease had no measure to go by
	accepted   acceptedRate
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
		l.accepted.add(now)
		if adaptive {
			l.raise(req.Context(), now)
		}
		return
	}
	if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now); ok && ra > 0 {
		l.pause(req.Context(), now, min(ra, l.maxPause))
	}
	if adaptive {
		l.decrease(req.Context(), now)
	}
}

// pause makes every paced request wait until now+d. l.mu is held.
func (l *rateLimiter) pause(ctx context.Context, now time.Time, d time.Duration) {
	until := now.Add(d)
	if !until.After(l.pauseUntil) {
		return
	}
	l.pauseUntil = until
	l.info(ctx, "leadfox: rate limited, pausing every request", slog.Duration("pause", d))
}

// decrease lowers the rate after a 429, once per adaptiveCooldown.
// l.mu is held.
func (l *rateLimiter) decrease(ctx context.Context, now time.Time) {
	if now.Sub(l.decreased) < adaptiveCooldown {
		return
	}
	r, n, full := l.accepted.perSecond(now)
	if l.current != rate.Inf && float64(l.current) < r {
		r = float64(l.current)
	}
	r = max(AdaptiveMinRate, AdaptiveDecrease*r)
	l.slowStart = n < minMeasured || !full
	if n < minMeasured {
		r = AdaptiveStartRate
	}
	l.decreased, l.raised = now, now
	l.floor = rate.Limit(r)
	l.set(now, l.floor)
	l.info(ctx, "leadfox: rate lowered after a 429", slog.Float64("rps", r))
}

// raise adds to the rate for the time since the last change, once per
// adaptiveRaiseEvery. l.mu is held.
func (l *rateLimiter) raise(ctx context.Context, now time.Time) {
	if l.current == l.ceiling || now.Sub(l.raised) < adaptiveRaiseEvery || now.Sub(l.decreased) < adaptiveCooldown {
		return
	}
	dt := now.Sub(l.raised).Seconds()
	l.raised = now
	cur := float64(l.current)
	step := AdaptiveIncrease
	if l.slowStart {
		step = 1 // double per second
	}
	next := rate.Limit(cur + max(AdaptiveMinRate, step*cur)*dt)
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

// set makes r the rate of the token bucket. l.mu is held.
func (l *rateLimiter) set(now time.Time, r rate.Limit) {
	l.current = r
	l.logged = r
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

// acceptedRate counts the answers other than 429 over the last second,
// in rateBuckets buckets of rateBucket.
type acceptedRate struct {
	first   time.Time // of the first answer counted
	buckets [rateBuckets]struct {
		slot int64
		n    int
	}
}

func (a *acceptedRate) add(now time.Time) {
	if a.first.IsZero() {
		a.first = now
	}
	slot := now.UnixNano() / int64(rateBucket)
	b := &a.buckets[slot%rateBuckets]
	if b.slot != slot {
		b.slot, b.n = slot, 0
	}
	b.n++
}

// perSecond returns the accepted rate over the window: the last second,
// or the time since the first answer if that is shorter; the number of
// answers it counted; and whether the window was a whole second.
func (a *acceptedRate) perSecond(now time.Time) (perSecond float64, n int, full bool) {
	slot := now.UnixNano() / int64(rateBucket)
	for _, b := range a.buckets {
		if b.slot > slot-rateBuckets && b.slot <= slot {
			n += b.n
		}
	}
	oldest := time.Unix(0, (slot-rateBuckets+1)*int64(rateBucket))
	span, full := now.Sub(oldest), true
	if a.first.After(oldest) {
		span, full = now.Sub(a.first), false
	}
	return float64(n) / max(minSpan, span).Seconds(), n, full
}
