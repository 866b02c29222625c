package fake

import (
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// family is one family of rate limit, the law a Server's limitRate
// applies: one type per family, each made by its option (WithRateLimit,
// WithFixedWindow, ...). Its methods are safe for concurrent use.
type family interface {
	// admit reports whether a request arriving at now may be handled,
	// and counts it if so. If not, wait is how long the request should
	// wait before it could be admitted, for Retry-After.
	admit(now time.Time) (ok bool, wait time.Duration)
	// done tells the limit that a request admit let in has been
	// handled, however its handler ended.
	done()
}

// tokenBucket is WithRateLimit's family: a token bucket that starts
// full.
type tokenBucket struct {
	mu  sync.Mutex // makes admit's take and wait one step against set
	lim *rate.Limiter
}

func newTokenBucket(rps float64, burst int) *tokenBucket {
	return &tokenBucket{lim: rate.NewLimiter(rate.Limit(rps), burst)}
}

// admit takes a token; without one, wait is the time until the next.
func (b *tokenBucket) admit(now time.Time) (bool, time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.lim.AllowN(now, 1) {
		return true, 0
	}
	return false, time.Duration((1 - b.lim.TokensAt(now)) / float64(b.lim.Limit()) * float64(time.Second))
}

func (b *tokenBucket) done() {}

// set changes the rate and the burst from now on; the tokens in the
// bucket stay, up to the new burst.
func (b *tokenBucket) set(now time.Time, rps float64, burst int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lim.SetLimitAt(now, rate.Limit(rps))
	b.lim.SetBurstAt(now, burst)
}

// windowFamily is a family of so many requests per window:
// fixedWindow or slidingWindow.
type windowFamily interface {
	family
	set(limit int, window time.Duration)
}

// fixedWindow is WithFixedWindow's family: at most limit requests in
// each window, whose boundaries are the multiples of window since the
// zero time (see time.Time.Truncate).
type fixedWindow struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	start  time.Time // of the window that count counts
	count  int
}

func newFixedWindow(limit int, window time.Duration) *fixedWindow {
	return &fixedWindow{limit: limit, window: window}
}

// admit counts the request in now's window; once the window is full,
// wait is the time to the next one.
func (w *fixedWindow) admit(now time.Time) (bool, time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if start := now.Truncate(w.window); !start.Equal(w.start) {
		w.start, w.count = start, 0
	}
	if w.count < w.limit {
		w.count++
		return true, 0
	}
	return false, w.start.Add(w.window).Sub(now)
}

func (w *fixedWindow) done() {}

// set changes the limit and the window. The requests admitted in the
// current window count against the new limit; a new window length
// starts a new count unless the current window begins where it did.
func (w *fixedWindow) set(limit int, window time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.limit, w.window = limit, window
}

// slidingWindow is WithSlidingWindow's family: at most limit admitted
// requests in any window ending now. It keeps the times of the last
// limit admissions in a ring, so its memory is bounded by limit, not by
// traffic.
type slidingWindow struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	times  []time.Time // admission times, a ring of at most limit
	oldest int         // index in times of the oldest, once full
}

func newSlidingWindow(limit int, window time.Duration) *slidingWindow {
	return &slidingWindow{limit: limit, window: window, times: make([]time.Time, 0, limit)}
}

// admit admits the request unless the last limit admissions are all
// within window of now; then wait is the time until the oldest of them
// leaves the window.
func (w *slidingWindow) admit(now time.Time) (bool, time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.times) < w.limit {
		w.times = append(w.times, now)
		return true, 0
	}
	leaves := w.times[w.oldest].Add(w.window)
	if now.Before(leaves) {
		return false, leaves.Sub(now)
	}
	w.times[w.oldest] = now
	w.oldest = (w.oldest + 1) % w.limit
	return true, 0
}

func (w *slidingWindow) done() {}

// set changes the limit and the window. The last admissions, up to the
// new limit, stay and count against it.
func (w *slidingWindow) set(limit int, window time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	ordered := slices.Concat(w.times[w.oldest:], w.times[:w.oldest])
	ordered = ordered[max(0, len(ordered)-limit):]
	w.times = append(make([]time.Time, 0, limit), ordered...)
	w.limit, w.window, w.oldest = limit, window, 0
}

// concurrencyLimit is WithConcurrencyLimit's family: at most n requests
// in flight at once.
type concurrencyLimit struct {
	mu       sync.Mutex
	n        int
	inFlight int
}

// concurrencyWait is the wait a refusal of concurrencyLimit suggests:
// requests in flight end at no time the limit can know.
const concurrencyWait = time.Second

// admit admits the request if fewer than n are in flight.
func (c *concurrencyLimit) admit(time.Time) (bool, time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inFlight >= c.n {
		return false, concurrencyWait
	}
	c.inFlight++
	return true, 0
}

func (c *concurrencyLimit) done() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inFlight--
}

// set changes n; requests already in flight stay, and with more than n
// of them, new ones are refused until enough have ended.
func (c *concurrencyLimit) set(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n = n
}
