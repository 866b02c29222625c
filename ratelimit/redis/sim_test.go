package redis

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/ratelimit/redis/internal/redistest"
)

// bucket is a server's token bucket on simulated time.
type bucket struct {
	rate, burst, tokens float64
	last                time.Time
}

// take reports whether a request at now is accepted, and if not the
// Retry-After the fake server would send: the whole seconds until the
// next token, rounded up.
func (b *bucket) take(now time.Time) (bool, time.Duration) {
	b.tokens = math.Min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration(math.Ceil((1-b.tokens)/b.rate)) * time.Second
}

// Four processes sharing a limiter, each sending one request after
// another, against a server of 400 requests per second with bursts of 20
// and a Retry-After of 1 s, the figures of BENCHMARKS.md, on simulated
// time: the rate is learnt, and the rows go at 0.9 of the server's rate
// or more with at most 20 429s per 1,000 requests.
func TestSimulatedJobLearnsTheServersRate(t *testing.T) {
	if testing.Short() {
		t.Skip("about 30,000 calls to Redis")
	}
	srv := redistest.Start(t)
	clk := clocktest.NewAuto(testNow)
	p := processes(t, srv, 4, Config{}, clk)
	server := &bucket{rate: 400, burst: 20, tokens: 20, last: testNow}
	const rows = 20000 // 50 s at the server's rate: 4 jobs of 5,000 rows
	accepted, limited := 0, 0
	for i := 0; accepted < rows; i++ {
		l, req := p[i%len(p)], facade.LimitRequest{Bulk: true}
		if err := l.Wait(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		clk.Advance(250 * time.Microsecond) // four requests in flight of 1 ms each
		ok, retryAfter := server.take(clk.Now())
		res := facade.LimitResult{Status: 200}
		if ok {
			accepted++
		} else {
			limited++
			res = facade.LimitResult{Status: 429, RetryAfter: retryAfter, HasRetryAfter: true}
		}
		l.Done(context.Background(), req, res)
	}
	elapsed := clk.Now().Sub(testNow).Seconds()
	ratio := float64(accepted) / elapsed / server.rate
	per1000 := 1000 * float64(limited) / float64(accepted+limited)
	t.Logf("%d rows in %.1f s of simulated time: %.3f of the rate, %d 429s (%.1f per 1,000)", accepted, elapsed, ratio, limited, per1000)
	if ratio < 0.9 || per1000 > 20 {
		t.Errorf("%.3f of the server's rate with %.1f 429s per 1,000 requests, want at least 0.9 and at most 20", ratio, per1000)
	}
}
