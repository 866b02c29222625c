package ratelimit

import (
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"
)

// simFamily is a kind of server, built for a sustainable rate of rps
// requests per second.
type simFamily struct {
	name string
	// build returns the server, the offsets at which its limit changes,
	// and whether it opens with a prelude of 429s.
	build func(rps float64) (s simServer, events []time.Duration, prelude bool)
}

// simFamilies are the servers the limiter must hold against.
var simFamilies = []simFamily{
	{"token bucket, burst 1", func(r float64) (simServer, []time.Duration, bool) { return newSimBucket(r, 1), nil, false }},
	{"token bucket, burst 20", func(r float64) (simServer, []time.Duration, bool) { return newSimBucket(r, 20), nil, false }},
	{"token bucket, burst = rate", func(r float64) (simServer, []time.Duration, bool) { return newSimBucket(r, r), nil, false }},
	{"fixed window 1 s", func(r float64) (simServer, []time.Duration, bool) {
		return &simFixedWindow{window: time.Second, limit: int(r)}, nil, false
	}},
	{"fixed window 10 s", func(r float64) (simServer, []time.Duration, bool) {
		return &simFixedWindow{window: 10 * time.Second, limit: int(10 * r)}, nil, false
	}},
	{"per-minute window, scaled to 30 s", func(r float64) (simServer, []time.Duration, bool) {
		return &simFixedWindow{window: 30 * time.Second, limit: int(30 * r)}, nil, false
	}},
	{"sliding window 1 s", func(r float64) (simServer, []time.Duration, bool) {
		return &simSlidingWindow{window: time.Second, limit: int(r)}, nil, false
	}},
	{"concurrency limit (20 ms each)", func(r float64) (simServer, []time.Duration, bool) {
		return &simConcurrency{limit: max(1, int(r/50)), hold: 20 * time.Millisecond}, nil, false
	}},
	{"limit halves at 20 s, back at 40 s", func(r float64) (simServer, []time.Duration, bool) {
		b := newSimBucket(r, 20)
		b.rateAt = func(t time.Duration) float64 {
			if t >= 20*time.Second && t < 40*time.Second {
				return r / 2
			}
			return r
		}
		return b, []time.Duration{20 * time.Second, 40 * time.Second}, false
	}},
	{"prelude of 20 429s, then bucket (rate/2, 20)", func(r float64) (simServer, []time.Duration, bool) {
		return &simPrelude{faults: 20, next: newSimBucket(r/2, 20)}, nil, true
	}},
}

// simNet is a network and pool size: the server's rate is set so that
// the workers could send at least twice as fast.
type simNet struct {
	name           string
	rttMin, rttMax time.Duration
	workers        int
	rps            float64
}

var simNets = []simNet{
	{"loopback, 16 workers", time.Millisecond, 4 * time.Millisecond, 16, 400},
	{"loopback, 64 workers", time.Millisecond, 4 * time.Millisecond, 64, 400},
	{"WAN, 16 workers", 60 * time.Millisecond, 240 * time.Millisecond, 16, 50},
	{"WAN, 64 workers", 60 * time.Millisecond, 240 * time.Millisecond, 64, 200},
}

// simJobSeconds is the length of a simulated job at the server's rate.
const simJobSeconds = 60

// scenario returns the job of f on n with mode, of secs seconds of work
// at the server's rate.
func (f simFamily) scenario(n simNet, mode retryAfterMode, secs float64) *simScenario {
	s, events, prelude := f.build(n.rps)
	return &simScenario{
		name:    fmt.Sprintf("%s / %s / Retry-After %s", f.name, n.name, mode),
		server:  s,
		rows:    int(secs * s.capacity(0)),
		workers: n.workers, rttMin: n.rttMin, rttMax: n.rttMax,
		mode: mode, events: events, prelude: prelude,
	}
}

var (
	simTable  = flag.Bool("simtable", false, "print the limiter's simulation table for BENCHMARKS.md")
	simFilter = flag.String("simfilter", "", "with -simtable, only the scenarios whose name holds this")
)

// TestSimTable prints, with -simtable, the table of every family, net
// and Retry-After: the limiter against pause-only.
func TestSimTable(t *testing.T) {
	if !*simTable {
		t.Skip("run with -simtable to print the table")
	}
	var b strings.Builder
	fmt.Fprintln(&b, "| server | net | Retry-After | limiter ratio | 429s/1,000 | recovery | pause-only ratio | 429s/1,000 |")
	fmt.Fprintln(&b, "|---|---|---|---|---|---|---|---|")
	for _, f := range simFamilies {
		for _, n := range simNets {
			for _, mode := range []retryAfterMode{raSeconds, raZero, raAbsent, raDate} {
				if !strings.Contains(f.scenario(n, mode, 1).name, *simFilter) {
					continue
				}
				got := f.scenario(n, mode, simJobSeconds).run(simLimiterOf(simNew()))
				base := f.scenario(n, mode, simJobSeconds).run(&pauseOnly{})
				fmt.Fprintf(&b, "| %s | %s | %s | %.3f | %.1f | %s | %.3f | %.1f |\n", f.name, n.name, mode,
					got.ratio(), got.per1000(), recoveryText(got.recovery), base.ratio(), base.per1000())
			}
		}
	}
	t.Log("\n" + b.String())
}

// recoveryText returns a recovery time for the table.
func recoveryText(d time.Duration) string {
	switch {
	case d < 0:
		return "never"
	case d == 0:
		return "-"
	}
	return fmt.Sprintf("%.0f s", d.Seconds())
}
