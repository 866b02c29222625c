package fake

import (
	"fmt"
	"maps"
	"math"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// WithRateLimit makes the Server rate-limit the API as a real one does:
// a token bucket of burst tokens, refilled at rps tokens per second,
// pays for each request other than POST /v1/auth, and a request that
// finds it empty is answered 429, with a Retry-After header and the body
// {"error": "Too Many Requests"}, without being handled. Retry-After is
// the whole seconds until the next token, rounded up, so at least 1,
// unless WithRateLimitRetryAfter fixes it. The bucket reads the Server's
// clock (WithClock) and starts full. Injected faults apply before it, so
// a request a fault answers costs no token. [Server.SetRateLimit]
// changes rps and burst while the Server runs.
//
// WithRateLimit, [WithFixedWindow], [WithSlidingWindow] and
// [WithConcurrencyLimit] are the rate-limit families: a Server has at
// most one, and giving options of two families panics (a later option
// of the same family overrides an earlier one). All limit the same
// requests and answer the same 429.
//
// rps must be positive and finite and burst at least 1.
func WithRateLimit(rps float64, burst int) Option {
	checkRate("WithRateLimit", rps, burst)
	return withFamily("WithRateLimit", func() family { return newTokenBucket(rps, burst) })
}

// WithFixedWindow makes the Server admit at most limit requests in each
// window, counted from the window boundaries on the Server's clock: the
// multiples of window since the zero time, so a window of a second or a
// minute starts on the clock's whole seconds or minutes. A request over
// the limit is answered 429 as [WithRateLimit] says, with a Retry-After
// of the time to the next window, rounded up to whole seconds.
// [Server.SetWindowLimit] changes limit and window while the Server
// runs.
//
// limit must be at least 1 and window positive.
func WithFixedWindow(limit int, window time.Duration) Option {
	checkWindow("WithFixedWindow", limit, window)
	return withFamily("WithFixedWindow", func() family { return newFixedWindow(limit, window) })
}

// WithSlidingWindow makes the Server admit at most limit requests in any
// window ending now, on the Server's clock: a request admitted at t
// counts until t+window. A request over the limit is answered 429 as
// [WithRateLimit] says, with a Retry-After of the time until the oldest
// admitted request in the window leaves it, rounded up to whole seconds
// (at least 1). The Server keeps the times of the last limit admitted
// requests, whatever the traffic. [Server.SetWindowLimit] changes limit
// and window while the Server runs.
//
// limit must be at least 1 and window positive.
func WithSlidingWindow(limit int, window time.Duration) Option {
	checkWindow("WithSlidingWindow", limit, window)
	return withFamily("WithSlidingWindow", func() family { return newSlidingWindow(limit, window) })
}

// WithConcurrencyLimit makes the Server handle at most n requests at
// once: a request that arrives while n are in flight (admitted and not
// yet answered by the API's handlers) is answered 429 as [WithRateLimit]
// says, with Retry-After: 1. Time does not enter into it; the Server's
// clock is not read. [Server.SetConcurrencyLimit] changes n while the
// Server runs.
//
// n must be at least 1.
func WithConcurrencyLimit(n int) Option {
	checkConcurrency("WithConcurrencyLimit", n)
	return withFamily("WithConcurrencyLimit", func() family { return &concurrencyLimit{n: n} })
}

// WithRateLimitRetryAfter sets the Retry-After header of the 429 answers
// of the Server's rate limit, of any family, to seconds, whatever the
// limit says: 0 asks the client to come back at once, which keeps a test
// that hits the limit often within milliseconds, since a real
// Retry-After has one-second resolution. A negative seconds sends no
// Retry-After at all. Without a rate limit it does nothing.
func WithRateLimitRetryAfter(seconds int) Option {
	return func(c *config) {
		c.rateLimit.retryAfter = strconv.Itoa(seconds)
		if seconds < 0 {
			c.rateLimit.retryAfter = "-"
		}
	}
}

// withFamily is the Option of a rate-limit family: option is its name,
// newFamily makes the Server's instance.
func withFamily(option string, newFamily func() family) Option {
	return func(c *config) {
		if had := c.rateLimit.option; had != "" && had != option {
			panic(fmt.Sprintf("fake: %s after %s: a Server has at most one rate limit, of one family", option, had))
		}
		c.rateLimit.option, c.rateLimit.newFamily = option, newFamily
	}
}

func checkRate(name string, rps float64, burst int) {
	if !(rps > 0) || math.IsInf(rps, 0) || burst < 1 {
		panic(fmt.Sprintf("fake: %s: want a positive finite rate and a burst of at least 1, got %v and %d", name, rps, burst))
	}
}

func checkWindow(name string, limit int, window time.Duration) {
	if limit < 1 || window <= 0 {
		panic(fmt.Sprintf("fake: %s: want a limit of at least 1 and a positive window, got %d and %v", name, limit, window))
	}
}

func checkConcurrency(name string, n int) {
	if n < 1 {
		panic(fmt.Sprintf("fake: %s: want a limit of at least 1, got %d", name, n))
	}
}

// rateLimitConfig is what the rate-limit options set.
type rateLimitConfig struct {
	option     string        // the option of the family; "": no limit
	newFamily  func() family // makes the family; nil: no limit
	retryAfter string        // "": computed; "-": none; else verbatim
}

// rateLimiter is the Server's rate limit, or nil without one.
type rateLimiter struct {
	option     string // the option that set it, for the Set methods' panics
	family     family
	retryAfter string
	now        func() time.Time
	limited    atomic.Int64
}

func newRateLimiter(cfg rateLimitConfig, now func() time.Time) *rateLimiter {
	if cfg.newFamily == nil {
		return nil
	}
	return &rateLimiter{option: cfg.option, family: cfg.newFamily(), retryAfter: cfg.retryAfter, now: now}
}

// limitRate applies the Server's rate limit, of whichever family: it
// answers 429 to a request the family refuses, and lets POST /v1/auth
// through unlimited.
func (s *Server) limitRate(next http.Handler) http.Handler {
	l := s.limiter
	if l == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/v1/auth" {
			next.ServeHTTP(w, r)
			return
		}
		ok, wait := l.family.admit(l.now())
		if !ok {
			l.refuse(w, wait)
			return
		}
		defer l.family.done()
		next.ServeHTTP(w, r)
	})
}

