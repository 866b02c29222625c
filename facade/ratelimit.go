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
// adaptively, as the bulk helpers' requests are by default. The adaptive
// rate is shared by every goroutine of the Client and assumes no
// particular server law (token bucket, fixed or sliding window,
// concurrency limit, a limit that changes):
//
//   - It starts unlimited (or at the ceiling of [WithRateLimit]).
//   - A 429 with a Retry-After pauses every paced caller until it has
//     passed (up to the retry policy's MaxRetryAfter); a 429 without one
//     is backed off by its own caller only. 429s before any request
//     succeeded only pause.
//   - A 429 lowers the rate to just under what the server accepted over
//     the last second of sending, once for all callers (the 429s of
//     requests already in flight change nothing more), never below one
//     request per second.
//   - The rate then holds, and probes higher again after a hold of 10 s
//     per second of the 429's Retry-After (3 to 10 s), doubled each time
//     a probe finds the same rate, up to 30 s. A minute without a 429
//     lifts it.
//
// Decreases and the lift are logged at info level to the [WithLogger]
// logger, raises at debug level. How the rate is measured is documented
// with the limiter (internal/ratelimit), and BENCHMARKS.md shows it
// against each kind of server.
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
