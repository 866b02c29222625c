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

	"golang.org/x/time/rate"
)

// WithRateLimit makes the Server rate-limit the API as a real one does:
// a token bucket of burst tokens, refilled at rps tokens per second,
// pays for each request other than POST /v1/auth, and a request that
// finds it empty is answered 429, with a Retry-After header and the body
// {"error": "Too Many Requests"}, without being handled. Retry-After is
// the whole seconds until the next token, rounded up, so at least 1,
// unless WithRateLimitRetryAfter fixes it. The bucket reads the Server's
// clock (WithClock) and starts full. Injected faults apply before it, so
// a request a fault answers costs no token.
//
// rps must be positive and finite and burst at least 1.
func WithRateLimit(rps float64, burst int) Option {
	if !(rps > 0) || math.IsInf(rps, 0) || burst < 1 {
		panic(fmt.Sprintf("fake: WithRateLimit: want a positive finite rate and a burst of at least 1, got %v and %d", rps, burst))
	}
	return func(c *config) { c.rateLimit.rps, c.rateLimit.burst = rps, burst }
}

// WithRateLimitRetryAfter sets the Retry-After header of WithRateLimit's
// 429 answers to seconds, whatever the bucket says: 0 asks the client to
// come back at once, which keeps a test that hits the limit often within
// milliseconds, since a real Retry-After has one-second resolution. A
// negative seconds sends no Retry-After at all. Without WithRateLimit it
// does nothing.
func WithRateLimitRetryAfter(seconds int) Option {
	return func(c *config) {
		c.rateLimit.retryAfter = strconv.Itoa(seconds)
		if seconds < 0 {
			c.rateLimit.retryAfter = "-"
		}
	}
}

// rateLimitConfig is what WithRateLimit and WithRateLimitRetryAfter set.
type rateLimitConfig struct {
	rps        float64 // 0: no limit
	burst      int
	retryAfter string // "": computed; "-": none; else verbatim
}

// rateLimiter is the Server's token bucket, or nil without
// WithRateLimit.
type rateLimiter struct {
	cfg     rateLimitConfig
	now     func() time.Time
	lim     *rate.Limiter
	limited atomic.Int64
}

func newRateLimiter(cfg rateLimitConfig, now func() time.Time) *rateLimiter {
	if cfg.rps == 0 {
		return nil
	}
	return &rateLimiter{cfg: cfg, now: now, lim: rate.NewLimiter(rate.Limit(cfg.rps), cfg.burst)}
}

// limitRate answers 429 to a request that finds the bucket empty.
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
		now := l.now()
		if l.lim.AllowN(now, 1) {
			next.ServeHTTP(w, r)
			return
		}
		l.limited.Add(1)
		wait := time.Duration((1 - l.lim.TokensAt(now)) / l.cfg.rps * float64(time.Second))
		switch ra := l.cfg.retryAfter; ra {
		case "":
			w.Header().Set("Retry-After", strconv.FormatInt(int64(math.Ceil(wait.Seconds())), 10))
		case "-":
		default:
			w.Header().Set("Retry-After", ra)
		}
		writeError(w, http.StatusTooManyRequests, http.StatusText(http.StatusTooManyRequests))
	})
}

// RateLimited returns how many requests WithRateLimit's bucket has
// answered 429 so far; 0 without WithRateLimit.
func (s *Server) RateLimited() int64 {
	if s.limiter == nil {
		return 0
	}
	return s.limiter.limited.Load()
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
