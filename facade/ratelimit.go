package facade

import (
	"math"

	"github.com/leadfox-go/leadfox/internal/ratelimit"
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
// pacing is shared by every goroutine of the Client and works as AIMD. It
// starts unlimited (or at the ceiling of [WithRateLimit]). A 429 pauses
// every caller for its Retry-After and lowers the rate for all at once,
// at most once per tenth of a second (the 429s of requests already in
// flight are echoes of the same one), never below one request per second:
//
//   - The first 429 (once ten answers, 429s included, have come; before,
//     a 429 only pauses) says nothing of the server's rate but that the
//     answers came faster: the rate is set to an eighth of the rate they
//     came at, and doubles each second until the next 429 ("slow
//     start").
//   - A later 429 sets the rate to 0.9 times the server's
//     rate estimated by the token-bucket model: a bucket of b tokens
//     refilled at r accepts at most b + r*t requests in any t, so r is
//     at least (k-b)/t for the k answers of every window of t ending
//     at the 429, and the estimate is the largest of these over windows
//     from a tenth of a second to ten seconds, over the last 2,048
//     answers at most. For b it takes a bound: a bucket empty at a 429
//     held b when last full, so b is no more than the largest k - r*t of
//     the windows ending at the first decrease, nor, after a later
//     decrease that followed a pause, than the answers since the pause
//     less the rate estimated there times their span; the estimate and
//     the bound are refined in turn.
//   - A 429 within a tenth of a second of sending resuming after a pause
//     comes from the server's burst running out: if at least half of
//     the burst so bounded was accepted since the pause, it says little
//     of the rate but that it is too high, and the rate starts slow
//     again, from an eighth; if fewer, the server did not refill its
//     bucket in the pause, and the 429 only pauses.
//   - Each second without a 429 closes most of the gap to
//     0.99 of the server's estimated rate, and past it, once
//     30 seconds per second of the last Retry-After has passed
//     without a 429, adds 2 % of the rate, until the
//     ceiling or, without one, until the rate is four times what the
//     decrease set (in slow start, four times the rate the 429 came at),
//     when the limit is lifted.
//
// A caller that got its token before a pause began takes another after
// it, so that those waiting when a pause ends go at the rate, with at
// most half the server's estimated burst at once, not all together.
// Changes are logged to the [WithLogger] logger: decreases and the lift
// at info level, raises at debug level.
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

// rateLimiter returns the limiter of a Client configured by cfg.
func (cfg *config) rateLimiter() *ratelimit.Limiter {
	return ratelimit.New(ratelimit.Config{
		Clock:    cfg.clock,
		Logger:   cfg.logger,
		RPS:      cfg.rateLimit.rps,
		Burst:    cfg.rateLimit.burst,
		Adaptive: cfg.rateLimit.adaptive,
		MaxPause: cfg.retry.withDefaults().MaxRetryAfter,
	})
}
