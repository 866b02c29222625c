package reliability

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// The credentials of every fake server of the suite: distinctive, so
// that the leak scan finds them wherever they turn up.
const (
	apiKey = "relkey-5c1e9a7b3d6f4e2a"
	secret = "relsecret-8f2d6b4a0e1c3b5d"
)

// hangSlack is how long past its deadline a call may take to return
// before it counts as hung. It is a hang check, not a performance bound.
const hangSlack = 5 * time.Second

// linearBackoff waits n milliseconds before retry n: short, and exact, so
// that tests can assert the waits.
func linearBackoff(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// fastRetry is the retry policy of the suite unless a test says
// otherwise: 3 attempts, linearBackoff, Retry-After honoured up to 30 s.
var fastRetry = facade.RetryPolicy{MaxAttempts: 3, Backoff: linearBackoff}

// fixture is a facade.Client wired to a fake server, with what the
// tests observe.
type fixture struct {
	srv    *fake.Server
	client *facade.Client
	clock  *clocktest.Clock // the Client's and the server's clock; nil with withRealClock
	logs   *testsupport.LogRecorder
	wire   *wire
}

// setupConfig is what the setup options change.
type setupConfig struct {
	client    []facade.Option
	server    []fake.Option
	routes    map[string]http.Handler
	realClock bool
	apiKey    string
	secret    string
	sockBuf   int
}

type option func(*setupConfig)

// withClient adds Client options, applied after the suite's defaults.
func withClient(opts ...facade.Option) option {
	return func(c *setupConfig) { c.client = append(c.client, opts...) }
}

// withServer adds fake server options, applied after the suite's.
func withServer(opts ...fake.Option) option {
	return func(c *setupConfig) { c.server = append(c.server, opts...) }
}

// withRoute serves pattern (a net/http ServeMux pattern) with h instead
// of the fake server. Requests it serves are not in the server's log.
func withRoute(pattern string, h http.Handler) option {
	return func(c *setupConfig) { c.routes[pattern] = h }
}

// withRealClock leaves the Client and the server on the system clock:
// retry waits really wait.
func withRealClock() option {
	return func(c *setupConfig) { c.realClock = true }
}

// withSocketBuffers bounds the kernel buffers of every connection, the
// server's send buffer and the Client's receive buffer, to about n bytes,
// so that what a handler manages to write is close to what the Client
// read.
func withSocketBuffers(n int) option {
	return func(c *setupConfig) { c.sockBuf = n }
}

// withCredentials makes the Client use other credentials than those the
// server accepts.
func withCredentials(key, sec string) option {
	return func(c *setupConfig) { c.apiKey, c.secret = key, sec }
}

// setup starts a fake server and returns a Client for it that logs at
// debug level into the suite's capture, records every token on the wire,
// retries with fastRetry and, unless withRealClock, runs on a simulated
// clock shared with the server, whose waits return at once. Everything
// is closed when the test ends.
func setup(t *testing.T, opts ...option) *fixture {
	t.Helper()
	cfg := setupConfig{routes: map[string]http.Handler{}, apiKey: apiKey, secret: secret}
	for _, opt := range opts {
		opt(&cfg)
	}
	f := &fixture{logs: &testsupport.LogRecorder{OnRecord: suite.addText}}
	serverOpts := []fake.Option{fake.WithCredentials(apiKey, secret)}
	clientOpts := []facade.Option{
		facade.WithRetry(fastRetry),
		facade.WithLogger(slog.New(f.logs)),
	}
	if !cfg.realClock {
		f.clock = newSimClock()
		serverOpts = append(serverOpts, fake.WithClock(f.clock))
		clientOpts = append(clientOpts, facade.WithClock(f.clock))
	}
	f.srv = fake.NewHandler(append(serverOpts, cfg.server...)...)
	ts := httptest.NewUnstartedServer(mux(f.srv.Handler(), cfg.routes))
	base := http.DefaultTransport.(*http.Transport).Clone()
	if cfg.sockBuf > 0 {
		boundBuffers(ts, base, cfg.sockBuf)
	}
	ts.Start()
	t.Cleanup(ts.Close)
	t.Cleanup(f.srv.Close) // first: it ends held requests that ts.Close would wait for
	t.Cleanup(base.CloseIdleConnections)
	f.wire = &wire{next: base}
	clientOpts = append(clientOpts, facade.WithBaseURL(ts.URL), facade.WithTransport(f.wire))
	c, err := facade.New(cfg.apiKey, cfg.secret, append(clientOpts, cfg.client...)...)
	if err != nil {
		t.Fatalf("facade.New: %v", err)
	}
	suite.addText(fmt.Sprintf("%v | %+v | %#v | %s", c, c, c, c))
	f.client = c
	return f
}

// boundBuffers sets the send buffer of ts's connections and the receive
// buffer of base's to n bytes.
func boundBuffers(ts *httptest.Server, base *http.Transport, n int) {
	ts.Config.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetWriteBuffer(n)
		}
		return ctx
	}
	dial := base.DialContext
	base.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetReadBuffer(n)
		}
		return c, err
	}
}

// mux serves routes, and everything else with the fake server.
func mux(srv http.Handler, routes map[string]http.Handler) http.Handler {
	if len(routes) == 0 {
		return srv
	}
	m := http.NewServeMux()
	m.Handle("/", srv)
	for pattern, h := range routes {
		m.Handle(pattern, h)
	}
	return m
}

