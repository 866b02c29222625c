package auth_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/auth"
)

// setup returns a client whose requests go through an auth.Transport to
// the in-memory API f, with a Source that exchanges with f.
func setup(t *testing.T, f *fake, opts ...auth.Option) (*http.Client, *auth.Source) {
	t.Helper()
	src := f.source(t, opts...)
	return &http.Client{Transport: &auth.Transport{Source: src, Base: serve(f)}}, src
}

// staticSource is a TokenSource that is not an Invalidator.
type staticSource struct{ tok *auth.Token }

func (s staticSource) Token(context.Context) (*auth.Token, error) { return s.tok, nil }

func TestTransportSetsTokenOnEveryAttempt(t *testing.T) {
	clk := newClock()
	first, second := jwtAt(t, 1, t0.Add(time.Hour)), jwtAt(t, 2, t0.Add(3*time.Hour))
	rec := &recorder{}
	f := &fake{issue: issue(first, second), api: rec.ServeHTTP}
	src := f.source(t, auth.WithClock(clk))
	tr := &auth.Transport{Source: src, Base: serve(f)}

	// A retrying layer above sends the same request twice; the token
	// expires in between.
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://leadfox.test/v1/contact", nil)
	for range 2 {
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		readAll(t, resp)
		clk.Advance(2 * time.Hour)
	}
	want := []attempt{{Authorization: "JWT " + first, Body: []byte{}}, {Authorization: "JWT " + second, Body: []byte{}}}
	if diff := cmp.Diff(want, rec.attempts); diff != "" {
		t.Errorf("attempts (-want +got):\n%s", diff)
	}
}

func TestTransportLeavesRequestAlone(t *testing.T) {
	f := &fake{issue: issue("opaque-1"), api: (&recorder{accepted: "opaque-1"}).ServeHTTP}
	tr := &auth.Transport{Source: f.source(t), Base: serve(f)}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://leadfox.test/v1/contact?limit=5", nil)
	req.Header.Set("X-Request-Id", "42")
	before := req.Header.Clone()

	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, resp)
	if diff := cmp.Diff(before, req.Header); diff != "" {
		t.Errorf("request header changed (-before +after):\n%s", diff)
	}
	if got, want := req.URL.String(), "http://leadfox.test/v1/contact?limit=5"; got != want {
		t.Errorf("request URL = %q after RoundTrip, want %q", got, want)
	}
	if resp.Request != req {
		t.Errorf("resp.Request = %p, want the caller's request %p", resp.Request, req)
	}
}

func TestTransportReplaysOn401(t *testing.T) {
	binary := bytes.Repeat([]byte{0, 1, 0x7f, 0x80, 0xfe, 0xff, '\r', '\n'}, 1024)
	tests := []struct {
		name   string
		method string
		body   io.Reader // http.NewRequest sets GetBody for it
		want   []byte
	}{
		{name: "bytes", method: http.MethodPost, body: bytes.NewReader(binary), want: binary},
		{name: "string", method: http.MethodPut, body: strings.NewReader(`{"name":"Élise"}`), want: []byte(`{"name":"Élise"}`)},
		{name: "no body", method: http.MethodGet, body: nil, want: []byte{}},
		{name: "NoBody", method: http.MethodDelete, body: http.NoBody, want: []byte{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{accepted: "opaque-2"}
			f := &fake{issue: issue("opaque-1", "opaque-2"), api: rec.ServeHTTP}
			client, _ := setup(t, f)
			req, _ := http.NewRequestWithContext(t.Context(), tt.method, "http://leadfox.test/v1/contact", tt.body)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if got := readAll(t, resp); resp.StatusCode != http.StatusOK {
				t.Fatalf("status = %d (%s), want 200", resp.StatusCode, got)
			}
			want := []attempt{{"JWT opaque-1", tt.want}, {"JWT opaque-2", tt.want}}
			if diff := cmp.Diff(want, rec.attempts); diff != "" {
				t.Errorf("attempts (-want +got):\n%s", diff)
			}
			if got := f.exchanges.Load(); got != 2 {
				t.Errorf("exchanges = %d, want 2", got)
			}
		})
	}
}

