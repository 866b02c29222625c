// Package ratelimit is the rate limiter of a facade Client: the fixed
// limit of facade.WithRateLimit, the adaptive AIMD rate of
// facade.WithAdaptiveRateLimit and the bulk helpers, and the Retry-After
// pause shared by every call, over one token bucket of
// golang.org/x/time/rate. A [Limiter] is the transport chain's
// [transport.Limiter].
package ratelimit

import (
	"context"
	"log/slog"
	"math"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/leadfox-go/leadfox/clock"
	"github.com/leadfox-go/leadfox/internal/transport"
)

// The constants of the adaptive rate limiter (see facade.WithAdaptiveRateLimit).
const (
	// adaptiveDecrease is the factor a 429 applies to the server's
	// rate as the limiter estimates it: the multiplicative decrease of
	// the limiter's AIMD.
	adaptiveDecrease = 0.9
	// adaptiveRecovery is the share of the gap between the rate and the
	// server's rate estimated at the last 429 that each second without
	// a 429 closes: the rate climbs back fast, and flattens as it nears
	// the server's.
	adaptiveRecovery = 2.0
	// adaptiveIncrease is the share of the current rate added per second
	// without a 429 once the rate is back at the server's rate estimated
	// at the last 429, at least adaptiveMinRate per second, and more
	// the longer no 429 comes: the probe of the limiter's AIMD for a
	// higher limit.
	adaptiveIncrease = 0.02
	// adaptiveMinRate is the lowest rate, in requests per second, that
	// 429s bring the adaptive limiter down to.
	adaptiveMinRate = 1.0
	// adaptiveHold is how long, per second of a 429's Retry-After, the
	// adaptive rate holds under the server's rate estimated at that 429
	// before it
	// probes higher again: a probe that overshoots costs every caller
	// the whole Retry-After, so the costlier a 429, the rarer the
	// probes. A 429 without a Retry-After, or with 0, holds nothing.
	adaptiveHold = 30 * time.Second
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
	// slowStartDivisor: a 429 that teaches nothing of the server's rate
	// (see minWindow) sets the rate to the one it came at divided by
	// this, to double from there each second until the next 429.
	slowStartDivisor = 8
	// rateWindow is the time over which the answers before the first
	// 429 are counted, to measure the rate they came at.
	rateWindow = time.Second
	// minMeasured is how many answers, 429s included, must have come
	// for the first 429 to change the rate.
	minMeasured = 10
	// minSpan is the shortest time a rate is measured over.
	minSpan = 10 * time.Millisecond
	// minWindow is the shortest window of answers the server's rate is
	// estimated from, and the shortest time since sending resumed after
	// a pause for a 429 to teach that rate: a 429 sooner than that
	// comes from the server's burst running out, which says little of
	// its rate.
	minWindow = 100 * time.Millisecond
	// maxWindow is the longest.
	maxWindow = 10 * time.Second
	// maxAnswers bounds the accepted answers the limiter remembers (16
	// KiB): windows reach back maxWindow or this many answers.
	maxAnswers = 2048
	// maxRefine bounds the rounds of serverRate's refinement, and
	// refineEpsilon is the relative gain that ends it sooner.
	maxRefine     = 16
	refineEpsilon = 0.001
	// adaptiveMargin is the share of the server's estimated rate that
	// the rate recovers to quickly, before probing.
	adaptiveMargin = 0.99
)

// Limiter is a Client's one limiter: the fixed limit, the adaptive AIMD
// rate and the shared Retry-After pause, over one rate.Limiter. The
// transport chain never passes it the token exchange. It is safe for
// concurrent use.
type Limiter struct {
	clock    clock.Clock
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
	target     rate.Limit // the server's rate estimated at the last decrease
	penalty    float64    // seconds of the last 429's Retry-After
	logged     rate.Limit // the rate last logged
	pauseUntil time.Time
	resumed    time.Time // when sending last resumed: the end of the last pause, or the first answer
	decreased  time.Time // of the last decrease
	raised     time.Time // of the last raise or decrease
	answers    answerLog
	early      int        // 429s before the first decrease
	first      burstBound // the server's burst, bounded at the first decrease
	lastBurst  float64    // and at the last one after a pause; 0 before
	srvBurst   float64    // that bound at the last estimate of the server's rate; 0 before
	counting   *float64   // first's inFlight or lastBurst, whichever the last decrease set
	burstUntil time.Time  // accepted answers until then, during that decrease's pause, count into it
}

