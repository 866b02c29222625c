package fake_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/tests/fake"
)

// wantLimited sends GET /v1/contact and checks that it is refused with
// 429 and that Retry-After.
func wantLimited(t *testing.T, c *client, retryAfter string) {
	t.Helper()
	res := c.send(http.MethodGet, "/v1/contact", nil, nil)
	wantStatus(t, res, http.StatusTooManyRequests, "Too Many Requests")
	if got := res.header.Get("Retry-After"); got != retryAfter {
		t.Errorf("Retry-After = %q, want %q", got, retryAfter)
	}
}

// wantAdmitted sends n GET /v1/contact and checks that each is answered
// 200.
func wantAdmitted(t *testing.T, c *client, n int) {
	t.Helper()
	for range n {
		wantStatus(t, c.send(http.MethodGet, "/v1/contact", nil, nil), http.StatusOK, "")
	}
}

func TestFixedWindowAdmitsLimitPerWindow(t *testing.T) {
	clk := newClock() // on a boundary of every whole-second window
	srv, c := setup(t, fake.WithClock(clk), fake.WithFixedWindow(2, 10*time.Second))
	clk.Advance(2500 * time.Millisecond)
	// A request a fault answers is not counted.
	srv.Inject(fake.Fault{Path: "/v1/contact", Status: http.StatusServiceUnavailable})
	wantStatus(t, c.send(http.MethodGet, "/v1/contact", nil, nil), http.StatusServiceUnavailable, "")
	wantAdmitted(t, c, 2)
	wantLimited(t, c, "8") // 7.5 s to the next window, rounded up
	c.authenticate(srv.APIKey(), srv.Secret())
	clk.Advance(7500 * time.Millisecond)
	wantAdmitted(t, c, 2)
	wantLimited(t, c, "10")
	if got := srv.RateLimited(); got != 2 {
		t.Errorf("RateLimited() = %d, want 2", got)
	}
}

func TestSlidingWindowAdmitsLimitPerRollingWindow(t *testing.T) {
	clk := newClock()
	srv, c := setup(t, fake.WithClock(clk), fake.WithSlidingWindow(2, 10*time.Second))
	wantAdmitted(t, c, 1) // at 0 s
	clk.Advance(3 * time.Second)
	wantAdmitted(t, c, 1) // at 3 s
	clk.Advance(time.Second)
	wantLimited(t, c, "6") // the request of 0 s leaves at 10 s
	c.authenticate(srv.APIKey(), srv.Secret())
	clk.Advance(6 * time.Second)
	wantAdmitted(t, c, 1)  // at 10 s: a fixed window would admit two
	wantLimited(t, c, "3") // the request of 3 s leaves at 13 s
	clk.Advance(2500 * time.Millisecond)
	wantLimited(t, c, "1") // 0.5 s, rounded up
	clk.Advance(500 * time.Millisecond)
	wantAdmitted(t, c, 1)
	if got := srv.RateLimited(); got != 3 {
		t.Errorf("RateLimited() = %d, want 3", got)
	}
}

// SetRateLimit halves the bucket in the middle of a job and restores it.
func TestSetRateLimitChangesTheBucket(t *testing.T) {
	clk := newClock()
	srv, c := setup(t, fake.WithClock(clk), fake.WithRateLimit(10, 10))
	wantAdmitted(t, c, 10)
	srv.SetRateLimit(1, 2)
	wantLimited(t, c, "1")
	clk.Advance(time.Second)
	wantAdmitted(t, c, 1)
	wantLimited(t, c, "1")
	clk.Advance(5 * time.Second)
	wantAdmitted(t, c, 2) // the burst is 2 now
	wantLimited(t, c, "1")
	srv.SetRateLimit(10, 10)
	clk.Advance(time.Second)
	wantAdmitted(t, c, 10)
	wantLimited(t, c, "1")
}

// SetWindowLimit changes the limit of the current window: what it has
// admitted still counts.
func TestSetWindowLimitKeepsTheCount(t *testing.T) {
	for _, family := range []func(int, time.Duration) fake.Option{fake.WithFixedWindow, fake.WithSlidingWindow} {
		clk := newClock()
		srv, c := setup(t, fake.WithClock(clk), family(4, time.Minute))
		wantAdmitted(t, c, 2)
		srv.SetWindowLimit(2, time.Minute)
		wantLimited(t, c, "60")
		srv.SetWindowLimit(4, time.Minute)
		wantAdmitted(t, c, 2)
		wantLimited(t, c, "60")
	}
}