func TestTransportReturnsSecond401(t *testing.T) {
	const body = `{"error":"token revoked"}`
	f := &fake{issue: issue("opaque-1", "opaque-2", "opaque-3"), api: answer(http.StatusUnauthorized, body)}
	client, _ := setup(t, f)
	resp, err := client.Get("http://leadfox.test/v1/contact")
	if err != nil {
		t.Fatalf("Get error = %v, want the 401 response", err)
	}
	if got := readAll(t, resp); resp.StatusCode != http.StatusUnauthorized || got != body {
		t.Errorf("response = %d %q, want 401 %q", resp.StatusCode, got, body)
	}
	if calls, exchanges := f.calls.Load(), f.exchanges.Load(); calls != 2 || exchanges != 2 {
		t.Errorf("calls, exchanges = %d, %d, want 2, 2", calls, exchanges)
	}
}

func TestTransportDoesNotReplayUnrewindableBody(t *testing.T) {
	rec := &recorder{accepted: "opaque-2"}
	f := &fake{issue: issue("opaque-1", "opaque-2"), api: rec.ServeHTTP}
	client, src := setup(t, f)
	body := newTracked("once only")
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://leadfox.test/v1/contact", body)
	if req.GetBody != nil {
		t.Fatal("test bug: the request body can be rewound")
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, resp); resp.StatusCode != http.StatusUnauthorized || got != "{\"error\":\"invalid token\"}\n" {
		t.Errorf("response = %d %q, want the first 401 as it was", resp.StatusCode, got)
	}
	if got := len(rec.attempts); got != 1 {
		t.Errorf("attempts = %d, want 1", got)
	}
	if !body.closed.Load() {
		t.Error("request body was not closed")
	}
	mustToken(t, src, "opaque-2") // the rejected token was dropped
}

func TestTransportWithoutInvalidatorDoesNotReplay(t *testing.T) {
	tok, err := auth.ParseToken("opaque-1")
	if err != nil {
		t.Fatal(err)
	}
	f := &fake{api: (&recorder{accepted: "opaque-2"}).ServeHTTP}
	client := &http.Client{Transport: &auth.Transport{Source: staticSource{tok}, Base: serve(f)}}
	resp, err := client.Get("http://leadfox.test/v1/contact")
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, resp)
	if resp.StatusCode != http.StatusUnauthorized || f.calls.Load() != 1 {
		t.Errorf("status, calls = %d, %d, want 401, 1", resp.StatusCode, f.calls.Load())
	}
}

// TestTransportConcurrent401sExchangeOnce has n requests rejected with
// the same token, together or in two waves, the second answered only
// once the first has been replayed with a new token: one exchange
// replaces the rejected token for all of them, since a 401 for a token
// already replaced reuses the newer one.
func TestTransportConcurrent401sExchangeOnce(t *testing.T) {
	for _, waves := range []bool{false, true} {
		t.Run(fmt.Sprintf("two waves %v", waves), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) { concurrent401s(t, waves) })
		})
	}
}

// concurrent401s runs one case of TestTransportConcurrent401sExchangeOnce.
func concurrent401s(t *testing.T, waves bool) {
	const n = 50
	var arrived atomic.Int32
	all, late := make(chan struct{}), make(chan struct{})
	release := make(chan struct{})
	tokens := issue("opaque-1", "opaque-2", "opaque-3", "opaque-4")
	f := &fake{}
	f.issue = func(w http.ResponseWriter, r *http.Request) {
		if f.exchanges.Load() == 2 {
			<-release // the renewal waits for the first wave's rejections
		}
		tokens(w, r)
	}
	f.api = func(w http.ResponseWriter, r *http.Request) {
		// Hold the 401s until every request has been sent with the
		// first token, so that all n are rejected with it.
		if r.Header.Get("Authorization") == "JWT opaque-1" {
			i := arrived.Add(1)
			if i == n {
				close(all)
			}
			<-all
			if waves && i > n/2 {
				<-late
			}
			http.Error(w, "revoked", http.StatusUnauthorized)
		}
	}
	client, src := setup(t, f)
	mustToken(t, src, "opaque-1")

	var wg sync.WaitGroup
	status := make([]int, n)
	for i := range n {
		wg.Go(func() {
			resp, err := client.Get("http://leadfox.test/v1/contact")
			if err != nil {
				t.Error(err)
				return
			}
			readAll(t, resp)
			status[i] = resp.StatusCode
		})
	}
	synctest.Wait()
	close(release)
	synctest.Wait() // the first wave has been replayed with opaque-2
	close(late)
	wg.Wait()
	for i, got := range status {
		if got != http.StatusOK {
			t.Fatalf("request %d: status = %d, want 200", i, got)
		}
	}
	if got := f.exchanges.Load(); got != 2 {
		t.Errorf("exchanges = %d, want 2: the first, and one shared by %d rejected requests", got, n)
	}
	if got := f.calls.Load(); got != 2*n {
		t.Errorf("calls = %d, want %d", got, 2*n)
	}
}

