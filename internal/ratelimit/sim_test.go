package ratelimit

import (
	"container/heap"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/internal/optable"
)

// bucketSim is a discrete-event simulation, on the fake clock, of a bulk
// job of workers goroutines sending rows through the limiter l to a
// server whose token bucket holds burst tokens refilled at rps per second
// and answers 429 with Retry-After: retryAfter seconds. Unlike a loop of
// answers, it has requests in flight: each takes between 1 and 4 ms
// (drawn from a fixed seed) to be answered, the server's bucket is
// checked halfway, and the answers of requests sent before a 429 keep
// arriving after it. A worker waits for the limiter as Client.Do does (the
// shared pause, a token, the pause again) and retries a rate-limited row
// after the Retry-After.
type bucketSim struct {
	l          *Limiter
	clk        *clocktest.Clock
	rps        float64
	burst      int
	retryAfter int
	workers    int

	events   simEvents
	tokens   float64
	at       time.Time // of the bucket's tokens
	rng      *rand.Rand
	accepted int
	limited  int
	pauses   int
}

type simEvent struct {
	at     time.Time
	seq    int // keeps events of the same time in order
	kind   simKind
	worker int
	half   time.Duration // of the request's round trip, for simArrive
	status int           // of the answer, for simAnswer
}

type simKind int

const (
	simReady  simKind = iota // the worker waits for the limiter
	simSend                  // its token came; the pause is checked again
	simArrive                // the request reaches the server
	simAnswer                // the answer reaches the worker
)

type simEvents []simEvent

func (e simEvents) Len() int { return len(e) }
func (e simEvents) Less(i, j int) bool {
	if !e[i].at.Equal(e[j].at) {
		return e[i].at.Before(e[j].at)
	}
	return e[i].seq < e[j].seq
}
func (e simEvents) Swap(i, j int) { e[i], e[j] = e[j], e[i] }
func (e *simEvents) Push(x any)   { *e = append(*e, x.(simEvent)) }
func (e *simEvents) Pop() any {
	old := *e
	x := old[len(old)-1]
	*e = old[:len(old)-1]
	return x
}

// run sends rows rows and returns the simulated time the job took.
func (s *bucketSim) run(rows int) time.Duration {
	s.rng = rand.New(rand.NewPCG(1, 2))
	start := s.clk.Now()
	s.tokens, s.at = float64(s.burst), start
	seq := 0
	push := func(e simEvent) {
		seq++
		e.seq = seq
		heap.Push(&s.events, e)
	}
	for w := range s.workers {
		push(simEvent{at: start, kind: simReady, worker: w})
	}
	req := limiterRequest(true)
	end := start
	for s.accepted < rows && s.events.Len() > 0 {
		e := heap.Pop(&s.events).(simEvent)
		s.clk.Set(e.at)
		switch e.kind {
		case simReady:
			if e.at.Before(s.l.pauseUntil) {
				push(simEvent{at: s.l.pauseUntil, kind: simReady, worker: e.worker})
				break
			}
			d := s.l.lim.ReserveN(e.at, 1).DelayFrom(e.at)
			push(simEvent{at: e.at.Add(d), kind: simSend, worker: e.worker})
		case simSend:
			if e.at.Before(s.l.pauseUntil) { // a stale token: taken again after the pause
				push(simEvent{at: s.l.pauseUntil, kind: simReady, worker: e.worker})
				break
			}
			half := time.Duration(500+s.rng.IntN(1500)) * time.Microsecond
			push(simEvent{at: e.at.Add(half), kind: simArrive, worker: e.worker, half: half})
		case simArrive:
			s.tokens = min(float64(s.burst), s.tokens+s.rps*e.at.Sub(s.at).Seconds())
			s.at = e.at
			status := http.StatusTooManyRequests
			if s.tokens >= 1 {
				s.tokens--
				status = http.StatusOK
			}
			push(simEvent{at: e.at.Add(e.half), kind: simAnswer, worker: e.worker, status: status})
		case simAnswer:
			before := s.l.pauseUntil
			if e.status == http.StatusOK {
				s.accepted++
				end = e.at
				limiterDone(s.l, req, optable.UpsertContact, e.status, "")
				push(simEvent{at: e.at, kind: simReady, worker: e.worker})
				break
			}
			s.limited++
			limiterDone(s.l, req, optable.UpsertContact, e.status, strconv.Itoa(s.retryAfter))
			if s.l.pauseUntil.After(before) && !before.After(e.at) {
				s.pauses++
			}
			push(simEvent{at: e.at.Add(time.Duration(s.retryAfter) * time.Second), kind: simReady, worker: e.worker})
		}
	}
	return end.Sub(start)
}

// The bulk job of the benchmark, simulated with requests in flight:
// 20,000 rows (and a longer job of 100,000, which probes after each
// hold), 16 workers, a server of 400 requests per second with bursts of
// 20. With Retry-After: 1 every 429 costs every worker a
// second, so the limiter must learn the server's rate from few of them;
// with Retry-After: 0 429s are cheap and it may probe more.
func TestRateLimiterAdaptiveBulkJobInFlight(t *testing.T) {
	for _, tc := range []struct {
		rows       int
		retryAfter int
		minRatio   float64
		maxPauses  int
	}{
		{rows: 20_000, retryAfter: 1, minRatio: 0.9, maxPauses: 4},
		{rows: 20_000, retryAfter: 0, minRatio: 0.95},
		{rows: 100_000, retryAfter: 1, minRatio: 0.93, maxPauses: 12}, // a probe after each hold
	} {
		t.Run(fmt.Sprintf("rows=%d/retry-after=%d", tc.rows, tc.retryAfter), func(t *testing.T) {
			l, clk, _ := limiterSetup(t, Config{})
			sim := &bucketSim{l: l, clk: clk, rps: 400, burst: 20, retryAfter: tc.retryAfter, workers: 16}
			rows := tc.rows
			took := sim.run(rows)
			ratio := float64(rows) / took.Seconds() / sim.rps
			t.Logf("%d rows in %v: %.3f of the rate, %d 429s, %d pauses, final rate %v", rows, took, ratio, sim.limited, sim.pauses, l.current)
			if ratio < tc.minRatio || (tc.retryAfter > 0 && sim.pauses > tc.maxPauses) {
				t.Errorf("%.3f of the server's rate with %d pauses; want at least %.2f with at most %d pauses", ratio, sim.pauses, tc.minRatio, tc.maxPauses)
			}
			if l.current == rate.Inf {
				t.Errorf("the rate ended unlimited against a rate-limited server")
			}
		})
	}
}
