// Package facadetest helps test code built on package facade without
// real waiting: a [Clock] that a Client can take with facade.WithClock.
package facadetest

import (
	"time"

	"github.com/leadfox-go/leadfox/clock/clocktest"
)

// Clock is the test clock of package clocktest, under the name earlier
// releases gave it. A Clock from [NewClock] fires After at once and moves
// Now forward by the wait, so that a Client's retries, and its backoff
// and Retry-After waits, cost no real time while token expiry and the
// campaign schedule check still see time pass. It counts the waits it
// was asked for, and is safe for concurrent use.
type Clock = clocktest.Clock

// NewClock returns a Clock whose Now is start and whose After fires at
// once: [clocktest.NewAuto].
func NewClock(start time.Time) *Clock { return clocktest.NewAuto(start) }
