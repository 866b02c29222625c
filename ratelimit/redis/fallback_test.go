package redis

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// The unit tests of the Limiter's own logic (the fallback state
// machine) run on a test double of the store; the shared state itself is
// tested on a real Redis in shared_test.go.

var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

var errDown = errors.New("dial tcp 127.0.0.1:1: connect: connection refused")

// fakeStore is a store whose answers the test sets.
type fakeStore struct {
	mu      sync.Mutex
	panics  bool     // every call panics
	err     error    // every call fails with it, if not nil
	block   bool     // every call waits for its context to end
	answers []answer // acquire's answers, in turn; then granted at once
	calls   []string // the modes called
	reports []facade.LimitResult
}

func (s *fakeStore) call(ctx context.Context, mode string) error {
	s.mu.Lock()
	s.calls = append(s.calls, mode)
	err, block, panics := s.err, s.block, s.panics
	s.mu.Unlock()
	if panics {
		panic("store bug")
	}
	if block {
		<-ctx.Done()
		return ctx.Err()
	}
	return err
}

func (s *fakeStore) acquire(ctx context.Context, bulk bool) (answer, error) {
	if err := s.call(ctx, modeAcquire); err != nil {
		return answer{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.answers) == 0 {
		return answer{granted: true}, nil
	}
	a := s.answers[0]
	s.answers = s.answers[1:]
	return a, nil
}

func (s *fakeStore) confirm(ctx context.Context) (answer, error) {
	return answer{granted: true}, s.call(ctx, modeConfirm)
}

func (s *fakeStore) report(ctx context.Context, res facade.LimitResult) (float64, error) {
	if err := s.call(ctx, modeReport); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reports = append(s.reports, res)
	return 0, nil
}

func (s *fakeStore) set(err error, block bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.err, s.block = err, block
}

func (s *fakeStore) modes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.calls...)
}

// countingLimiter is a fallback that lets everything through and counts
// its Waits and Dones.
type countingLimiter struct {
	mu          sync.Mutex
	waits, done int
}

func (c *countingLimiter) Wait(ctx context.Context, _ facade.LimitRequest) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits++
	return ctx.Err()
}

func (c *countingLimiter) Done(context.Context, facade.LimitRequest, facade.LimitResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done++
}

func (c *countingLimiter) counts() (waits, done int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waits, c.done
}

// wrapperSetup returns a Limiter on a fakeStore, a counting fallback, an
// auto fake clock and the log.
func wrapperSetup(t *testing.T) (*Limiter, *fakeStore, *countingLimiter, *clocktest.Clock, *testsupport.LogRecorder) {
	t.Helper()
	st, fb, clk, logs := &fakeStore{}, &countingLimiter{}, clocktest.NewAuto(testNow), &testsupport.LogRecorder{}
	cfg := Config{Client: nil, Prefix: "p", Fallback: fb, Logger: slog.New(logs), Clock: clk}
	cfg.defaults()
	return newLimiter(cfg, st, "p:limiter"), st, fb, clk, logs
}

// call is one attempt: Wait, then Done with status.
func call(t *testing.T, l *Limiter, status int) {
	t.Helper()
	req := facade.LimitRequest{Bulk: true}
	if err := l.Wait(context.Background(), req); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	l.Done(context.Background(), req, facade.LimitResult{Status: status})
}

const (
	degradedMsg  = "shared rate limiter unavailable"
	recoveredMsg = "shared rate limiter back"
)

// Redis failing sends every call to the fallback, logged once; the
// fallback hears the outcome of exactly the attempts it let through;
// Redis is tried again once per RetryEvery, and its return is logged
// once.
func TestFallbackWhileRedisIsDown(t *testing.T) {
	l, st, fb, clk, logs := wrapperSetup(t)
	clk.SetMode(clocktest.Manual)
	call(t, l, 200)
	st.set(errDown, false)
	for range 5 {
		call(t, l, 200)
	}
	if got := logs.CountMessages(slog.LevelWarn, degradedMsg); got != 1 {
		t.Errorf("degradation logged %d times at Warn, want 1:\n%s", got, logs.Text())
	}
	if !strings.Contains(logs.Text(), "connection refused") {
		t.Errorf("the log does not say why:\n%s", logs.Text())
	}
	if waits, done := fb.counts(); waits != 5 || done != 5 {
		t.Errorf("fallback: %d waits, %d dones, want 5 and 5", waits, done)
	}
	// Down: only the first failed call reached the store.
	if got := st.modes(); len(got) != 3 { // acquire, report, the failing acquire
		t.Errorf("store calls while down %q, want 3", got)
	}

	st.set(nil, false)
	clk.Advance(DefaultRetryEvery)
	call(t, l, 200)
	call(t, l, 200)
	if got := logs.CountMessages(slog.LevelInfo, recoveredMsg); got != 1 {
		t.Errorf("recovery logged %d times at Info, want 1:\n%s", got, logs.Text())
	}
	if waits, done := fb.counts(); waits != 5 || done != 5 {
		t.Errorf("after recovery, fallback: %d waits, %d dones, want still 5 and 5", waits, done)
	}
	if got := logs.CountMessages(slog.LevelWarn, degradedMsg); got != 1 {
		t.Errorf("degradation logged %d times in all, want 1", got)
	}
}

