package ratelimit

import (
	"container/heap"
	"fmt"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/internal/transport"
)

// simLimiter is a limiter as the simulation drives it, without
// goroutines: admit tells worker w at now to send (0) or to ask again
// after a wait; done reports the outcome of what it sent.
type simLimiter interface {
	admit(w int, now time.Time) time.Duration
	done(w int, now time.Time, res transport.LimitResult)
}

// pauseOnly is the baseline of the simulation: every Retry-After is a
// pause shared by all workers, and nothing else paces them.
type pauseOnly struct{ until time.Time }

func (p *pauseOnly) admit(_ int, now time.Time) time.Duration {
	if now.Before(p.until) {
		return p.until.Sub(now)
	}
	return 0
}

func (p *pauseOnly) done(_ int, now time.Time, res transport.LimitResult) {
	if res.Status == http.StatusTooManyRequests && res.HasRetryAfter {
		if until := now.Add(min(res.RetryAfter, defaultMaxPause)); until.After(p.until) {
			p.until = until
		}
	}
}

// simScenario is a bulk job against one server: rows rows sent by
// workers workers, each request taking a round trip drawn between
// rttMin and rttMax (half of it to reach the server), and the server's
// answers written with mode. events are the offsets at which the server
// changes its limit; the end of a prelude is found as the job runs.
type simScenario struct {
	name           string
	server         simServer
	rows           int
	workers        int
	rttMin, rttMax time.Duration
	mode           retryAfterMode
	events         []time.Duration
	prelude        bool
}

// simMaxTime bounds the simulated time of a job: a job that would
// take longer is measured by the rows it got through.
const simMaxTime = 300 * time.Second

// simResult is what a simulated job measured.
type simResult struct {
	took     time.Duration // to the last accepted answer
	ideal    time.Duration // of the best client: the server's upfront requests, then its capacity
	requests int
	limited  int
	// settledRequests and settledLimited count the answers from 10 s
	// after the start, the end of the prelude and each change of limit.
	settledRequests, settledLimited int
	// recovery is the longest time, after the end of a prelude or a
	// change of limit, until two seconds of answers reach 0.9 of the
	// server's capacity; -1 if they never do.
	recovery time.Duration
	perSec   []int // accepted answers per second of the job
}

// ratio returns the achieved rate as a share of the server's.
func (r simResult) ratio() float64 { return r.ideal.Seconds() / r.took.Seconds() }

// per1000 returns the 429s per 1,000 requests once the job settled.
func (r simResult) per1000() float64 {
	return 1000 * float64(r.settledLimited) / max(1, float64(r.settledRequests))
}

func (r simResult) String() string {
	return fmt.Sprintf("ratio %.3f, %d of %d requests 429 (%.1f per 1,000 settled), recovery %v", r.ratio(), r.limited, r.requests, r.per1000(), r.recovery)
}

type simKind int

const (
	simAsk    simKind = iota // the worker asks the limiter
	simArrive                // its request reaches the server
	simAnswer                // the answer reaches the worker
)

type simEvent struct {
	at     time.Time
	seq    int // keeps events of the same time in order
	kind   simKind
	worker int
	half   time.Duration // of the request's round trip
	status int           // of the answer
	wait   time.Duration // the server's Retry-After, for a 429
}

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

// simJob is one run of a scenario: a discrete-event simulation on a
// virtual clock starting at testNow. A worker asks the limiter, sends,
// and on a 429 asks again after the Retry-After, or after a backoff of
// 0.5 to 1 s without one, as the retry layer does.
type simJob struct {
	sc       *simScenario
	lim      simLimiter
	rng      *rand.Rand
	events   simEvents
	seq      int
	accepted int
	res      simResult
	answers  []simAnswerAt
	settle   []time.Duration // offsets after which the job counts as settled
}

type simAnswerAt struct {
	at      time.Duration
	limited bool
}

// run simulates sc with lim.
func (sc *simScenario) run(lim simLimiter) simResult {
	j := &simJob{sc: sc, lim: lim, rng: rand.New(rand.NewPCG(1, 2)), settle: append([]time.Duration{10 * time.Second}, sc.events...)}
	for w := range sc.workers {
		j.push(simEvent{at: testNow, kind: simAsk, worker: w})
	}
	end, limit := testNow, testNow.Add(simMaxTime)
	for j.accepted < sc.rows && j.events.Len() > 0 {
		e := heap.Pop(&j.events).(simEvent)
		if e.at.After(limit) {
			end = limit
			break
		}
		if j.step(e) {
			end = e.at
		}
	}
	j.res.took = end.Sub(testNow)
	j.measure()
	return j.res
}

func (j *simJob) push(e simEvent) {
	j.seq++
	e.seq = j.seq
	heap.Push(&j.events, e)
}

