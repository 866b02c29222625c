// Package clocktest provides the manual clock.Clock for tests: time moves
// only when the test says so, and nothing sleeps.
package clocktest

import (
	"slices"
	"sync"
	"time"
)

// Clock is a clock.Clock for tests. Its Now moves only by [Clock.Advance],
// [Clock.Set] or, on a clock made by [NewAuto], by the waits asked of
// [Clock.After]. Advance and Set fire the channels of After whose time has
// come, in the order of their times (in the order of the calls for equal
// times). It counts the waits it was asked for.
//
// A Clock is safe for concurrent use. The zero Clock is a manual clock at
// the zero time.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	auto   bool
	timers []timer
	waits  []time.Duration
}

type timer struct {
	at time.Time
	ch chan time.Time
}

// New returns a manual Clock whose Now is start: After(d) fires once the
// Clock has been moved d on.
func New(start time.Time) *Clock { return &Clock{now: start} }

// NewAuto returns a Clock whose Now is start and whose After(d) moves it d
// on, if positive, and fires at once: retries and backoff cost no time
// while token expiry and schedules still see time pass.
func NewAuto(start time.Time) *Clock { return &Clock{now: start, auto: true} }

// Now returns the Clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After returns a channel that receives the Clock's time once d has
// passed on it. For d <= 0 the channel already holds Now; on an auto Clock
// it holds Now moved on by d. The channel has room for its one value, so
// the Clock never blocks on it.
func (c *Clock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	ch := make(chan time.Time, 1)
	if c.auto && d > 0 {
		c.now = c.now.Add(d)
	}
	if c.auto || d <= 0 {
		ch <- c.now
		return ch
	}
	c.timers = append(c.timers, timer{at: c.now.Add(d), ch: ch})
	return ch
}

// Advance moves the Clock forward by d, such as past a token's expiry,
// and fires the waits that are due. A negative d is ignored: Advance
// never goes back.
func (c *Clock) Advance(d time.Duration) {
	if d < 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(c.now.Add(d))
}

// Set moves the Clock to t and fires the waits due by t. t may be before
// Now: the Clock goes back and fires nothing.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(t)
}

func (c *Clock) setLocked(t time.Time) {
	c.now = t
	slices.SortStableFunc(c.timers, func(a, b timer) int { return a.at.Compare(b.at) })
	n := 0
	for n < len(c.timers) && !c.timers[n].at.After(t) {
		c.timers[n].ch <- c.timers[n].at
		n++
	}
	c.timers = slices.Delete(c.timers, 0, n)
}

// Pending returns the number of waits of After that have not fired yet.
func (c *Clock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// Waits returns the number of calls of After so far: for a facade
// Client, the number of retry waits.
func (c *Clock) Waits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waits)
}

// Waited returns the sum of the positive waits After was asked for.
func (c *Clock) Waited() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	var sum time.Duration
	for _, d := range c.waits {
		sum += max(d, 0)
	}
	return sum
}

// Durations returns the waits After was asked for, in order.
func (c *Clock) Durations() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.waits)
}