// A Redis that answers slower than Timeout, or a call to it that panics
// (a bug of the client), counts as down: the call goes on through the
// fallback, the process lives, and the log says why.
func TestFallbackWhenRedisIsSlowOrACallPanics(t *testing.T) {
	for _, tc := range []struct {
		name, why     string
		block, panics bool
	}{
		{"slow", "deadline exceeded", true, false},
		{"panic", "panic in a call to Redis: store bug", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, st, fb, _, logs := wrapperSetup(t)
			l.timeout = time.Millisecond
			st.mu.Lock()
			st.block, st.panics = tc.block, tc.panics
			st.mu.Unlock()
			call(t, l, 200)
			if waits, done := fb.counts(); waits != 1 || done != 1 {
				t.Errorf("fallback: %d waits, %d dones, want 1 and 1", waits, done)
			}
			if !strings.Contains(logs.Text(), tc.why) {
				t.Errorf("the log does not say %q:\n%s", tc.why, logs.Text())
			}
		})
	}
}

// A caller whose context ends while Redis is asked gets its context's
// error, and Redis is not taken for down.
func TestWaitCanceledIsNotRedisDown(t *testing.T) {
	l, st, fb, _, logs := wrapperSetup(t)
	l.timeout = time.Hour
	st.set(nil, true)
	waitCanceled(t, l)
	if !isUp(l) || logs.Text() != "" {
		t.Errorf("a canceled caller marked Redis down:\n%s", logs.Text())
	}
	if waits, _ := fb.counts(); waits != 0 {
		t.Errorf("the fallback was asked %d times", waits)
	}
}

// waitCanceled calls l.Wait with a context canceled while it waits, and
// checks it returns context.Canceled.
func waitCanceled(t *testing.T, l *Limiter) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- l.Wait(ctx, facade.LimitRequest{}) }()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("Wait = %v, want context.Canceled", err)
	}
}

// A pause from Redis is slept on the Limiter's clock, and ends with the
// caller's context.
func TestWaitSleepsAndHonoursContext(t *testing.T) {
	l, st, _, clk, _ := wrapperSetup(t)
	st.answers = []answer{{wait: 2 * time.Second}, {granted: true, wait: 30 * time.Millisecond}}
	if err := l.Wait(context.Background(), facade.LimitRequest{Bulk: true}); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{2 * time.Second, 30 * time.Millisecond}
	if got := clk.Durations(); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("slept %v, want %v", got, want)
	}
	if got, want := strings.Join(st.modes(), ","), "acquire,acquire,confirm"; got != want {
		t.Errorf("store calls %s, want %s", got, want)
	}

	clk.SetMode(clocktest.Manual)
	st.answers = []answer{{wait: time.Hour}}
	waitCanceled(t, l)
}

// Config errors name the field, before anything is contacted.
func TestNewRejectsBadConfig(t *testing.T) {
	client := startlessClient(t)
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Prefix: "p"}, "Client is nil"},
		{Config{Client: client}, "Prefix is empty"},
		{Config{Client: client, Prefix: "a b"}, "space or control"},
		{Config{Client: client, Prefix: strings.Repeat("x", 201)}, "at most 200"},
		{Config{Client: client, Prefix: "p", Rate: -1}, "Config.Rate -1"},
		{Config{Client: client, Prefix: "p", Timeout: -time.Second}, "negative duration"},
		{Config{Client: client, Prefix: "p", TTL: time.Microsecond}, "TTL 1µs"},
	} {
		if _, err := New(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v, want an error with %q", tc.cfg, err, tc.want)
		}
	}
	if _, err := New(Config{Client: client, Prefix: "p"}); err != nil {
		t.Errorf("New with the defaults: %v", err)
	}
}

// KeyPrefix is stable per key and holds nothing of it.
func TestKeyPrefixHidesTheKey(t *testing.T) {
	const key = "AK-secret-api-key-1234"
	p := KeyPrefix(key)
	if p != KeyPrefix(key) || p == KeyPrefix(key+"x") {
		t.Errorf("KeyPrefix is not a function of the key: %q", p)
	}
	if strings.Contains(p, key) || strings.Contains(p, "1234") || !strings.HasPrefix(p, "leadfox:ratelimit:") {
		t.Errorf("KeyPrefix(%q) = %q", key, p)
	}
}

// isUp reports whether l uses Redis.
func isUp(l *Limiter) bool {
	up, _ := l.health.up()
	return up
}

// A call in flight when another one finds Redis down, and which succeeds
// after that, does not end the degradation: only a probe does. (Redis
// killed mid-job logged a recovery 1.5 ms after the degradation once in
// eight runs before.)
func TestLateSuccessIsNotARecovery(t *testing.T) {
	logs := &testsupport.LogRecorder{}
	h := &health{log: slog.New(logs), key: "k", retryEvery: time.Second}
	_, inFlight := h.try(testNow)
	_, failing := h.try(testNow)
	h.failed(failing, testNow, errDown)
	h.succeeded(inFlight, testNow)
	if up, _ := h.up(); up {
		t.Fatalf("a success of a call let through before the failure ended the degradation:\n%s", logs.Text())
	}
	use, probe := h.try(testNow.Add(time.Second))
	if !use {
		t.Fatal("no probe after retryEvery")
	}
	h.failed(inFlight, testNow, errDown) // late, of the old generation
	h.succeeded(probe, testNow.Add(time.Second))
	if up, _ := h.up(); !up || logs.CountMessages(slog.LevelInfo, recoveredMsg) != 1 {
		t.Errorf("the probe's success did not end the degradation once:\n%s", logs.Text())
	}
}