// Config is what a Limiter is made from.
type Config struct {
	Clock  clock.Clock
	Logger *slog.Logger // of rate changes; nil logs nothing
	// RPS and Burst are the fixed limit of every request; RPS 0 sets
	// none, and then adaptive requests alone are paced.
	RPS   float64
	Burst int
	// Adaptive makes every request adaptive, not only those of bulk
	// jobs (transport.LimitRequest.Bulk, which transport.WithBulk sets).
	Adaptive bool
	// MaxPause is the longest shared pause a 429's Retry-After sets.
	MaxPause time.Duration
}

// New returns a Limiter configured by cfg.
func New(cfg Config) *Limiter {
	l := &Limiter{
		clock:    cfg.Clock,
		log:      cfg.Logger,
		ceiling:  rate.Inf,
		fixed:    cfg.RPS > 0,
		adaptive: cfg.Adaptive,
		maxPause: cfg.MaxPause,
	}
	if l.fixed {
		l.ceiling, l.burst = rate.Limit(cfg.RPS), cfg.Burst
	}
	l.current = l.ceiling
	l.lim = rate.NewLimiter(l.ceiling, l.burstFor(l.ceiling))
	return l
}

// burstFor returns the bucket size at rate r: WithRateLimit's burst at
// its ceiling, or for an adaptive rate below it adaptiveBurstSpan's worth
// of requests or half the server's estimated burst, whichever is more,
// at most WithRateLimit's burst. l.mu is held, or l is new.
func (l *Limiter) burstFor(r rate.Limit) int {
	if r >= l.ceiling {
		return max(l.burst, 1)
	}
	b := max(1, int(float64(r)*adaptiveBurstSpan.Seconds()), int(l.srvBurst/2))
	if l.burst > 0 {
		b = min(b, l.burst)
	}
	return b
}

// Paces reports whether an attempt of a bulk job (bulk) or of any other
// call waits for the limiter: every attempt under a fixed limit or with
// Config.Adaptive, else only those of bulk jobs.
func (l *Limiter) Paces(bulk bool) bool {
	paced, _ := l.paced(bulk)
	return paced
}

// paced reports whether a request with this context waits for the
// limiter, and whether its 429s lower the rate.
func (l *Limiter) paced(bulk bool) (paced, adaptive bool) {
	adaptive = l.adaptive || bulk
	return adaptive || l.fixed, adaptive
}

// Wait blocks until the shared pause is over and a token is free, or ctx
// ends. A token that a pause begun meanwhile made stale is taken again
// after the pause, so that the requests waiting when a pause ends go at
// the rate, not all at once.
func (l *Limiter) Wait(ctx context.Context, r transport.LimitRequest) error {
	if paced, _ := l.paced(r.Bulk); !paced {
		return nil
	}
	for {
		if err := l.waitPause(ctx); err != nil {
			return err
		}
		now := l.clock.Now()
		r := l.lim.ReserveN(now, 1)
		if d := r.DelayFrom(now); d > 0 {
			if err := transport.Sleep(ctx, l.clock, d); err != nil {
				r.CancelAt(l.clock.Now())
				return err
			}
		}
		if !l.paused(l.clock.Now()) {
			return ctx.Err()
		}
	}
}

// paused reports whether the shared pause lasts past now.
func (l *Limiter) paused(now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return now.Before(l.pauseUntil)
}

// waitPause waits until the shared Retry-After pause is over.
func (l *Limiter) waitPause(ctx context.Context) error {
	for {
		l.mu.Lock()
		until := l.pauseUntil
		l.mu.Unlock()
		d := until.Sub(l.clock.Now())
		if d <= 0 {
			return ctx.Err()
		}
		if err := transport.Sleep(ctx, l.clock, d); err != nil {
			return err
		}
	}
}

