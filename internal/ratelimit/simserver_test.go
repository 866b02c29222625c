package ratelimit

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// simServer is a rate-limited server of the simulation: it accepts or
// refuses each request as it arrives. Offsets are from the start of the
// job.
type simServer interface {
	// arrive accepts the request reaching the server at offset t, or
	// refuses it with a 429 and the wait the server would ask for.
	arrive(t time.Duration) (ok bool, retryAfter time.Duration)
	// service is how long the server holds an accepted request before
	// it answers.
	service() time.Duration
	// capacity is the rate the server sustains at offset t, in requests
	// per second.
	capacity(t time.Duration) float64
	// upfront is how many requests the server accepts at once at the
	// start, beyond its rate: a bucket's burst, a window's limit.
	upfront() float64
}

// simBucket is a token bucket of burst tokens refilled at the rate
// rateAt gives (constant for most families).
type simBucket struct {
	rateAt func(t time.Duration) float64
	burst  float64
	tokens float64
	at     time.Duration
}

func newSimBucket(rps, burst float64) *simBucket {
	return &simBucket{rateAt: func(time.Duration) float64 { return rps }, burst: burst, tokens: burst}
}

func (b *simBucket) arrive(t time.Duration) (bool, time.Duration) {
	b.tokens = min(b.burst, b.tokens+b.rateAt(t)*(t-b.at).Seconds())
	b.at = t
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, seconds((1 - b.tokens) / b.rateAt(t))
}

func (b *simBucket) service() time.Duration           { return 0 }
func (b *simBucket) capacity(t time.Duration) float64 { return b.rateAt(t) }
func (b *simBucket) upfront() float64                 { return b.burst }

// simFixedWindow accepts limit requests per window, counted from the
// start of each window; a refusal asks for the time to the next window.
type simFixedWindow struct {
	window time.Duration
	limit  int
	start  time.Duration // of the current window
	n      int
}

func (w *simFixedWindow) arrive(t time.Duration) (bool, time.Duration) {
	if t-w.start >= w.window {
		w.start, w.n = t-(t-w.start)%w.window, 0
	}
	if w.n < w.limit {
		w.n++
		return true, 0
	}
	return false, w.start + w.window - t
}

func (w *simFixedWindow) service() time.Duration { return 0 }
func (w *simFixedWindow) capacity(time.Duration) float64 {
	return float64(w.limit) / w.window.Seconds()
}
func (w *simFixedWindow) upfront() float64 { return float64(w.limit) }

// simSlidingWindow accepts a request when fewer than limit were accepted
// in the window before it; a refusal asks for the whole window, as the
// server of the issue did (Retry-After: 1).
type simSlidingWindow struct {
	window   time.Duration
	limit    int
	accepted []time.Duration // within the last window, oldest first
}

func (w *simSlidingWindow) arrive(t time.Duration) (bool, time.Duration) {
	i := 0
	for i < len(w.accepted) && t-w.accepted[i] >= w.window {
		i++
	}
	w.accepted = w.accepted[i:]
	if len(w.accepted) < w.limit {
		w.accepted = append(w.accepted, t)
		return true, 0
	}
	return false, w.window
}

func (w *simSlidingWindow) service() time.Duration { return 0 }
func (w *simSlidingWindow) capacity(time.Duration) float64 {
	return float64(w.limit) / w.window.Seconds()
}
func (w *simSlidingWindow) upfront() float64 { return float64(w.limit) }

// simConcurrency refuses a request when limit are already being served;
// each takes hold to serve. It asks for a second after a refusal.
type simConcurrency struct {
	limit   int
	hold    time.Duration
	serving []time.Duration // when each request being served ends
}

func (c *simConcurrency) arrive(t time.Duration) (bool, time.Duration) {
	kept := c.serving[:0]
	for _, end := range c.serving {
		if end > t {
			kept = append(kept, end)
		}
	}
	c.serving = kept
	if len(c.serving) >= c.limit {
		return false, time.Second
	}
	c.serving = append(c.serving, t+c.hold)
	return true, 0
}

func (c *simConcurrency) service() time.Duration         { return c.hold }
func (c *simConcurrency) capacity(time.Duration) float64 { return float64(c.limit) / c.hold.Seconds() }
func (c *simConcurrency) upfront() float64               { return 0 }

// simPrelude refuses the first faults requests with a 429 asking for a
// second, whatever next would say, then is next.
type simPrelude struct {
	faults int
	next   simServer
}

func (p *simPrelude) arrive(t time.Duration) (bool, time.Duration) {
	if p.faults > 0 {
		p.faults--
		return false, time.Second
	}
	return p.next.arrive(t)
}

func (p *simPrelude) service() time.Duration           { return p.next.service() }
func (p *simPrelude) capacity(t time.Duration) float64 { return p.next.capacity(t) }
func (p *simPrelude) upfront() float64                 { return p.next.upfront() }

// seconds returns s seconds as a Duration.
func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// retryAfterMode is how a simulated server writes the wait it asks for
// into a Retry-After header.
type retryAfterMode int

const (
	raSeconds retryAfterMode = iota // whole seconds, rounded up, at least 1
	raZero                          // always 0
	raAbsent                        // no header
	raDate                          // an HTTP date
)

func (m retryAfterMode) String() string {
	return [...]string{"1", "0", "absent", "date"}[m]
}

// header returns the Retry-After header asking for wait at now.
func (m retryAfterMode) header(wait time.Duration, now time.Time) string {
	switch m {
	case raZero:
		return "0"
	case raAbsent:
		return ""
	case raDate:
		return now.Add(wait).Add(time.Second - 1).Truncate(time.Second).UTC().Format(http.TimeFormat)
	}
	return strconv.Itoa(max(1, int(math.Ceil(wait.Seconds()))))
}