// seedContacts stores n contacts, c00000@example.com and on, each with a
// property seq holding its number, and returns their ids in order.
func (f *fixture) seedContacts(n int) []string {
	cs := make([]facade.Contact, n)
	for i := range cs {
		cs[i] = facade.Contact{
			Email:      facade.Ptr(seedEmail(i)),
			Properties: facade.PropertyValues{"seq": facade.PropertyString(fmt.Sprint(i))},
		}
	}
	return f.srv.InsertContacts(cs)
}

// seedID returns the id the fake gives the seed contact i, when the
// seeds are the first resources of the server: its ids count from 1.
func seedID(i int) string { return fmt.Sprintf("5f0c8a3b%016x", i+1) }

func seedEmail(i int) string { return fmt.Sprintf("c%05d@example.com", i) }

// requests returns the number of requests the server saw with exactly
// this method and path.
func (f *fixture) requests(method, path string) int {
	n := 0
	for _, r := range f.srv.Requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

// statuses returns the statuses the server answered to method and path,
// in order; 0 for a request that got none.
func (f *fixture) statuses(method, path string) []int {
	var out []int
	for _, r := range f.srv.Requests() {
		if r.Method == method && r.Path == path {
			out = append(out, r.Status)
		}
	}
	return out
}

// countStatus returns the number of requests the server answered status.
func (f *fixture) countStatus(status int) int {
	n := 0
	for _, r := range f.srv.Requests() {
		if r.Status == status {
			n++
		}
	}
	return n
}

// newSimClock returns an auto clock (After fires at once, moving Now by
// the wait) at the current second, so that HTTP dates, which have whole
// seconds, are exact.
func newSimClock() *clocktest.Clock {
	return clocktest.NewAuto(time.Now().UTC().Truncate(time.Second))
}

// wire is the base transport of a fixture's Client: below the facade's
// retry and auth layers, it sees each attempt as sent. It hands every
// JWT it sees, in an Authorization header or in an answer from /v1/auth,
// to the suite's scan, and counts the response body bytes the Client
// reads.
type wire struct {
	next      http.RoundTripper
	bodyBytes atomic.Int64
}

func (w *wire) RoundTrip(req *http.Request) (*http.Response, error) {
	suite.addToken(strings.TrimPrefix(req.Header.Get("Authorization"), "JWT "))
	resp, err := w.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if req.URL.Path == "/v1/auth" {
		recordIssuedToken(resp)
	}
	resp.Body = &countingBody{ReadCloser: resp.Body, n: &w.bodyBytes}
	return resp, nil
}

// recordIssuedToken hands the JWT of an answer from /v1/auth to the
// scan, and puts back the bytes it read. A body cut short is put back as
// it was read, error included.
func recordIssuedToken(resp *http.Response) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var answer struct {
		JWT string `json:"jwt"`
	}
	if json.Unmarshal(body, &answer) == nil {
		suite.addToken(answer.JWT)
	}
	rest := io.Reader(resp.Body)
	if err != nil {
		rest = errReader{err}
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(body), rest), resp.Body}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// countingBody counts the bytes read from a response body.
type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// noErr fails the test if err is not nil. Every error a test sees goes
// through noErr or wantAPIError, which record it for the leak scan.
func noErr(t *testing.T, err error, what string) {
	t.Helper()
	suite.addErr(err)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wantAPIError checks that err is an *facade.APIError of that status
// matching sentinel, and returns it.
func wantAPIError(t *testing.T, err, sentinel error, status int, what string) *facade.APIError {
	t.Helper()
	suite.addErr(err)
	if !errors.Is(err, sentinel) {
		t.Fatalf("%s: error %v, want one matching %v", what, err, sentinel)
	}
	var apiErr *facade.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("%s: error %T (%v) is not an *facade.APIError", what, err, err)
	}
	if apiErr.StatusCode != status {
		t.Errorf("%s: StatusCode = %d, want %d", what, apiErr.StatusCode, status)
	}
	return apiErr
}

// wantErrIs checks that err matches target and is not an APIError.
func wantErrIs(t *testing.T, err, target error, what string) {
	t.Helper()
	suite.addErr(err)
	if !errors.Is(err, target) {
		t.Fatalf("%s: error %v, want one matching %v", what, err, target)
	}
	var apiErr *facade.APIError
	if errors.As(err, &apiErr) {
		t.Errorf("%s: error %v is an *facade.APIError, want none", what, err)
	}
}

// wantContact checks that c is the seeded contact i with id.
func wantContact(t *testing.T, c *facade.Contact, id string, i int) {
	t.Helper()
	switch {
	case c == nil:
		t.Fatalf("contact = nil, want %s", id)
	case c.ID == nil || *c.ID != id:
		t.Errorf("contact id = %v, want %s", deref(c.ID), id)
	case c.Email == nil || *c.Email != seedEmail(i):
		t.Errorf("contact %s email = %v, want %s", id, deref(c.Email), seedEmail(i))
	case c.Properties["seq"].String() != fmt.Sprint(i):
		t.Errorf("contact %s seq = %q, want %d", id, c.Properties["seq"].String(), i)
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// returnsWithin runs call and fails the test if it has not returned
// limit after it started: a hang check, with a limit far above any
// expected duration. call must use ctx, which is canceled then, so that
// a hung call ends and the test's cleanup does not wait for it. It
// returns how long call took.
func returnsWithin(t *testing.T, limit time.Duration, call func(ctx context.Context)) time.Duration {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	done := make(chan struct{})
	go func() {
		defer close(done)
		call(ctx)
	}()
	select {
	case <-done:
		return time.Since(start)
	case <-time.After(limit):
	}
	cancel()
	select {
	case <-done:
		t.Fatalf("call still running after %v: hung (it returned once canceled)", limit)
	case <-time.After(hangSlack):
		t.Fatalf("call still running after %v: hung, even once canceled", limit)
	}
	return 0
}