// Done learns from the outcome of an attempt: a 429 sets the shared
// pause and, for an adaptive request, lowers the rate; any other answer
// counts as accepted and may raise it.
func (l *Limiter) Done(ctx context.Context, r transport.LimitRequest, res transport.LimitResult) {
	paced, adaptive := l.paced(r.Bulk)
	if !paced || res.Err != nil || res.Status == 0 {
		return
	}
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if res.Status != http.StatusTooManyRequests {
		l.accept(now)
		if adaptive {
			l.raise(ctx, now)
		}
		return
	}
	ra := min(res.RetryAfter, l.maxPause)
	if adaptive {
		l.decrease(ctx, now, ra)
	}
	if res.HasRetryAfter && ra > 0 {
		l.pause(ctx, now, ra)
	}
}

// accept counts an accepted answer at now. l.mu is held.
func (l *Limiter) accept(now time.Time) {
	if l.resumed.IsZero() {
		l.resumed = now
	}
	l.answers.add(now)
	if now.Before(l.burstUntil) && now.Before(l.pauseUntil) { // sent before the last decrease's pause
		*l.counting++
	}
}

// pause makes every paced request wait until now+d. l.mu is held.
func (l *Limiter) pause(ctx context.Context, now time.Time, d time.Duration) {
	until := now.Add(d)
	if !until.After(l.pauseUntil) {
		return
	}
	l.pauseUntil, l.resumed = until, until
	l.raised = until // a pause raises nothing
	l.info(ctx, "leadfox: rate limited, pausing every request", slog.Duration("pause", d))
}

// decrease lowers the rate after a 429, once per adaptiveCooldown: to
// adaptiveDecrease of the server's estimated rate, or, when the 429 came
// too soon for an estimate, into slow start. l.mu is held.
func (l *Limiter) decrease(ctx context.Context, now time.Time, retryAfter time.Duration) {
	if now.Sub(l.decreased) < adaptiveCooldown {
		return
	}
	l.penalty = retryAfter.Seconds()
	if l.current == rate.Inf {
		l.early++
		n, span := l.answers.recent(now, rateWindow)
		if n+l.early < minMeasured {
			return // nothing to go by yet: the pause alone slows the callers
		}
		came := float64(n+l.early) / max(minSpan, span).Seconds()
		l.early = 0
		l.lower(ctx, now, 0, came/slowStartDivisor)
		return
	}
	est, ok := 0.0, false
	if now.Sub(l.resumed) >= minWindow {
		est, ok = l.serverRate(now)
	} else if n, _ := l.sinceResumed(now); float64(n) < max(1, l.srvBurst/2) {
		return // the server's bucket did not refill in the pause: this says nothing of its rate
	}
	if !ok {
		l.lower(ctx, now, 0, float64(l.current)/slowStartDivisor)
		return
	}
	l.srvBurst = l.serverBurst(est)
	base := min(est, float64(l.current))
	l.lower(ctx, now, base, adaptiveDecrease*base)
}

// lower sets the rate to r, at least adaptiveMinRate, after a 429 at
// now, and target as the server's estimated rate, or 0 for none, which
// starts slow. l.mu is held.
func (l *Limiter) lower(ctx context.Context, now time.Time, target, r float64) {
	r = max(adaptiveMinRate, r)
	l.target = rate.Limit(target)
	l.decreased, l.raised = now, now
	l.floor = rate.Limit(r)
	l.set(now, l.floor)
	l.logged = l.floor
	l.boundBurst(now, target)
	l.info(ctx, "leadfox: rate lowered after a 429", slog.Float64("rps", r))
}

// boundBurst bounds the server's burst at a decrease at now, given est,
// the server's rate estimated there (0 if none): at the first decrease,
// by every window of the answers before it (see burstBound); at a later
// one that came after a pause, when the server's bucket was full, by the
// answers since sending resumed less est times their span. Another leaves
// the last bound as it was: its windows began with the bucket part empty,
// and would bound too low. The answers accepted while the decrease's
// pause lasts, of requests sent before it, count into the new bound too.
// l.mu is held.
func (l *Limiter) boundBurst(now time.Time, est float64) {
	switch {
	case l.first.hull == nil:
		l.first = newBurstBound(&l.answers, now)
		l.counting = &l.first.inFlight
	case l.resumed.Equal(l.pauseUntil) && now.After(l.resumed):
		n, span := l.sinceResumed(now)
		l.lastBurst = max(1, float64(n)-est*span.Seconds())
		l.counting = &l.lastBurst
	default:
		return
	}
	l.burstUntil = now.Add(adaptiveCooldown)
}

