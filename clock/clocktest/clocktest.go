// Package clocktest provides the manual clock.Clock for tests: time moves
// only when the test says so, and nothing sleeps.
package clocktest

import (
	"slices"
	"sync"
	"time"
)

// Clock is a clock.Clock for tests. Its Now moves only by [Clock.Advance],
// [Clock.Set] or, in [Auto] mode, by the waits asked of [Clock.After].
// Advance and Set fire the channels of After whose time has come, in the
// order of their times (in the order of the calls for equal times). It
// counts the waits it was asked for.
//
// A Clock is safe for concurrent use. The zero Clock is a [Manual] clock
// at the zero time.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	mode    Mode
	onAfter func(time.Duration)
	timers  []timer
	waits   []time.Duration
}

// A Mode is how a Clock answers [Clock.After].
type Mode int

const (
	// Manual: After(d) fires once the Clock has been moved d on by
	// Advance or Set; for d <= 0, at once. The mode of [New].
	Manual Mode = iota
	// Auto: After(d) moves the Clock d on, if positive, and fires at
	// once. The mode of [NewAuto].
	Auto
	// Instant: After(d) fires at once with Now, and the Clock does not
	// move: waits cost no time at all, and only Advance and Set move Now.
	Instant
)

type timer struct {
	at time.Time
	ch chan time.Time
}

// New returns a manual Clock whose Now is start: After(d) fires once the
// Clock has been moved d on.
func New(start time.Time) *Clock { return &Clock{now: start, mode: Manual} }

// NewAuto returns a Clock whose Now is start and whose After(d) moves it d
// on, if positive, and fires at once: retries and backoff cost no time
// while token expiry and schedules still see time pass.
func NewAuto(start time.Time) *Clock { return &Clock{now: start, mode: Auto} }

// SetMode sets how the later calls of After answer. Waits already
// pending stay pending until Advance or Set fires them; an unknown m is
// taken as Manual.
func (c *Clock) SetMode(m Mode) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mode = m
}

// OnAfter sets f to run on every later call of After, with its d, once
// the wait is registered (and, if the mode says so, fired). f runs
// outside the Clock's lock, on the goroutine that called After, so it
// may use the Clock; a test uses it to act while the code under test
// waits, such as cancel its context. A nil f removes the hook.
func (c *Clock) OnAfter(f func(d time.Duration)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onAfter = f
}

// Now returns the Clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After returns a channel that receives the Clock's time once d has
// passed on it, as its [Mode] says. For d <= 0 the channel already holds
// Now; in Auto mode it holds Now moved on by d, in Instant mode Now. The
// channel has room for its one value, so the Clock never blocks on it.
// After then runs the hook of [Clock.OnAfter], if any.
func (c *Clock) After(d time.Duration) <-chan time.Time {
	ch, hook := c.after(d)
	if hook != nil {
		hook(d)
	}
	return ch
}

func (c *Clock) after(d time.Duration) (<-chan time.Time, func(time.Duration)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	ch := make(chan time.Time, 1)
	if c.mode == Auto && d > 0 {
		c.now = c.now.Add(d)
	}
	if c.mode == Auto || c.mode == Instant || d <= 0 {
		ch <- c.now
		return ch, c.onAfter
	}
	c.timers = append(c.timers, timer{at: c.now.Add(d), ch: ch})
	return ch, c.onAfter
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
