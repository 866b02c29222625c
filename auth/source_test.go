package auth_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

func TestNewSourceRejectsBadInput(t *testing.T) {
	tests := []struct {
		name        string
		key, secret string
		opt         auth.Option
		wantErr     string
	}{
		{name: "empty key", secret: testSecret, wantErr: "api key: empty"},
		{name: "empty secret", key: testKey, wantErr: "secret: empty"},
		{name: "base URL empty", opt: auth.WithBaseURL(""), wantErr: "scheme must be http or https"},
		{name: "base URL relative", opt: auth.WithBaseURL("/v1"), wantErr: "scheme must be http or https"},
		{name: "base URL ftp", opt: auth.WithBaseURL("ftp://rest.leadfox.co"), wantErr: "scheme must be http or https"},
		{name: "base URL without host", opt: auth.WithBaseURL("https:///v1"), wantErr: "has no host"},
		{name: "base URL with password", opt: auth.WithBaseURL("https://u:pw-hunter2@rest.leadfox.co"), wantErr: "must not hold user information"},
		{name: "base URL with query", opt: auth.WithBaseURL("https://rest.leadfox.co?x=1"), wantErr: "must not have a query"},
		{name: "base URL with empty query", opt: auth.WithBaseURL("https://rest.leadfox.co?"), wantErr: "must not have a query"},
		{name: "base URL with fragment", opt: auth.WithBaseURL("https://rest.leadfox.co#top"), wantErr: "must not have a fragment"},
		{name: "base URL unparsable", opt: auth.WithBaseURL("https://u:pw-hunter2@rest leadfox"), wantErr: "base URL does not parse"},
		{name: "nil client", opt: auth.WithHTTPClient(nil), wantErr: "nil HTTP client"},
		{name: "client through auth", opt: auth.WithHTTPClient(&http.Client{Transport: &auth.Transport{}}), wantErr: "must not use auth.Transport"},
		{name: "negative margin", opt: auth.WithMargin(-time.Second), wantErr: "negative margin"},
		{name: "nil clock", opt: auth.WithClock(nil), wantErr: "nil clock"},
		{name: "zero exchange timeout", opt: auth.WithExchangeTimeout(0), wantErr: "exchange timeout 0s is not positive"},
		{name: "negative exchange timeout", opt: auth.WithExchangeTimeout(-time.Second), wantErr: "is not positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sent atomic.Int32
			counting := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
				sent.Add(1)
				return nil, errors.New("unreachable")
			})}
			key, secret := tt.key, tt.secret
			if tt.opt != nil {
				key, secret = testKey, testSecret
			}
			src, err := auth.NewSource(key, secret, auth.WithHTTPClient(counting), tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("NewSource error = %v, want one saying %q", err, tt.wantErr)
			}
			if src != nil {
				t.Errorf("NewSource returned %v with its error, want nil", src)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error %q quotes the password of the base URL", err)
			}
			if n := sent.Load(); n != 0 {
				t.Errorf("NewSource sent %d requests, want 0", n)
			}
		})
	}
}

func TestNewSourceIgnoresNilOption(t *testing.T) {
	if _, err := auth.NewSource(testKey, testSecret, nil); err != nil {
		t.Errorf("NewSource(key, secret, nil) error = %v, want none", err)
	}
}

func TestWithBaseURL(t *testing.T) {
	var gotPath atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath.Store(r.URL.Path)
		writeAuth(w, "opaque-token")
	}))
	t.Cleanup(srv.Close)
	tests := []struct {
		base string
		want string
	}{
		{base: srv.URL, want: "/v1/auth"},
		{base: srv.URL + "/", want: "/v1/auth"},
		{base: srv.URL + "/prefix", want: "/prefix/v1/auth"},
		{base: srv.URL + "/prefix/", want: "/prefix/v1/auth"},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			src, err := auth.NewSource(testKey, testSecret, auth.WithBaseURL(tt.base), auth.WithHTTPClient(srv.Client()))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := src.Token(t.Context()); err != nil {
				t.Fatal(err)
			}
			if got := gotPath.Load(); got != tt.want {
				t.Errorf("WithBaseURL(%q) posted to %q, want %q", tt.base, got, tt.want)
			}
		})
	}
}

