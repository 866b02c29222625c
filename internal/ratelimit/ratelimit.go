// Package ratelimit is the in-process limiter of a facade Client, the
// [transport.Limiter] behind facade.WithRateLimit,
// facade.WithAdaptiveRateLimit and the bulk helpers.
//
// It assumes no particular server law. Its backbone is the shared pause:
// a 429 with a Retry-After pauses every paced caller for that long (a
// 429 without one, or with 0, pauses only its own caller, through the
// retry layer's backoff). On top of it, adaptive requests are paced at a
// rate learned from the answers the server accepted, because a pause
// alone lets a pool of workers drain a bucket's burst and trip it again
// at once. A 429 within echoSpan of the last decrease is its echo
// (sent before the decrease took effect, or refused by a server still
// full of what came before): it pauses, but decreases nothing. Any
// other 429:
//
//   - before any answer was ever accepted (a prelude of 429s) only
//     pauses;
//   - the first time, with less than a second of sending behind it,
//     sets the rate to the answers accepted in the last second (a low
//     bound: the second was not all sending), which then ramps up
//     startGrowth-fold per second;
//   - after at least a second of sending since the last pause, sets the
//     anchor, the server's rate, to the answers accepted over that
//     second (over its last rampSpan at the end of a ramp): a token
//     bucket, a fixed or sliding window and a concurrency limit all
//     accept about their rate over a second;
//   - sooner after a pause, when a burst refilled during the pause could
//     inflate a count, says the rate is too high: the anchor becomes the
//     lower of againFactor of the rate and what was accepted over the
//     last second, pause included.
//
// The rate then drops to decreaseFactor of the anchor, climbs back to
// anchorMargin of it within climbSpan, holds there, then probes higher,
// faster the longer it probes. The hold is holdPerPause per second of
// the 429's pause, within minHold and maxHold (minHold after a less sure
// anchor), doubled for each clean measure in a row that confirmed the
// anchor, up to maxConfirmedHold: a steady server is probed rarely, a
// limit that changed is probed again soon. A minute without a 429 lifts
// the rate. The hold trades the cost of a probe (one shared pause)
// against how soon a limit that rose is found: BENCHMARKS.md shows both
// against every server family of the simulation in this package's tests.
package ratelimit

import (
	"context"
	"log/slog"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/leadfox-go/leadfox/clock"
	"github.com/leadfox-go/leadfox/internal/transport"
)

// The constants of the adaptive rate (see the package doc).
const (
	// decreaseFactor is the share of a clean measure the rate drops to.
	decreaseFactor = 0.95
	// againFactor is the share of the rate kept after a 429 that comes
	// within measureSpan of the last pause.
	againFactor = 0.9
	// anchorMargin is the share of the anchor the rate climbs back to,
	// within climbSpan.
	anchorMargin = 0.97
	climbSpan    = time.Second
	// holdPerPause is how long the rate holds at the anchor per second
	// of the 429's pause, between minHold and maxHold.
	holdPerPause = 10
	minHold      = 3 * time.Second
	maxHold      = 10 * time.Second
	// maxConfirmedHold bounds the hold after measures that confirmed the
	// anchor.
	maxConfirmedHold = 30 * time.Second
	// probeRate is the growth per second of the rate above the anchor,
	// times one plus the seconds since the hold ended.
	probeRate = 0.06
	// startGrowth is the factor per second of the rate after the first
	// 429, which measured a second that was not all sending.
	startGrowth = 5.0
	// confirmBand is how near a clean measure must be to the anchor to
	// confirm it.
	confirmBand = 0.05
	// measureSpan is the sending a clean measure needs, and the time over
	// which it counts accepted answers.
	measureSpan = time.Second
	// echoSpan is how long after a decrease a 429 is its echo, and the
	// time over which the other measures count.
	echoSpan = time.Second
	// rampSpan is the part of it read at the end of a ramp.
	rampSpan = 500 * time.Millisecond
	// liftAfter is the time without a 429 after which the rate is lifted.
	liftAfter = time.Minute
	// minRate is the lowest adaptive rate, in requests per second.
	minRate = 1.0
	// burstSpan is how much time's worth of requests the adaptive rate
	// lets through at once.
	burstSpan = 20 * time.Millisecond
	// raiseEvery bounds how often successes raise the rate.
	raiseEvery = 50 * time.Millisecond
)

// Limiter is a Client's one limiter: the fixed limit, the adaptive rate
// and the shared Retry-After pause. The transport chain never passes it
// the token exchange. It is safe for concurrent use.
type Limiter struct {
	clock    clock.Clock
	log      *slog.Logger
	ceiling  float64 // WithRateLimit's rps, or +Inf
	burst    int     // WithRateLimit's burst, or 0
	fixed    bool    // pace every request
	adaptive bool    // every request is adaptive
	maxPause time.Duration

	mu         sync.Mutex
	bucket     bucket
	rate       float64   // the adaptive rate, +Inf before the first decrease
	anchor     float64   // the server's rate as the last decrease found it; 0 while ramping or lifted
	confirmed  int       // clean measures in a row that kept the anchor, the first included
	limited    time.Time // of the last decrease
	accepting  bool      // an answer was accepted: 429s are no longer a prelude
	pauseUntil time.Time
	resumed    time.Time // when sending last resumed: the end of the last pause, or the first request
	holdUntil  time.Time // no probe above the anchor before then
	raised     time.Time // of the last raise or decrease
	accepted   counter
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
	// jobs (transport.LimitRequest.Bulk).
	Adaptive bool
	// MaxPause is the longest shared pause a 429's Retry-After sets.
	MaxPause time.Duration
}

