package ratelimit

import (
	"time"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/internal/transport"
)

// simLimiterOf returns l, whose clock is a *clocktest.Clock, as the
// simulation drives it: admit and Done are what Wait and the transport
// call, without goroutines.
func simLimiterOf(l *Limiter) simLimiter { return limiterSim{l} }

type limiterSim struct{ l *Limiter }

func (s limiterSim) admit(_ int, now time.Time) time.Duration { return s.l.admit(now) }

func (s limiterSim) done(_ int, now time.Time, res transport.LimitResult) {
	s.l.clock.(*clocktest.Clock).Set(now)
	req := limiterRequest(true)
	s.l.Done(req.Context(), limitReq(req, nil), res)
}

// simNew returns the limiter of a bulk job as the simulation runs it.
func simNew() *Limiter {
	return New(Config{Clock: clocktest.New(testNow), MaxPause: defaultMaxPause})
}
