package facade

import "github.com/leadfox-go/leadfox/clock"

// Clock tells the time and waits. The retry transport waits on it between
// attempts, the campaign guard asks it whether a start time is in the
// future, and the auth source reads token expiry with it. Implementations
// must be safe for concurrent use.
//
// Clock is [clock.Clock], under the name earlier releases gave it.
type Clock = clock.Clock

// SystemClock is the [Clock] of package [time], and the default (see
// [WithClock]). It is [clock.System].
type SystemClock = clock.System