func TestSourceExchange(t *testing.T) {
	jwt := jwtAt(t, 1, t0.Add(time.Hour))
	var method, contentType string
	var body map[string]string
	f := &fake{issue: func(w http.ResponseWriter, r *http.Request) {
		method, contentType = r.Method, r.Header.Get("Content-Type")
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			t.Errorf("decode the exchange body: %v", err)
		}
		writeAuth(w, jwt)
	}}
	tok, err := f.source(t, auth.WithClock(newClock())).Token(t.Context())
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	if method != http.MethodPost || contentType != "application/json" {
		t.Errorf("exchange sent %s with Content-Type %q, want POST with application/json", method, contentType)
	}
	if diff := cmp.Diff(map[string]string{"apikey": testKey, "secret": testSecret}, body); diff != "" {
		t.Errorf("exchange body (-want +got):\n%s", diff)
	}
	want := auth.Token{Expiry: t0.Add(time.Hour), Client: testClient, ClientID: testID, Mode: "apikey"}
	if diff := cmp.Diff(want, *tok, cmpopts.IgnoreUnexported(auth.Token{})); diff != "" {
		t.Errorf("Token (-want +got):\n%s", diff)
	}
	if got := tok.Value(); got != jwt {
		t.Errorf("Value() = %q, want %q", got, jwt)
	}
}

func TestSourceRefresh(t *testing.T) {
	tests := []struct {
		name    string
		life    time.Duration // of the first token
		margin  *time.Duration
		advance time.Duration // between the two calls to Token
		refresh bool
	}{
		{name: "default margin, before it", life: 10 * time.Minute, advance: 9*time.Minute - time.Nanosecond},
		{name: "default margin, at it", life: 10 * time.Minute, advance: 9 * time.Minute, refresh: true},
		{name: "margin, before it", life: time.Hour, margin: ptr(5 * time.Minute), advance: 55*time.Minute - time.Nanosecond},
		{name: "margin, at it", life: time.Hour, margin: ptr(5 * time.Minute), advance: 55 * time.Minute, refresh: true},
		{name: "after expiry", life: time.Hour, advance: 2 * time.Hour, refresh: true},
		{name: "no margin, before expiry", life: time.Hour, margin: ptr(time.Duration(0)), advance: time.Hour - time.Nanosecond},
		{name: "no margin, at expiry", life: time.Hour, margin: ptr(time.Duration(0)), advance: time.Hour, refresh: true},
		{name: "short life, before half", life: 90 * time.Second, advance: 45*time.Second - time.Nanosecond},
		{name: "short life, at half", life: 90 * time.Second, advance: 45 * time.Second, refresh: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			first, second := jwtAt(t, 1, t0.Add(tt.life)), jwtAt(t, 2, t0.Add(1000*time.Hour))
			f := &fake{issue: issue(first, second)}
			opts := []auth.Option{auth.WithClock(clk)}
			if tt.margin != nil {
				opts = append(opts, auth.WithMargin(*tt.margin))
			}
			src := f.source(t, opts...)
			mustToken(t, src, first)
			clk.Advance(tt.advance)
			want, wantExchanges := first, int32(1)
			if tt.refresh {
				want, wantExchanges = second, 2
			}
			mustToken(t, src, want)
			if got := f.exchanges.Load(); got != wantExchanges {
				t.Errorf("exchanges = %d, want %d", got, wantExchanges)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// mustToken calls src.Token and checks that it returns want.
func mustToken(t *testing.T, src auth.TokenSource, want string) *auth.Token {
	t.Helper()
	tok, err := src.Token(t.Context())
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	if got := tok.Value(); got != want {
		t.Fatalf("Token().Value() = %q, want %q", got, want)
	}
	return tok
}

func TestSourceReusesTokenWithoutExpiryUntilInvalidated(t *testing.T) {
	tests := []struct{ name, first, second string }{
		{name: "opaque", first: "opaque-1", second: "opaque-2"},
		{name: "JWT without exp", first: testsupport.JWT(t, map[string]any{"jti": 1}), second: testsupport.JWT(t, map[string]any{"jti": 2})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			f := &fake{issue: issue(tt.first, tt.second)}
			src := f.source(t, auth.WithClock(clk))
			tok := mustToken(t, src, tt.first)
			clk.Advance(10 * 365 * 24 * time.Hour)
			mustToken(t, src, tt.first)
			src.Invalidate(tok)
			mustToken(t, src, tt.second)
			if got := f.exchanges.Load(); got != 2 {
				t.Errorf("exchanges = %d, want 2", got)
			}
		})
	}
}

func TestSourceInvalidateOnlyDropsTheRejectedToken(t *testing.T) {
	f := &fake{issue: issue("opaque-1", "opaque-2", "opaque-3")}
	src := f.source(t)
	first := mustToken(t, src, "opaque-1")
	src.Invalidate(first)
	second := mustToken(t, src, "opaque-2")

	src.Invalidate(first) // late: first was already replaced
	src.Invalidate(nil)
	copied := *second
	src.Invalidate(&copied) // same JWT, but not the token Token returned
	mustToken(t, src, "opaque-2")
	if got := f.exchanges.Load(); got != 2 {
		t.Errorf("exchanges = %d, want 2", got)
	}
}

func TestSourceSingleFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		f := &fake{issue: func(w http.ResponseWriter, r *http.Request) {
			<-release
			writeAuth(w, "opaque-1")
		}}
		src := f.source(t)
		const n = 256
		toks := make([]*auth.Token, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { toks[i], errs[i] = src.Token(t.Context()) })
		}
		synctest.Wait() // every caller waits, and the exchange is held
		if got := f.exchanges.Load(); got != 1 {
			t.Errorf("exchanges with %d callers waiting = %d, want 1", n, got)
		}
		close(release)
		wg.Wait()
		for i := range n {
			if errs[i] != nil || toks[i] != toks[0] {
				t.Fatalf("caller %d got (%v, %v), want the token of caller 0, %v", i, toks[i], errs[i], toks[0])
			}
		}
		if got := f.exchanges.Load(); got != 1 {
			t.Errorf("exchanges = %d, want 1", got)
		}
	})
}

func TestSourceCancelledWaiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		f := &fake{issue: func(w http.ResponseWriter, r *http.Request) {
			<-release
			if err := r.Context().Err(); err != nil {
				http.Error(w, err.Error(), http.StatusServiceUnavailable)
				return
			}
			writeAuth(w, "opaque-1")
		}}
		src := f.source(t)

		ctx, cancel := context.WithCancel(t.Context())
		firstErr := make(chan error)
		go func() {
			_, err := src.Token(ctx)
			firstErr <- err
		}()
		synctest.Wait() // the first caller started the exchange and waits
		cancel()
		if err := <-firstErr; !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled caller: Token error = %v, want context.Canceled", err)
		}

		second := make(chan *auth.Token)
		go func() { second <- mustToken(t, src, "opaque-1") }()
		synctest.Wait() // the second caller joined the exchange
		close(release)
		<-second
		if got := f.exchanges.Load(); got != 1 {
			t.Errorf("exchanges = %d, want 1", got)
		}
	})
}

func TestSourceTokenWithDoneContext(t *testing.T) {
	f := &fake{issue: issue("opaque-1")}
	src := f.source(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := src.Token(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Token(done ctx) error = %v, want context.Canceled", err)
	}
	if got := f.exchanges.Load(); got != 0 {
		t.Errorf("exchanges for a done context = %d, want 0", got)
	}
	mustToken(t, src, "opaque-1")
	if _, err := src.Token(ctx); err != nil {
		t.Errorf("Token(done ctx) with a cached token: error = %v, want none", err)
	}
}

func TestSourceExchangeTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fake{issue: func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}}
		src := f.source(t, auth.WithExchangeTimeout(5*time.Second))
		start := time.Now()
		_, err := src.Token(t.Context())
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Token error = %v, want context.DeadlineExceeded", err)
		}
		if got := time.Since(start); got != 5*time.Second {
			t.Errorf("exchange gave up after %v, want 5s", got)
		}
		var exErr *auth.ExchangeError
		if !errors.As(err, &exErr) || exErr.StatusCode != 0 {
			t.Errorf("Token error = %#v, want an *ExchangeError with StatusCode 0", err)
		}
	})
}