// sinceResumed returns the answers accepted since sending last resumed,
// and the time from the first of them to now. l.mu is held.
func (l *Limiter) sinceResumed(now time.Time) (n int, span time.Duration) {
	return l.answers.recent(now, now.Sub(l.resumed))
}

// serverRate estimates the rate of the server's token bucket at a 429 at
// now, as the lowest rate that could have accepted the answers it
// accepted: a bucket of b tokens refilled at r accepts at most b + r*t
// requests in any t, so r is at least (k - b) / t for the k answers of
// each window of t ending now, and the estimate is the largest of these
// over the windows from minWindow to maxWindow (close to r when the
// server's bucket was full at the start of one of them). For b it takes
// the server's burst as serverBurst bounds it from above, which gets
// tighter as the estimate grows, so the two are refined in turn; both
// stay bounds. It reports false when no window gives a rate: too few
// answers for the burst. l.mu is held.
func (l *Limiter) serverRate(now time.Time) (float64, bool) {
	est := 0.0
	for range maxRefine {
		next := l.answers.lowestRate(now, l.serverBurst(est))
		if next <= est*(1+refineEpsilon) {
			break
		}
		est = next
	}
	return est, est > 0
}

// serverBurst bounds the server's burst from above, given that its rate
// is at least r (see boundBurst), whichever of the first and the last
// bound is higher: a 429 the server's bucket did not cause (an overload
// of another kind) bounds nothing, and too low a bound would make the
// estimate too high. l.mu is held.
func (l *Limiter) serverBurst(r float64) float64 {
	return max(l.first.at(r), l.lastBurst)
}