// refuse answers 429 to a request the family refused, with wait, rounded
// up to whole seconds and at least 1, as Retry-After unless
// WithRateLimitRetryAfter says otherwise.
func (l *rateLimiter) refuse(w http.ResponseWriter, wait time.Duration) {
	l.limited.Add(1)
	switch ra := l.retryAfter; ra {
	case "":
		w.Header().Set("Retry-After", strconv.FormatInt(max(1, int64(math.Ceil(wait.Seconds()))), 10))
	case "-":
	default:
		w.Header().Set("Retry-After", ra)
	}
	writeError(w, http.StatusTooManyRequests, http.StatusText(http.StatusTooManyRequests))
}

// RateLimited returns how many requests the Server's rate limit, of any
// family, has answered 429 so far; 0 without one.
func (s *Server) RateLimited() int64 {
	if s.limiter == nil {
		return 0
	}
	return s.limiter.limited.Load()
}

// SetRateLimit changes the token bucket of [WithRateLimit] to rps and
// burst from now on, the Server's clock: the tokens left stay, up to the
// new burst, and refill at the new rate. A test or benchmark halves the
// limit in the middle of a job with it, and restores it later. It is
// safe to call while requests are served, and panics if the Server's
// limit is of another family or there is none, or on values
// WithRateLimit refuses.
func (s *Server) SetRateLimit(rps float64, burst int) {
	checkRate("SetRateLimit", rps, burst)
	familyOf[*tokenBucket](s, "SetRateLimit", "WithRateLimit").set(s.cfg.now(), rps, burst)
}

// SetWindowLimit changes the limit and window of [WithFixedWindow] or
// [WithSlidingWindow]. The requests admitted in the current window count
// against the new limit. A sliding window keeps the times of up to limit
// of them; a fixed window whose length changes starts a new count unless
// the current window begins where it did. It is safe to call while
// requests are served, and panics if the Server's limit is of another
// family or there is none, or on values the options refuse.
func (s *Server) SetWindowLimit(limit int, window time.Duration) {
	checkWindow("SetWindowLimit", limit, window)
	familyOf[windowFamily](s, "SetWindowLimit", "WithFixedWindow or WithSlidingWindow").set(limit, window)
}

// SetConcurrencyLimit changes the n of [WithConcurrencyLimit]. Requests
// in flight stay; with more than n of them, new ones are refused until
// enough have ended. It is safe to call while requests are served, and
// panics if the Server's limit is of another family or there is none,
// or if n is below 1.
func (s *Server) SetConcurrencyLimit(n int) {
	checkConcurrency("SetConcurrencyLimit", n)
	familyOf[*concurrencyLimit](s, "SetConcurrencyLimit", "WithConcurrencyLimit").set(n)
}

// familyOf returns the Server's rate-limit family as an F, or panics
// saying that method changes the limit of options only.
func familyOf[F family](s *Server, method, options string) F {
	has := "no rate limit"
	if s.limiter != nil {
		if f, ok := s.limiter.family.(F); ok {
			return f
		}
		has = "the limit of " + s.limiter.option
	}
	panic(fmt.Sprintf("fake: %s changes the limit of %s, and the Server has %s", method, options, has))
}

// upsertCounter counts the upserts the Server has applied, by email, so
// that a test can prove each row of a bulk job was upserted exactly once.
// It is safe for concurrent use.
type upsertCounter struct {
	mu     sync.Mutex
	counts map[string]int
	total  int64
}

func (c *upsertCounter) add(email string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil {
		c.counts = make(map[string]int)
	}
	c.counts[email]++
	c.total++
}

// Upserts returns how many times POST /v1/contact/upsert has been applied
// to the contact with email: answered 200 after creating or merging it.
// A request answered otherwise (a fault, a 429, a 400) does not count.
func (s *Server) Upserts(email string) int {
	s.upserts.mu.Lock()
	defer s.upserts.mu.Unlock()
	return s.upserts.counts[email]
}

// UpsertCounts returns, for every email upserted so far, how many times
// its upsert was applied, and the total. The map is the caller's.
func (s *Server) UpsertCounts() (map[string]int, int64) {
	s.upserts.mu.Lock()
	defer s.upserts.mu.Unlock()
	return maps.Clone(s.upserts.counts), s.upserts.total
}