func TestSourceRetriesAfterFailedExchange(t *testing.T) {
	var n atomic.Int32
	f := &fake{issue: func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			http.Error(w, "try later", http.StatusServiceUnavailable)
			return
		}
		writeAuth(w, "opaque-1")
	}}
	src := f.source(t)
	if _, err := src.Token(t.Context()); err == nil {
		t.Fatal("Token error = nil on a 503, want one")
	}
	mustToken(t, src, "opaque-1")
	if got := f.exchanges.Load(); got != 2 {
		t.Errorf("exchanges = %d, want 2", got)
	}
}

func TestSourceCachedTokenAllocatesNothing(t *testing.T) {
	f := &fake{issue: issue(jwtAt(t, 1, time.Now().Add(time.Hour)))}
	src := f.source(t)
	ctx := t.Context()
	if _, err := src.Token(ctx); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := src.Token(ctx); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Token with a cached token: %v allocations, want 0", allocs)
	}
	if got := f.exchanges.Load(); got != 1 {
		t.Errorf("exchanges = %d, want 1", got)
	}
}

func TestSourceExchangeErrors(t *testing.T) {
	long := `{"jwt":"opaque","pad":"` + strings.Repeat("x", 64<<10) + `"}`
	tests := []struct {
		name       string
		issue      http.HandlerFunc
		wantStatus int
		wantIs     error
		wantMsg    string
	}{
		{name: "401", issue: answer(401, `{"error":"bad key"}`), wantStatus: 401, wantIs: auth.ErrInvalidCredentials,
			wantMsg: `auth: exchange: status 401 Unauthorized: api key or secret rejected: body "{\"error\":\"bad key\"}"`},
		{name: "403", issue: answer(403, ""), wantStatus: 403, wantIs: auth.ErrInvalidCredentials,
			wantMsg: "auth: exchange: status 403 Forbidden: api key or secret rejected"},
		{name: "500", issue: answer(500, `{"message":"database down"}`), wantStatus: 500,
			wantMsg: `auth: exchange: status 500 Internal Server Error: body "{\"message\":\"database down\"}"`},
		{name: "502 on many lines", issue: answer(502, "<html>\n<h1>Bad Gateway</h1>\n</html>"), wantStatus: 502,
			wantMsg: `auth: exchange: status 502 Bad Gateway: body "<html> <h1>Bad Gateway</h1> </html>"`},
		{name: "long body", issue: answer(500, "x"+strings.Repeat("é", 100)), wantStatus: 500,
			wantMsg: `body "x` + strings.Repeat("é", 63) + `…"`},
		{name: "redirect", issue: redirect("http://leadfox.test/elsewhere"), wantStatus: 307,
			wantMsg: "auth: exchange: status 307 Temporary Redirect"},
		{name: "not JSON", issue: answer(200, "<html>welcome</html>"), wantStatus: 200,
			wantMsg: "auth: exchange: status 200 OK: response is not a JSON object"},
		{name: "JSON array", issue: answer(200, `["jwt"]`), wantStatus: 200, wantMsg: "response is not a JSON object"},
		{name: "no jwt", issue: answer(200, `{"client":"Acme"}`), wantStatus: 200, wantMsg: "response has no jwt"},
		{name: "null jwt", issue: answer(200, `{"jwt":null}`), wantStatus: 200, wantMsg: "response has no jwt"},
		{name: "empty jwt", issue: answer(200, `{"jwt":""}`), wantStatus: 200, wantMsg: "status 200 OK: empty jwt"},
		{name: "jwt a number", issue: answer(200, `{"jwt":42}`), wantStatus: 200, wantMsg: `response field "jwt" has the wrong type (JSON number)`},
		{name: "payload undecodable", issue: answer(200, `{"jwt":"h.!!.s"}`), wantStatus: 200, wantMsg: "jwt payload is not base64url"},
		{name: "payload not JSON", issue: answer(200, `{"jwt":"h.aGVsbG8.s"}`), wantStatus: 200, wantMsg: "jwt payload is not a JSON object"},
		{name: "already expired", issue: issue(jwtAt(t, 1, t0.Add(-time.Second))), wantStatus: 200,
			wantMsg: "jwt expired at 2030-01-01T11:59:59Z, before use (by the local clock)"},
		{name: "expiring now", issue: issue(jwtAt(t, 1, t0)), wantStatus: 200, wantMsg: "jwt expired at 2030-01-01T12:00:00Z"},
		{name: "body too long", issue: answer(201, long), wantStatus: 201, wantMsg: "response is longer than 65536 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{issue: tt.issue}
			_, err := f.source(t, auth.WithClock(newClock())).Token(t.Context())
			checkExchangeError(t, err, tt.wantStatus, tt.wantIs, tt.wantMsg)
			if got := f.exchanges.Load(); got != 1 {
				t.Errorf("exchanges = %d, want 1", got)
			}
			if got := f.calls.Load(); got != 0 {
				t.Errorf("requests elsewhere = %d, want 0", got)
			}
		})
	}
}