// getStatus sends GET /v1/contact from any goroutine and returns the
// status.
func getStatus(c *client) (int, error) {
	req, err := http.NewRequest(http.MethodGet, c.srv.URL()+"/v1/contact", nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "JWT "+c.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	return res.StatusCode, res.Body.Close()
}

// sendConcurrently sends n requests from each of workers goroutines and
// returns how many were answered 200 and 429.
func sendConcurrently(t *testing.T, c *client, workers, n int) (ok, limited int) {
	t.Helper()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range n {
				status, err := getStatus(c)
				mu.Lock()
				switch {
				case err != nil:
					t.Errorf("GET /v1/contact: %v", err)
				case status == http.StatusOK:
					ok++
				case status == http.StatusTooManyRequests:
					limited++
				default:
					t.Errorf("GET /v1/contact: status %d", status)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return ok, limited
}

// A limit changed while requests are being limited stays consistent: no
// admission is lost or counted twice.
func TestSetLimitUnderConcurrentRequests(t *testing.T) {
	clk := newClock()
	srv, c := setup(t, fake.WithClock(clk), fake.WithFixedWindow(10, time.Hour))
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 50 {
			srv.SetWindowLimit(5+5*(i%2), time.Hour)
		}
	}()
	ok, limited := sendConcurrently(t, c, 8, 5)
	<-done
	if ok > 10 || ok+limited != 40 || srv.RateLimited() != int64(limited) {
		t.Fatalf("admitted %d, refused %d, RateLimited() %d: want at most 10 admitted of 40, every refusal counted", ok, limited, srv.RateLimited())
	}
	srv.SetWindowLimit(20, time.Hour)
	wantAdmitted(t, c, 20-ok)
	wantLimited(t, c, "3600")
}

func TestSetRateLimitUnderConcurrentRequests(t *testing.T) {
	srv, c := setup(t, fake.WithClock(newClock()), fake.WithRateLimit(1, 10))
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 50 {
			srv.SetRateLimit(1, 5+5*(i%2))
		}
	}()
	ok, limited := sendConcurrently(t, c, 8, 5)
	<-done
	if ok > 10 || ok+limited != 40 || srv.RateLimited() != int64(limited) {
		t.Fatalf("admitted %d, refused %d, RateLimited() %d: want at most 10 admitted of 40, every refusal counted", ok, limited, srv.RateLimited())
	}
}

func TestRetryAfterOverrideAppliesToEveryFamily(t *testing.T) {
	families := map[string]fake.Option{
		"WithRateLimit":     fake.WithRateLimit(0.001, 1),
		"WithFixedWindow":   fake.WithFixedWindow(1, time.Hour),
		"WithSlidingWindow": fake.WithSlidingWindow(1, time.Hour),
	}
	for name, family := range families {
		for _, tc := range []struct {
			seconds int
			want    []string
		}{{0, []string{"0"}}, {-1, nil}} {
			_, c := setup(t, fake.WithClock(newClock()), family, fake.WithRateLimitRetryAfter(tc.seconds))
			wantAdmitted(t, c, 1)
			res := c.send(http.MethodGet, "/v1/contact", nil, nil)
			wantStatus(t, res, http.StatusTooManyRequests, "Too Many Requests")
			if got := res.header.Values("Retry-After"); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("%s, WithRateLimitRetryAfter(%d): Retry-After %q, want %q", name, tc.seconds, got, tc.want)
			}
		}
	}
}

// wantPanic calls f and checks that it panics with a message that
// contains every one of want.
func wantPanic(t *testing.T, what string, f func(), want ...string) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		msg, _ := r.(string)
		if r == nil {
			t.Errorf("%s did not panic", what)
			return
		}
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s panicked with %q, want it to name %q", what, msg, w)
			}
		}
	}()
	f()
}

func TestLimitFamiliesAreMutuallyExclusive(t *testing.T) {
	families := map[string]fake.Option{
		"WithRateLimit":        fake.WithRateLimit(1, 1),
		"WithFixedWindow":      fake.WithFixedWindow(1, time.Second),
		"WithSlidingWindow":    fake.WithSlidingWindow(1, time.Second),
		"WithConcurrencyLimit": fake.WithConcurrencyLimit(1),
	}
	for first, a := range families {
		for second, b := range families {
			if first == second {
				fake.NewHandler(a, b) // a later option of one family overrides
				continue
			}
			wantPanic(t, first+" then "+second, func() { fake.NewHandler(a, b) }, first, second)
		}
	}
}

func TestLimitOptionsPanicOnBadValues(t *testing.T) {
	for name, f := range map[string]func(){
		"WithFixedWindow(0, 1s)":     func() { fake.WithFixedWindow(0, time.Second) },
		"WithFixedWindow(1, 0)":      func() { fake.WithFixedWindow(1, 0) },
		"WithSlidingWindow(0, 1s)":   func() { fake.WithSlidingWindow(0, time.Second) },
		"WithSlidingWindow(1, -1s)":  func() { fake.WithSlidingWindow(1, -time.Second) },
		"WithConcurrencyLimit(0)":    func() { fake.WithConcurrencyLimit(0) },
		"SetRateLimit(0, 1)":         func() { fake.NewHandler(fake.WithRateLimit(1, 1)).SetRateLimit(0, 1) },
		"SetWindowLimit(0, 1s)":      func() { fake.NewHandler(fake.WithFixedWindow(1, time.Second)).SetWindowLimit(0, time.Second) },
		"SetConcurrencyLimit(-1)":    func() { fake.NewHandler(fake.WithConcurrencyLimit(1)).SetConcurrencyLimit(-1) },
		"SetSlidingWindow(1, 0)":     func() { fake.NewHandler(fake.WithSlidingWindow(1, time.Second)).SetWindowLimit(1, 0) },
		"SetRateLimit(1, 0) on rate": func() { fake.NewHandler(fake.WithRateLimit(1, 1)).SetRateLimit(1, 0) },
	} {
		wantPanic(t, name, f)
	}
}

// A Set method changes the family the Server was made with; on another
// it is a mistake in the test.
func TestSetLimitPanicsOnAnotherFamily(t *testing.T) {
	wantPanic(t, "SetRateLimit on a fixed window",
		func() { fake.NewHandler(fake.WithFixedWindow(1, time.Second)).SetRateLimit(1, 1) },
		"SetRateLimit", "WithFixedWindow")
	wantPanic(t, "SetWindowLimit on a concurrency limit",
		func() { fake.NewHandler(fake.WithConcurrencyLimit(1)).SetWindowLimit(1, time.Second) },
		"SetWindowLimit", "WithConcurrencyLimit")
	wantPanic(t, "SetConcurrencyLimit without a limit",
		func() { fake.NewHandler().SetConcurrencyLimit(1) },
		"SetConcurrencyLimit", "no rate limit")
}
