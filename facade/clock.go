package facade

import "time"

// Clock tells the time and waits. The retry transport waits on it between
// attempts, the campaign guard asks it whether a start time is in the
// future, and the auth source reads token expiry with it. Implementations
// must be safe for concurrent use.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// After returns a channel that receives once d has elapsed.
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the [Clock] of package [time], and the default (see
// [WithClock]).
type SystemClock struct{}

// Now returns [time.Now]().
func (SystemClock) Now() time.Time { return time.Now() }

// After returns [time.After](d).
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
