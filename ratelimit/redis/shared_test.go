package redis

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
	"github.com/leadfox-go/leadfox/ratelimit/redis/internal/redistest"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// startlessClient is a client of an address nothing listens on.
func startlessClient(t *testing.T) *goredis.Client {
	c := goredis.NewClient(&goredis.Options{Addr: "127.0.0.1:" + strconv.Itoa(redistest.FreePort(t)), MaxRetries: -1})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// uniquePrefix returns a Prefix no other test uses.
func uniquePrefix(t *testing.T) string {
	return fmt.Sprintf("leadfox:test:%s:%d", t.Name(), time.Now().UnixNano())
}

// processes returns n Limiters sharing prefix on srv, as n processes
// would, whose shared schedule runs on clk (in place of the server's
// clock) and which sleep on it.
func processes(t *testing.T, srv *redistest.Server, n int, cfg Config, clk *clocktest.Clock) []*Limiter {
	t.Helper()
	cfg.Prefix, cfg.Clock = uniquePrefix(t), clk
	if cfg.Timeout == 0 {
		// these tests are of the shared state, not of a slow Redis: a
		// loaded machine must not send them to the fallback
		cfg.Timeout = 10 * time.Second
	}
	var ls []*Limiter
	for range n {
		cfg.Client = srv.Client()
		l, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		l.store.(*redisStore).now = clk.Now
		ls = append(ls, l)
	}
	return ls
}

func mustWait(t *testing.T, l *Limiter, bulk bool) {
	t.Helper()
	if err := l.Wait(context.Background(), facade.LimitRequest{Bulk: bulk}); err != nil {
		t.Fatalf("Wait: %v", err)
	}
}

// A 429's Retry-After that one process hears pauses the others.
func TestSharedPause(t *testing.T) {
	srv := redistest.Start(t)
	clk := clocktest.NewAuto(testNow)
	p := processes(t, srv, 2, Config{}, clk)
	mustWait(t, p[0], true)
	p[0].Done(context.Background(), facade.LimitRequest{Bulk: true},
		facade.LimitResult{Status: 429, RetryAfter: 2 * time.Second, HasRetryAfter: true})
	mustWait(t, p[1], false)
	if got := clk.Durations(); len(got) != 1 || got[0] != 2*time.Second {
		t.Errorf("the other process slept %v, want the shared pause of 2s", got)
	}
	if !isUp(p[1]) {
		t.Error("the limiter fell back")
	}
}

// Processes sharing a prefix share one rate: with Rate 10, 20 attempts
// spread over two processes take the schedule of one at 10 per second.
func TestSharedRate(t *testing.T) {
	srv := redistest.Start(t)
	clk := clocktest.NewAuto(testNow)
	p := processes(t, srv, 2, Config{Rate: 10}, clk)
	for i := range 20 {
		mustWait(t, p[i%2], true)
	}
	// The first attempt goes at once, the second 20 ms behind the
	// schedule (its burst), each other one 100 ms after the one before.
	if got, want := clk.Now().Sub(testNow), 1880*time.Millisecond; got != want {
		t.Errorf("20 attempts at a shared 10/s took %v, want %v (waits %v)", got, want, clk.Durations())
	}
	// An attempt of no bulk job goes ahead of the schedule.
	before := clk.Now()
	mustWait(t, p[0], false)
	if got := clk.Now().Sub(before); got != 0 {
		t.Errorf("a single call waited %v behind the bulk schedule, want 0", got)
	}
}

// The shared state is one key, which expires after TTL.
func TestStateExpires(t *testing.T) {
	srv := redistest.Start(t)
	clk := clocktest.NewAuto(testNow)
	p := processes(t, srv, 1, Config{TTL: time.Minute}, clk)
	mustWait(t, p[0], true)
	key := p[0].store.(*redisStore).key
	c := srv.Client()
	ttl, err := c.PTTL(context.Background(), key).Result()
	if err != nil || ttl <= 0 || ttl > time.Minute {
		t.Errorf("PTTL %s = %v, %v, want in (0, 1m]", key, ttl, err)
	}
	keys, err := c.Keys(context.Background(), "*").Result()
	if err != nil || len(keys) != 1 || keys[0] != key {
		t.Errorf("keys %q, %v, want only %q", keys, err, key)
	}
}

// The rate is learnt: unpaced until the first 429, then paced.
func TestRateLearntFromA429(t *testing.T) {
	srv := redistest.Start(t)
	clk := clocktest.NewAuto(testNow)
	p := processes(t, srv, 2, Config{}, clk)
	for range 50 {
		mustWait(t, p[0], true)
	}
	if d := clk.Durations(); len(d) != 0 {
		t.Fatalf("unpaced attempts waited %v", d)
	}
	clk.Advance(100 * time.Millisecond)
	p[0].Done(context.Background(), facade.LimitRequest{Bulk: true},
		facade.LimitResult{Status: 429, RetryAfter: time.Second, HasRetryAfter: true})
	for range 10 {
		mustWait(t, p[1], true)
	}
	// 50 attempts in 100 ms: 500/s, an eighth is 62.5/s, 16 ms apart.
	d := clk.Durations()
	if len(d) < 2 || d[0] != time.Second || d[len(d)-1] != 16*time.Millisecond {
		t.Errorf("after the 429, waits %v, want the 1s pause then 16ms apart", d)
	}
}

// A Redis that stops answering (SIGSTOP) is slow: calls fall back within
// the timeout, and come back once it answers again (SIGCONT).
func TestSlowRedisFallsBackAndRecovers(t *testing.T) {
	srv := redistest.Start(t)
	clk := clocktest.NewAuto(testNow)
	logs := &testsupport.LogRecorder{}
	fb := &countingLimiter{}
	// Timeout: long enough for a loaded machine, short enough to wait.
	p := processes(t, srv, 1, Config{Fallback: fb, Logger: slog.New(logs), Timeout: 2 * time.Second}, clk)
	mustWait(t, p[0], true)
	srv.Signal(syscall.SIGSTOP)
	mustWait(t, p[0], true)
	srv.Signal(syscall.SIGCONT)
	if waits, _ := fb.counts(); waits != 1 {
		t.Errorf("fallback waits %d, want 1", waits)
	}
	clk.Advance(DefaultRetryEvery)
	mustWait(t, p[0], true)
	if logs.CountMessages(slog.LevelWarn, degradedMsg) != 1 || logs.CountMessages(slog.LevelInfo, recoveredMsg) != 1 {
		t.Errorf("want one degradation and one recovery logged:\n%s", logs.Text())
	}
}

// Redis killed in the middle of a bulk job and restarted, empty, later:
// the job finishes with every row upserted once, the limiter falls back
// and comes back, each logged once.
func TestRedisKilledAndRestartedMidJob(t *testing.T) {
	if testing.Short() {
		t.Skip("a job of 1,500 rows on the system clock")
	}
	srv := redistest.Start(t)
	api := fake.NewServer(fake.WithRateLimit(1000, 50), fake.WithRateLimitRetryAfter(0))
	defer api.Close()
	logs := &testsupport.LogRecorder{}
	lim, err := New(Config{Client: srv.Client(), Prefix: uniquePrefix(t), Logger: slog.New(logs),
		RetryEvery: 50 * time.Millisecond, Timeout: 5 * time.Second}) // the test is of a Redis gone, not of a slow one
	if err != nil {
		t.Fatal(err)
	}
	client, err := facade.New(api.APIKey(), api.Secret(), facade.WithBaseURL(api.URL()), facade.WithLimiter(lim))
	if err != nil {
		t.Fatal(err)
	}
	const rows = 1500
	job, err := client.Contacts.UpsertMany(contactRows(rows), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := range job.Results(t.Context()) {
		if r.Err != nil {
			t.Errorf("row %d: %v", r.Index, r.Err)
		}
		switch n++; n {
		case 500:
			srv.Kill()
		case 1000:
			srv.Start()
			waitRecovered(t, lim, logs)
		}
	}
	if tot := job.Totals(); tot.Succeeded != rows || tot.Err != nil {
		t.Errorf("totals %+v, want %d upserted", tot, rows)
	}
	counts, total := api.UpsertCounts()
	if len(counts) != rows || total != rows {
		t.Errorf("the fake applied %d upserts to %d contacts, want %d each once", total, len(counts), rows)
	}
	if logs.CountMessages(slog.LevelWarn, degradedMsg) != 1 || logs.CountMessages(slog.LevelInfo, recoveredMsg) != 1 {
		t.Errorf("want one degradation and one recovery logged:\n%s", logs.Text())
	}
	// The rows after the restart went through the new Redis.
	if n, err := srv.Client().Exists(context.Background(), lim.store.(*redisStore).key).Result(); err != nil || n != 1 {
		t.Errorf("the state is not in the restarted Redis: %d, %v", n, err)
	}
}

// waitRecovered makes calls of its own on lim, as another goroutine of
// the process would, until the recovery is logged: the job, held by its
// unread results, makes none.
func waitRecovered(t *testing.T, lim *Limiter, logs *testsupport.LogRecorder) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for logs.CountMessages(slog.LevelInfo, recoveredMsg) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no recovery within 30s of the restart:\n%s", logs.Text())
		}
		call(t, lim, 200)
		time.Sleep(10 * time.Millisecond)
	}
}

// contactRows yields n contacts, the way a sync reads them.
func contactRows(n int) iter.Seq[*facade.ContactCreate] {
	var i atomic.Int64
	return func(yield func(*facade.ContactCreate) bool) {
		for range n {
			if !yield(&facade.ContactCreate{Email: fmt.Sprintf("row%d@example.com", i.Add(1))}) {
				return
			}
		}
	}
}
