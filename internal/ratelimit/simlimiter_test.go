package ratelimit

import (
	"time"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/internal/transport"
)

// simLimiterOf returns l, whose clock is a *clocktest.Clock, as the
// simulation drives it: a worker waits out the shared pause, reserves a
// token, and takes another after a pause begun meanwhile, as Wait does.
func simLimiterOf(l *Limiter) simLimiter {
	return &limiterSim{l: l, clk: l.clock.(*clocktest.Clock), reserved: map[int]bool{}}
}

type limiterSim struct {
	l        *Limiter
	clk      *clocktest.Clock
	reserved map[int]bool // workers holding a token that was not yet due
}

func (s *limiterSim) admit(w int, now time.Time) time.Duration {
	s.clk.Set(now)
	if now.Before(s.l.pauseUntil) {
		s.reserved[w] = false
		return s.l.pauseUntil.Sub(now)
	}
	if s.reserved[w] {
		s.reserved[w] = false
		return 0
	}
	d := s.l.lim.ReserveN(now, 1).DelayFrom(now)
	s.reserved[w] = d > 0
	return d
}

func (s *limiterSim) done(_ int, now time.Time, res transport.LimitResult) {
	s.clk.Set(now)
	req := limiterRequest(true)
	s.l.Done(req.Context(), limitReq(req, nil), res)
}

// simNew returns the limiter of a bulk job as the simulation runs it.
func simNew() *Limiter {
	return New(Config{Clock: clocktest.New(testNow), MaxPause: defaultMaxPause})
}