func TestTransportClosesBodyOnError(t *testing.T) {
	failing := &fake{issue: answer(http.StatusForbidden, "")}
	tests := []struct {
		name    string
		tr      *auth.Transport
		wantErr error
	}{
		{name: "nil Source", tr: &auth.Transport{}},
		{name: "Source fails", tr: &auth.Transport{Source: failing.source(t)}, wantErr: auth.ErrInvalidCredentials},
		{name: "Source returns no token", tr: &auth.Transport{Source: staticSource{}}},
		{name: "Source returns a zero token", tr: &auth.Transport{Source: staticSource{&auth.Token{}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := newTracked("payload")
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://leadfox.test/v1/contact", body)
			resp, err := tt.tr.RoundTrip(req)
			if err == nil {
				_ = resp.Body.Close()
				t.Fatalf("RoundTrip = %v, nil, want an error", resp)
			}
			if !strings.HasPrefix(err.Error(), "auth: ") {
				t.Errorf("error = %q, want the prefix %q", err, "auth: ")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error = %v, want one matching %v", err, tt.wantErr)
			}
			if !body.closed.Load() {
				t.Error("request body was not closed")
			}
		})
	}
}

func TestTransportReplayFailsToGetToken(t *testing.T) {
	var n atomic.Int32
	f := &fake{issue: func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) > 1 {
			http.Error(w, "", http.StatusForbidden) // the secret was regenerated
			return
		}
		writeAuth(w, "opaque-1")
	}}
	first := newTracked(`{"error":"invalid token"}`)
	base := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		closeQuietly(req.Body)
		return &http.Response{StatusCode: http.StatusUnauthorized, Body: first, Header: http.Header{}}, nil
	})
	tr := &auth.Transport{Source: f.source(t), Base: base}
	replayBody := newTracked("payload")
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://leadfox.test/v1/contact", strings.NewReader("payload"))
	req.GetBody = func() (io.ReadCloser, error) { return replayBody, nil }

	resp, err := tr.RoundTrip(req)
	if err == nil {
		_ = resp.Body.Close()
	}
	if !errors.Is(err, auth.ErrInvalidCredentials) {
		t.Fatalf("RoundTrip = %v, %v, want the exchange error matching ErrInvalidCredentials", resp, err)
	}
	if !first.closed.Load() || !replayBody.closed.Load() {
		t.Errorf("first response body closed = %v, replay body closed = %v, want both", first.closed.Load(), replayBody.closed.Load())
	}
}

func TestTransportNilBaseUsesDefaultTransport(t *testing.T) {
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/auth" {
			writeAuth(w, "opaque-1")
			return
		}
		got.Store(r.Header.Get("Authorization"))
	}))
	t.Cleanup(srv.Close)
	src, err := auth.NewSource(testKey, testSecret, auth.WithBaseURL(srv.URL), auth.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &auth.Transport{Source: src}}
	t.Cleanup(client.CloseIdleConnections) // reaches http.DefaultTransport
	resp, err := client.Get(srv.URL + "/v1/contact")
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, resp)
	if got.Load() != "JWT opaque-1" {
		t.Errorf("Authorization = %q, want %q", got.Load(), "JWT opaque-1")
	}
}
