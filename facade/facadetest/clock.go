// Package facadetest helps test code built on package facade without
// real waiting: a [Clock] that a Client can take with facade.WithClock.
package facadetest

import (
	"sync"
	"time"
)

// Clock is a facade.Clock for tests: its After fires at once and moves
// Now forward by the wait, so that a Client's retries, and its backoff
// and Retry-After waits, cost no real time while token expiry and the
// campaign schedule check still see time pass. It counts the waits it
// was asked for.
//
// Use [NewClock] to create one; the zero Clock starts at the zero time.
// A Clock is safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	waits  int
	waited time.Duration
}

// NewClock returns a Clock whose Now is start.
func NewClock(start time.Time) *Clock {
	return &Clock{now: start}
}

// Now returns the Clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After moves the Clock forward by d, if positive, and returns a channel
// that already holds the new time.
func (c *Clock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits++
	if d > 0 {
		c.now = c.now.Add(d)
		c.waited += d
	}
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

// Advance moves the Clock forward by d, such as past a token's expiry.
// A negative d is ignored: the Clock never goes back.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.now = c.now.Add(d)
	}
}

// Waits returns the number of calls of After so far: for a Client, the
// number of retry waits.
func (c *Clock) Waits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waits
}

// Waited returns the sum of the positive waits After was asked for.
func (c *Clock) Waited() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waited
}