// step handles e, and reports whether it was an accepted answer.
func (j *simJob) step(e simEvent) bool {
	t := e.at.Sub(testNow)
	switch e.kind {
	case simAsk:
		if d := j.lim.admit(e.worker, e.at); d > 0 {
			j.push(simEvent{at: e.at.Add(d), kind: simAsk, worker: e.worker})
			return false
		}
		span := int64(j.sc.rttMax - j.sc.rttMin)
		half := (j.sc.rttMin + time.Duration(j.rng.Int64N(span+1))) / 2
		j.push(simEvent{at: e.at.Add(half), kind: simArrive, worker: e.worker, half: half})
	case simArrive:
		ok, wait := j.sc.server.arrive(t)
		e.kind, e.status, e.wait = simAnswer, http.StatusOK, wait
		if ok {
			e.at = e.at.Add(j.sc.server.service())
		} else {
			e.status = http.StatusTooManyRequests
		}
		e.at = e.at.Add(e.half)
		j.push(e)
	case simAnswer:
		return j.answer(e, t)
	}
	return false
}

// answer tells the limiter of an answer at offset t and schedules the
// worker's next request.
func (j *simJob) answer(e simEvent, t time.Duration) bool {
	j.res.requests++
	res := transport.LimitResult{Status: e.status}
	limited := e.status == http.StatusTooManyRequests
	j.answers = append(j.answers, simAnswerAt{at: t, limited: limited})
	if !limited {
		if j.accepted == 0 && j.sc.prelude {
			j.settle = append(j.settle, t)
		}
		j.accepted++
		j.lim.done(e.worker, e.at, res)
		j.push(simEvent{at: e.at, kind: simAsk, worker: e.worker})
		return true
	}
	j.res.limited++
	res.RetryAfter, res.HasRetryAfter = transport.ParseRetryAfter(j.sc.mode.header(e.wait, e.at), e.at)
	j.lim.done(e.worker, e.at, res)
	wait := min(res.RetryAfter, defaultMaxPause)
	if !res.HasRetryAfter {
		wait = 500*time.Millisecond + time.Duration(j.rng.Int64N(int64(500*time.Millisecond)))
	}
	j.push(simEvent{at: e.at.Add(wait), kind: simAsk, worker: e.worker})
	return false
}

// measure fills the result's ideal time, settled counts, accepted
// answers per second and recovery time.
func (j *simJob) measure() {
	r, sc := &j.res, j.sc
	n := sc.server.upfront()
	for r.ideal = 0; n < float64(j.accepted); r.ideal += 10 * time.Millisecond {
		n += sc.server.capacity(r.ideal) / 100
	}
	settleAt := j.settle[0]
	for _, s := range j.settle {
		settleAt = max(settleAt, s+10*time.Second)
	}
	r.perSec = make([]int, int(r.took/time.Second)+1)
	for _, a := range j.answers {
		if a.at >= settleAt {
			r.settledRequests++
			if a.limited {
				r.settledLimited++
			}
		}
		if !a.limited && a.at <= r.took {
			r.perSec[a.at/time.Second]++
		}
	}
	for _, ev := range j.settle[1:] {
		if d := j.recoveryAfter(ev); d < 0 || r.recovery < 0 {
			r.recovery = -1
		} else {
			r.recovery = max(r.recovery, d)
		}
	}
}

// recoveryAfter returns the time from ev to the first second from which
// two seconds of accepted answers reach 0.9 of the server's capacity; -1
// if none does before the job ends.
func (j *simJob) recoveryAfter(ev time.Duration) time.Duration {
	ps := j.res.perSec
	for s := int(ev / time.Second); s+2 < len(ps); s++ {
		at := time.Duration(s) * time.Second
		want := 0.9 * (j.sc.server.capacity(at) + j.sc.server.capacity(at+time.Second))
		if float64(ps[s]+ps[s+1]) >= want {
			return max(0, at-ev)
		}
	}
	return -1
}

// The bulk job of the benchmark against the fake's token bucket (400/s,
// bursts of 20), 16 workers on loopback: with Retry-After: 1 every 429
// costs every worker a second, so the limiter must learn the server's
// rate from few of them; with Retry-After: 0 429s are cheap. The old
// limiter, tuned to this server alone, reached 0.93 with Retry-After: 1;
// this one probes again 10 s after a 429, then 20 s, 30 s as the probes
// confirm the server's rate, and each probe costs a shared pause: 0.88.
func TestRateLimiterAdaptiveBulkJobInFlight(t *testing.T) {
	for _, tc := range []struct {
		mode     retryAfterMode
		minRatio float64
	}{
		{raSeconds, 0.85},
		{raZero, 0.95},
	} {
		t.Run("retry-after="+tc.mode.String(), func(t *testing.T) {
			got := simFamilies[1].scenario(simNets[0], tc.mode, 50).run(simLimiterOf(simNew()))
			t.Log(got)
			if got.ratio() < tc.minRatio {
				t.Errorf("%.3f of the server's rate, want at least %.2f", got.ratio(), tc.minRatio)
			}
		})
	}
}