// redirect returns a handler that redirects to location, keeping the method
// and body.
func redirect(location string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, location, http.StatusTemporaryRedirect)
	}
}

// checkExchangeError checks that err is an *ExchangeError with status,
// matching wantIs if not nil, on one line containing wantMsg.
func checkExchangeError(t *testing.T, err error, status int, wantIs error, wantMsg string) {
	t.Helper()
	var exErr *auth.ExchangeError
	if !errors.As(err, &exErr) {
		t.Fatalf("error = %v, want an *ExchangeError", err)
	}
	if exErr.StatusCode != status {
		t.Errorf("StatusCode = %d, want %d", exErr.StatusCode, status)
	}
	if wantIs != nil && !errors.Is(err, wantIs) {
		t.Errorf("error = %v, want one matching %v", err, wantIs)
	}
	msg := err.Error()
	if !strings.Contains(msg, wantMsg) {
		t.Errorf("error = %q, want one containing %q", msg, wantMsg)
	}
	if !strings.HasPrefix(msg, "auth: ") || strings.Count(msg, "auth: ") != 1 || strings.ContainsAny(msg, "\r\n") {
		t.Errorf("error = %q, want one line with one prefix %q", msg, "auth: ")
	}
}

func TestSourceNetworkFailure(t *testing.T) {
	refused := errors.New("connection refused")
	client := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, refused
	})}
	src, err := auth.NewSource(testKey, testSecret, auth.WithHTTPClient(client))
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Token(t.Context())
	checkExchangeError(t, err, 0, refused,
		`auth: exchange: Post "https://rest.leadfox.co/v1/auth": connection refused`)
}

func TestSourceSnippetHidesCredentials(t *testing.T) {
	// The server echoes the credentials: verbatim, and JSON-escaped with
	// and without HTML escaping.
	key, secret := testKey, `pa<ss>"wo\rd`+"\n"+`-3f1a9c`
	htmlEscaped, _ := json.Marshal(secret)
	plain := strings.ReplaceAll(strings.ReplaceAll(string(htmlEscaped), `\u003c`, "<"), `\u003e`, ">")
	body := "key " + key + "; secret " + secret + "; json " + string(htmlEscaped) + " " + plain
	f := &fake{issue: answer(http.StatusBadRequest, body)}
	src, err := auth.NewSource(key, secret, auth.WithBaseURL("http://leadfox.test"), auth.WithHTTPClient(f.client()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Token(t.Context())
	var exErr *auth.ExchangeError
	if !errors.As(err, &exErr) {
		t.Fatalf("Token error = %v, want an *ExchangeError", err)
	}
	want := `key [redacted]; secret [redacted]; json "[redacted]" "[redacted]"`
	if exErr.Snippet != want {
		t.Errorf("Snippet = %q, want %q", exErr.Snippet, want)
	}
}
