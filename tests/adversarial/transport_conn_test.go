package adversarial

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/facade"
)

// transportCutStatusLine answers the first request it gets with a status
// line cut short ("HTTP/1.1 2" and no more), which the client reads as a
// malformed status code, after letting the request reach the fake: the
// write takes effect, only its answer is lost. Later requests go to the
// fake as they are.
type transportCutStatusLine struct {
	next http.Handler
	cut  atomic.Int32
}

func (h *transportCutStatusLine) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.cut.Add(1) != 1 {
		h.next.ServeHTTP(w, r)
		return
	}
	h.next.ServeHTTP(&transportSink{header: http.Header{}}, r)
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_, _ = io.WriteString(conn, "HTTP/1.1 2xx OK\r\n\r\n")
	_ = conn.Close()
}

// transportSink is a ResponseWriter that throws the response away.
type transportSink struct{ header http.Header }

func (s *transportSink) Header() http.Header         { return s.header }
func (s *transportSink) Write(p []byte) (int, error) { return len(p), nil }
func (s *transportSink) WriteHeader(int)             {}

// TestTransportStatusLineCut cuts the answer to an idempotent call inside
// its status line. The request reached the server, so the error comes
// after the request was sent; the call is safe to replay, so it is
// retried and succeeds (a Delete's retry may find the contact gone).
// Create, which is not safe to replay, fails.
func TestTransportStatusLineCut(t *testing.T) {
	for _, c := range transportCalls {
		t.Run(c.name, func(t *testing.T) {
			var env *transportEnv
			cut := &transportCutStatusLine{}
			env = transportSetup(t, map[string]http.Handler{
				c.method + " " + c.path("5f0c8a3b0000000000000001"): http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					cut.next = env.srv.Handler()
					cut.ServeHTTP(w, r)
				}),
			})
			ids := env.seed(1)

			err := c.call(context.Background(), env.client, ids[0])

			if c.name == "Create" {
				if err == nil {
					t.Fatalf("Create after a cut status line succeeded; want the error: the write may have been made")
				}
				if n := cut.cut.Load(); n != 1 {
					t.Errorf("Create was sent %d times, want 1", n)
				}
				return
			}
			// The first Delete took effect: its retry finds nothing, as
			// RetryPolicy documents.
			if c.method == http.MethodDelete && errors.Is(err, facade.ErrNotFound) {
				err = nil
			}
			if err != nil {
				t.Fatalf("%s after a cut status line: %v, want it retried and successful", c.name, err)
			}
			if n := cut.cut.Load(); n != 2 {
				t.Errorf("%s was sent %d times, want 2", c.name, n)
			}
		})
	}
}

// TestTransportErrorBodyReusesConnection answers a GET with an error
// whose body is 8 KiB, then with the contact: a 401 (the auth layer
// exchanges the key again and replays) and a 503 (the retry layer
// retries). Each call is sequential, so one connection serves it all if
// the Client reads the small error body to its end before the replay.
func TestTransportErrorBodyReusesConnection(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusServiceUnavailable} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			var env *transportEnv
			var hits atomic.Int32
			path := "/v1/contact/5f0c8a3b0000000000000001"
			env = transportSetup(t, map[string]http.Handler{
				"GET " + path: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if hits.Add(1) == 1 {
						w.Header().Set("Content-Type", "text/plain")
						w.WriteHeader(status)
						_, _ = io.WriteString(w, strings.Repeat("x", 8<<10))
						return
					}
					env.srv.Handler().ServeHTTP(w, r)
				}),
			})
			ids := env.seed(1)

			if _, err := env.client.Contacts.Get(context.Background(), ids[0]); err != nil {
				t.Fatalf("Get: %v", err)
			}
			if n := hits.Load(); n != 2 {
				t.Errorf("GETs = %d, want 2", n)
			}
			if n := env.conns.Load(); n != 1 {
				t.Errorf("connections opened = %d, want 1: the %d answer's body was not drained", n, status)
			}
		})
	}
}

