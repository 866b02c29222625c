package auth_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// The credentials of every test. They are long and unusual so that a test
// that looks for them in printed values cannot find them by chance.
const (
	testKey    = "key-5bd1f0e8c4a7fa3e2c1b"
	testSecret = "secret-9f3e77a1d04c6b2e"
	testClient = "Acme Inc"
	testID     = "5f0c2a9e8b3d4c1a2b3c4d5e"
)

// jwtAt returns a JWT numbered n expiring at exp.
func jwtAt(t testing.TB, n int, exp time.Time) string {
	t.Helper()
	return testsupport.JWT(t, map[string]any{"jti": n, "exp": exp.Unix()})
}

// newClock returns a manual clock at t0.
func newClock() *clocktest.Clock { return clocktest.New(t0) }

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// serve returns a transport that answers in memory with h, as a server
// would, and fails with the request's context error once it is done. It
// starts no goroutine, so it works inside a synctest bubble.
func serve(h http.Handler) roundTripFunc {
	return func(req *http.Request) (*http.Response, error) {
		in := req.Clone(req.Context())
		if in.Body == nil {
			in.Body = http.NoBody
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, in)
		closeQuietly(req.Body)
		if err := req.Context().Err(); err != nil {
			return nil, err
		}
		resp := rec.Result()
		resp.Request = req
		return resp, nil
	}
}

func closeQuietly(c io.Closer) {
	if c != nil {
		_ = c.Close()
	}
}

// fake is an in-memory Leadfox API: POST /v1/auth runs issue, counted in
// exchanges; every other path runs api, counted in calls.
type fake struct {
	exchanges atomic.Int32
	calls     atomic.Int32
	issue     http.HandlerFunc
	api       http.HandlerFunc
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/v1/auth" {
		f.exchanges.Add(1)
		f.issue(w, r)
		return
	}
	f.calls.Add(1)
	f.api(w, r)
}

// client returns an HTTP client that reaches f in memory.
func (f *fake) client() *http.Client {
	return &http.Client{Transport: serve(f)}
}

// source returns a Source that exchanges with f.
func (f *fake) source(t testing.TB, opts ...auth.Option) *auth.Source {
	t.Helper()
	opts = append([]auth.Option{auth.WithBaseURL("http://leadfox.test"), auth.WithHTTPClient(f.client())}, opts...)
	src, err := auth.NewSource(testKey, testSecret, opts...)
	if err != nil {
		t.Fatalf("NewSource: %v", err)
	}
	return src
}

// issue answers each exchange with the next of jwts, the last one for
// every exchange after that.
func issue(jwts ...string) http.HandlerFunc {
	var n atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		i := min(int(n.Add(1)), len(jwts)) - 1
		writeAuth(w, jwts[i])
	}
}

// writeAuth writes a successful answer to /v1/auth holding jwt.
func writeAuth(w http.ResponseWriter, jwt string) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{
		"jwt": jwt, "mode": "apikey", "client": testClient, "clientid": testID,
	})
}

// answer returns a handler that writes status and body.
func answer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// attempt is what the API saw of one request.
type attempt struct {
	Authorization string
	Body          []byte
}

// recorder is an API handler that records each request and answers 200
// to the token accepted and 401 to any other; it accepts any token if
// accepted is empty.
type recorder struct {
	accepted string
	mu       sync.Mutex
	attempts []attempt
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	a := attempt{Authorization: r.Header.Get("Authorization"), Body: body}
	rec.mu.Lock()
	rec.attempts = append(rec.attempts, a)
	rec.mu.Unlock()
	if rec.accepted != "" && a.Authorization != auth.Scheme+" "+rec.accepted {
		http.Error(w, `{"error":"invalid token"}`, http.StatusUnauthorized)
		return
	}
	_, _ = io.WriteString(w, `{"ok":true}`)
}

// readAll returns the body of resp and closes it.
func readAll(t testing.TB, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	if err := resp.Body.Close(); err != nil {
		t.Fatalf("close body: %v", err)
	}
	return string(b)
}

// tracked is a request body that records whether it was closed.
type tracked struct {
	io.Reader
	closed atomic.Bool
}

func (b *tracked) Close() error {
	b.closed.Store(true)
	return nil
}

func newTracked(s string) *tracked { return &tracked{Reader: strings.NewReader(s)} }
