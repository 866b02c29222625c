// Package clock defines the clock the SDK tells time and waits by.
//
// A Client's retries, rate limiter and campaign schedule check, the auth
// source's token expiry and the fake server's lifecycle all read a
// [Clock], so that a test can swap in the manual clock of package
// clocktest and never sleep.
package clock

import "time"

// Clock tells the time and waits. Implementations must be safe for
// concurrent use.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// After returns a channel that receives the time once d has elapsed;
	// for a d of zero or less, at once.
	After(d time.Duration) <-chan time.Time
}

// System is the [Clock] of package [time]: the default everywhere a Clock
// is optional. The zero value is ready to use.
type System struct{}

// Now returns [time.Now]().
func (System) Now() time.Time { return time.Now() }

// After returns [time.After](d).
func (System) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Func returns a Clock whose Now calls now and whose After waits in real
// time, as [time.After]: it adapts a func() time.Time, the clock shape of
// earlier releases. A nil now gives a nil Clock, which options refuse.
func Func(now func() time.Time) Clock {
	if now == nil {
		return nil
	}
	return funcClock(now)
}

type funcClock func() time.Time

func (f funcClock) Now() time.Time                       { return f() }
func (funcClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