// TestTransportDefaultPool has 32 goroutines share one Client with the
// default transport, 20 calls each. A pool that keeps only Go's default
// of 2 idle connections per host opens a new connection for most calls;
// the SDK's default pool keeps one per goroutine.
func TestTransportDefaultPool(t *testing.T) {
	const workers, calls = 32, 20
	env := transportSetup(t, nil)
	ids := env.seed(1)
	var wg sync.WaitGroup
	errs := make(chan error, workers*calls)
	for range workers {
		wg.Go(func() {
			for range calls {
				if _, err := env.client.Contacts.Get(context.Background(), ids[0]); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("Get: %v", err)
	}
	// One connection per goroutine, and a few more for a request that
	// dialled while another was on its way back to the pool.
	if n := env.conns.Load(); n > 2*workers {
		t.Errorf("%d calls from %d goroutines opened %d connections, want at most %d", workers*calls, workers, n, 2*workers)
	}
	tr := facade.NewTransport()
	defer tr.CloseIdleConnections()
	if tr.MaxIdleConnsPerHost < workers {
		t.Errorf("NewTransport().MaxIdleConnsPerHost = %d, want at least %d", tr.MaxIdleConnsPerHost, workers)
	}
}

// TestTransportStalls has a server that never sends its headers, and one
// that sends a 2xx head and then dribbles the body a byte at a time, so
// that no read ever times out. The first is ended by the response header
// timeout of the default transport (shortened here), even with no attempt
// timeout; the second by the attempt timeout. Either way the call ends
// with an error matching facade.ErrAttemptTimeout, not the caller's
// deadline. (Before, the header timeout's error matched nothing of the
// facade's; the dribbled body already ended with an explicit attempt
// timeout, and is here as the other half of the default bound.) The
// timeout bounds the token exchange too, so it is a second, not less:
// the exchange must not meet it on a busy machine. The cases run in
// parallel, each waiting out two attempts.
func TestTransportStalls(t *testing.T) {
	const timeout = time.Second
	path := "/v1/contact/5f0c8a3b0000000000000001"
	short := facade.NewTransport()
	short.ResponseHeaderTimeout = timeout
	t.Cleanup(short.CloseIdleConnections)
	tests := []struct {
		name    string
		handler http.HandlerFunc
		opts    []facade.Option
	}{
		{"no headers", func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			[]facade.Option{facade.WithTransport(short), facade.WithAttemptTimeout(0)}},
		{"dribbled body", transportDribble(timeout / 10), []facade.Option{facade.WithAttemptTimeout(timeout)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := append([]facade.Option{facade.WithRetry(facade.RetryPolicy{MaxAttempts: 2, Backoff: transportRetry.Backoff})}, tt.opts...)
			env := transportSetup(t, map[string]http.Handler{"GET " + path: tt.handler}, opts...)
			ids := env.seed(1)
			_, err := env.client.Contacts.Get(context.Background(), ids[0])
			transportWantErrIs(t, err, "Get", facade.ErrAttemptTimeout)
			if errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Get: %v matches context.DeadlineExceeded: the caller's context had no deadline", err)
			}
		})
	}
}

// transportDribble sends a 2xx head, then a space every tick until the
// client goes away.
func transportDribble(tick time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		rc := http.NewResponseController(w)
		ticker := time.NewTicker(tick)
		defer ticker.Stop()
		for {
			if _, err := io.WriteString(w, " "); err != nil || rc.Flush() != nil {
				return
			}
			select {
			case <-r.Context().Done():
				return
			case <-ticker.C:
			}
		}
	}
}

// TestTransportDefaultTimeouts checks what bounds a call under the
// default options: the default attempt timeout and the header timeout
// of the default transport are set, and documented by their constants.
func TestTransportDefaultTimeouts(t *testing.T) {
	if facade.DefaultAttemptTimeout <= 0 {
		t.Errorf("DefaultAttemptTimeout = %v, want a bound", facade.DefaultAttemptTimeout)
	}
	tr := facade.NewTransport()
	defer tr.CloseIdleConnections()
	if tr.ResponseHeaderTimeout != facade.DefaultResponseHeaderTimeout || tr.ResponseHeaderTimeout <= 0 {
		t.Errorf("NewTransport().ResponseHeaderTimeout = %v, want DefaultResponseHeaderTimeout (%v)", tr.ResponseHeaderTimeout, facade.DefaultResponseHeaderTimeout)
	}
	if tr.IdleConnTimeout <= 0 || tr.TLSHandshakeTimeout <= 0 {
		t.Errorf("NewTransport() idle %v, TLS handshake %v: want both bounded", tr.IdleConnTimeout, tr.TLSHandshakeTimeout)
	}
}