// New returns a Limiter configured by cfg.
func New(cfg Config) *Limiter {
	l := &Limiter{
		clock:    cfg.Clock,
		log:      cfg.Logger,
		ceiling:  math.Inf(1),
		fixed:    cfg.RPS > 0,
		adaptive: cfg.Adaptive,
		maxPause: cfg.MaxPause,
		rate:     math.Inf(1),
	}
	if l.fixed {
		l.ceiling, l.burst = cfg.RPS, cfg.Burst
	}
	l.bucket.set(l.ceiling, l.burstFor(l.ceiling), time.Time{})
	l.bucket.tokens = l.bucket.size
	return l
}

// burstFor returns the bucket size at rate r: WithRateLimit's burst at
// its ceiling, else burstSpan's worth of requests, at most that burst.
func (l *Limiter) burstFor(r float64) float64 {
	if r >= l.ceiling {
		return float64(max(l.burst, 1))
	}
	b := max(1, math.Floor(r*burstSpan.Seconds()))
	if l.burst > 0 {
		b = min(b, float64(l.burst))
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

// paced reports whether a request waits for the limiter, and whether its
// 429s teach the adaptive rate.
func (l *Limiter) paced(bulk bool) (paced, adaptive bool) {
	adaptive = l.adaptive || bulk
	return adaptive || l.fixed, adaptive
}

// Wait blocks until the shared pause is over and the rate lets the
// attempt go, or ctx ends.
func (l *Limiter) Wait(ctx context.Context, r transport.LimitRequest) error {
	if !l.Paces(r.Bulk) {
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := l.admit(l.clock.Now())
		if d == 0 {
			return nil
		}
		if err := transport.Sleep(ctx, l.clock, d); err != nil {
			return err
		}
	}
}

// admit lets a paced request go at now and returns 0, or returns how
// long to wait before asking again.
func (l *Limiter) admit(now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Before(l.pauseUntil) {
		return l.pauseUntil.Sub(now)
	}
	if d := l.bucket.take(now); d > 0 {
		return d
	}
	if l.resumed.IsZero() {
		l.resumed = now
	}
	return 0
}

// Done learns from the outcome of an attempt: a 429 pauses every paced
// request and, for an adaptive one, may lower the rate; another answer
// counts as accepted and may raise it.
func (l *Limiter) Done(ctx context.Context, r transport.LimitRequest, res transport.LimitResult) {
	paced, adaptive := l.paced(r.Bulk)
	if !paced {
		return
	}
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	// A 429 within a second of the last decrease is its echo: sent at
	// the pace the decrease corrected, or refused by a server still full
	// of what was sent before it.
	echo := now.Sub(l.limited) < echoSpan
	switch {
	case res.Err != nil || res.Status == 0:
	case res.Status != http.StatusTooManyRequests:
		l.accepted.add(now)
		l.accepting = true
		if adaptive {
			l.raise(ctx, now)
		}
	default:
		var pause time.Duration // none asked for: the retry layer backs off this caller
		if res.HasRetryAfter {
			pause = min(res.RetryAfter, l.maxPause)
		}
		if adaptive && !echo {
			l.decrease(ctx, now, pause)
		}
		l.pause(ctx, now, pause)
	}
}

// pause makes every paced request wait until now+d. l.mu is held.
func (l *Limiter) pause(ctx context.Context, now time.Time, d time.Duration) {
	until := now.Add(d)
	if d <= 0 || !until.After(l.pauseUntil) {
		return
	}
	if !now.Before(l.pauseUntil) {
		l.info(ctx, "leadfox: rate limited, pausing every request", slog.Duration("pause", d))
	}
	l.pauseUntil, l.resumed, l.raised = until, until, until
}

// decrease lowers the rate after a 429 at now whose pause is pause (see
// the package doc). l.mu is held.
func (l *Limiter) decrease(ctx context.Context, now time.Time, pause time.Duration) {
	if !l.accepting {
		return // a prelude of 429s: the pause alone
	}
	hold := min(maxHold, max(minHold, time.Duration(holdPerPause*float64(pause))))
	switch sending := now.Sub(l.resumed); {
	case sending >= measureSpan && l.anchor > 0:
		var confirmed bool
		l.anchor, confirmed = confirm(l.anchor, l.measure(now, measureSpan))
		if !confirmed {
			l.confirmed = 0
		}
		l.confirmed++
		hold = min(maxConfirmedHold, hold<<min(l.confirmed-1, 4))
	case sending >= measureSpan: // the end of a ramp (or of a lift), whose first answers came slower
		l.anchor, hold, l.confirmed = l.measure(now, rampSpan), minHold, 0
	case math.IsInf(l.rate, 1):
		n := l.accepted.count(now, echoSpan)
		l.anchor = 0
		l.setRate(now, float64(n)/echoSpan.Seconds())
		l.noteDecrease(ctx, now)
		return
	default: // refused again within a second of sending: the rate is too high
		l.anchor, hold, l.confirmed = min(againFactor*l.rate, l.measure(now, echoSpan)), minHold, 0
	}
	l.holdUntil = now.Add(hold)
	l.setRate(now, decreaseFactor*l.anchor)
	l.noteDecrease(ctx, now)
}

// noteDecrease records and logs a decrease at now. l.mu is held.
func (l *Limiter) noteDecrease(ctx context.Context, now time.Time) {
	l.raised, l.limited = now, now
	l.info(ctx, "leadfox: rate lowered after a 429", slog.Float64("rps", l.rate), slog.Bool("ramping", l.anchor == 0))
}

// confirm returns the anchor after a clean measure m of a server whose
// anchor was a: the lower of the two when m confirms a, within
// confirmBand (a bucket's burst inflates every measure after a hold),
// else m, a limit that changed.
func confirm(a, m float64) (float64, bool) {
	if m > a*(1-confirmBand) && m < a*(1+confirmBand) {
		return min(a, m), true
	}
	return m, false
}

// measure returns the server's rate as the answers accepted over the
// last span up to now tell it, at least minRate.
func (l *Limiter) measure(now time.Time, span time.Duration) float64 {
	return max(minRate, float64(l.accepted.count(now, span))/span.Seconds())
}

// raise adds to the adaptive rate for the time since the last change,
// once per raiseEvery (see the package doc). l.mu is held.
func (l *Limiter) raise(ctx context.Context, now time.Time) {
	dt := now.Sub(l.raised)
	if math.IsInf(l.rate, 1) || dt < raiseEvery || now.Before(l.pauseUntil) {
		return
	}
	l.raised = now
	if now.Sub(l.limited) >= liftAfter {
		l.rate, l.anchor = math.Inf(1), 0
		l.bucket.set(l.ceiling, l.burstFor(l.ceiling), now)
		l.info(ctx, "leadfox: rate lifted after a minute without 429")
		return
	}
	s, r, target := dt.Seconds(), l.rate, anchorMargin*l.anchor
	switch {
	case l.anchor == 0:
		r *= math.Pow(startGrowth, s)
	case r < target:
		r = min(target, r+target*s/climbSpan.Seconds())
	case now.After(l.holdUntil):
		r *= 1 + probeRate*s*(1+now.Sub(l.holdUntil).Seconds())
	}
	if r > l.rate {
		l.setRate(now, r)
		l.debug(ctx, "leadfox: rate raised", slog.Float64("rps", l.rate))
	}
}

// setRate makes r, within [minRate, ceiling], the adaptive rate. l.mu is
// held.
func (l *Limiter) setRate(now time.Time, r float64) {
	l.rate = min(l.ceiling, max(minRate, r))
	l.bucket.set(l.rate, l.burstFor(l.rate), now)
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

// bucket is a token bucket of size tokens refilled at rate per second;
// an infinite rate lets everything through.
type bucket struct {
	rate, size, tokens float64
	at                 time.Time // of tokens
}

// set changes the bucket's rate and size at now, keeping its tokens.
func (b *bucket) set(rate, size float64, now time.Time) {
	b.refill(now)
	b.rate, b.size = rate, size
	b.tokens = min(b.tokens, size)
}

func (b *bucket) refill(now time.Time) {
	if now.After(b.at) {
		b.tokens = min(b.size, b.tokens+b.rate*now.Sub(b.at).Seconds())
		b.at = now
	}
}

// take takes a token at now and returns 0, or returns how long until
// one is free.
func (b *bucket) take(now time.Time) time.Duration {
	if math.IsInf(b.rate, 1) {
		return 0
	}
	b.refill(now)
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	return max(time.Microsecond, time.Duration((1-b.tokens)/b.rate*float64(time.Second)))
}

// counter counts accepted answers over the last measureSpan, in
// counterSlots slots.
type counter struct {
	slots [counterSlots]int
	index [counterSlots]int64 // of each slot's time slice
}

const counterSlots = 20

const slotSpan = measureSpan / counterSlots // 50 ms

func (c *counter) add(now time.Time) {
	idx := now.UnixNano() / int64(slotSpan)
	i := idx % counterSlots
	if c.index[i] != idx {
		c.index[i], c.slots[i] = idx, 0
	}
	c.slots[i]++
}

// count returns the answers added in the last span up to now, in whole
// slots.
func (c *counter) count(now time.Time, span time.Duration) int {
	slots := int64(span / slotSpan)
	idx := now.UnixNano() / int64(slotSpan)
	n := 0
	for i, at := range c.index {
		if at > idx-slots && at <= idx {
			n += c.slots[i]
		}
	}
	return n
}