// raise adds to the rate for the time since the last change, once per
// adaptiveRaiseEvery. l.mu is held.
func (l *Limiter) raise(ctx context.Context, now time.Time) {
	if l.current == l.ceiling || now.Sub(l.raised) < adaptiveRaiseEvery || now.Sub(l.decreased) < adaptiveCooldown || now.Before(l.pauseUntil) {
		return
	}
	dt := now.Sub(l.raised).Seconds()
	l.raised = now
	next := l.next(dt)
	switch {
	case next >= l.ceiling:
		next = l.ceiling
	case l.ceiling == rate.Inf && next >= l.liftAt():
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

// slowStart reports whether the last decrease had no estimate of the
// server's rate to go by, so that the rate doubles each second. l.mu is
// held.
func (l *Limiter) slowStart() bool { return l.target == 0 }

// liftAt returns the rate at which the adaptive limit is lifted:
// adaptiveLiftFactor times the rate the last decrease set, or in slow
// start times the rate the 429 came at. l.mu is held.
func (l *Limiter) liftAt() rate.Limit {
	if l.slowStart() {
		return adaptiveLiftFactor * slowStartDivisor * l.floor
	}
	return adaptiveLiftFactor * l.floor
}

// next returns the rate dt seconds of successes after the current one:
// doubled per second in slow start; else closing adaptiveRecovery of the
// gap to adaptiveMargin of the target per second, without passing it;
// past it, nothing until adaptiveHold per second of the last Retry-After
// has passed since the last 429, then adaptiveIncrease more per second,
// times 1 + the seconds since the hold ended (the longer the calm, the
// faster the probe), divided by
// 1 + 10 times the last Retry-After in seconds (the costlier a 429, the
// slower the probe).
// l.mu is held.
func (l *Limiter) next(dt float64) rate.Limit {
	cur, target := float64(l.current), adaptiveMargin*float64(l.target)
	if l.slowStart() {
		return rate.Limit(cur * math.Pow(2, dt))
	}
	var inc float64
	switch {
	case cur < 0.99*target:
		inc = adaptiveRecovery * (target - cur)
	default:
		calm := l.clock.Now().Sub(l.decreased).Seconds() - l.penalty*adaptiveHold.Seconds()
		if calm < 0 {
			return l.current // holding after a costly 429
		}
		inc = adaptiveIncrease * cur * (1 + calm) / (1 + 10*l.penalty)
	}
	next := cur + max(adaptiveMinRate, inc)*dt
	if cur < target {
		next = min(next, target)
	}
	return rate.Limit(next)
}

// set makes r the rate of the token bucket. l.mu is held.
func (l *Limiter) set(now time.Time, r rate.Limit) {
	l.current = r
	l.lim.SetLimitAt(now, r)
	l.lim.SetBurstAt(now, l.burstFor(r))
}

func (l *Limiter) info(ctx context.Context, msg string, attrs ...slog.Attr) {
	if l.log != nil {
		l.log.LogAttrs(ctx, slog.LevelInfo, msg, attrs...)
	}
}

func (l *Limiter) debug(ctx context.Context, msg string, attrs ...slog.Attr) {
	if l.log != nil {
		l.log.LogAttrs(ctx, slog.LevelDebug, msg, attrs...)
	}
}

// answerLog is the times of the last maxAnswers accepted answers, oldest
// first from head on, each as its offset from the first, so that the log
// takes 8 bytes an answer.
type answerLog struct {
	base  time.Time // of the first answer
	times []time.Duration
	head  int // where the next answer goes once times is full
}

// add records an accepted answer at now.
func (a *answerLog) add(now time.Time) {
	if a.times == nil {
		a.base = now
	}
	d := now.Sub(a.base)
	if len(a.times) < maxAnswers {
		a.times = append(a.times, d)
		return
	}
	a.times[a.head] = d
	a.head = (a.head + 1) % maxAnswers
}

// newest returns the time of the k-th newest answer, k from 1 to
// len(a.times).
func (a *answerLog) newest(k int) time.Time {
	return a.base.Add(a.times[(a.head-k+len(a.times))%len(a.times)])
}

// recent returns how many answers came within window before now, and the
// time from the oldest of them to now.
func (a *answerLog) recent(now time.Time, window time.Duration) (n int, span time.Duration) {
	for k := 1; k <= len(a.times); k++ {
		d := now.Sub(a.newest(k))
		if d > window {
			break
		}
		n, span = k, d
	}
	return n, span
}

// lowestRate returns the largest (k - burst) / t over the windows of t
// from minWindow to maxWindow ending now that hold the k newest answers;
// 0 if none is positive.
func (a *answerLog) lowestRate(now time.Time, burst float64) float64 {
	best := 0.0
	for k := 1; k <= len(a.times); k++ {
		t := now.Sub(a.newest(k))
		if t > maxWindow {
			break
		}
		if t >= minWindow {
			best = max(best, (float64(k)-burst)/t.Seconds())
		}
	}
	return best
}

// burstBound bounds the burst of a server's token bucket from the
// answers it accepted before a 429, given a lower bound r of its rate: a
// bucket of b tokens refilled at r, empty at the 429, held b at the last
// time it was full, and accepted the k answers since then, t before the
// 429, so k <= b + r*t with equality but for a token; it accepted no more
// than that in any other window, so b is the largest k - r*t over the
// windows ending at the 429, and a lower r gives a higher bound. It keeps
// the windows on the upper hull of the points (t, k), the only ones that
// can be the largest for some r.
type burstBound struct {
	hull     []window
	inFlight float64 // answers accepted after the 429, while it paused every caller
}

// window is the k newest answers, the oldest t seconds before a 429.
type window struct{ t, k float64 }

// newBurstBound returns the bound of the answers in a before a 429 at
// now, over windows of up to maxWindow.
func newBurstBound(a *answerLog, now time.Time) burstBound {
	var hull []window
	for k := 1; k <= len(a.times); k++ {
		t := now.Sub(a.newest(k))
		if t > maxWindow {
			break
		}
		p := window{t: t.Seconds(), k: float64(k)}
		for len(hull) >= 2 && !above(hull[len(hull)-2], hull[len(hull)-1], p) {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, p)
	}
	return burstBound{hull: hull}
}

// above reports whether b lies strictly above the line from a to c, so
// that the upper hull keeps it.
func above(a, b, c window) bool {
	return (b.t-a.t)*(c.k-a.k)-(b.k-a.k)*(c.t-a.t) < 0
}

// at returns the bound for a server rate of at least r, at least 1.
func (b burstBound) at(r float64) float64 {
	best := 0.0
	for _, w := range b.hull {
		best = max(best, w.k-r*w.t)
	}
	return max(1, best+b.inFlight)
}
