package auth_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// TestSourceLifetimeFromServerClock checks that the token's life is read
// on the server's clock (iat, or the Date of the answer) and counted from
// the local time it was received, whatever the local clock says.
func TestSourceLifetimeFromServerClock(t *testing.T) {
	const life = time.Hour
	tests := []struct {
		name     string
		skew     time.Duration // local clock minus server clock
		iat      bool
		date     bool
		issuedAt time.Duration // server time of issue minus server now
		want     time.Duration // life as the Source sees it
	}{
		{name: "iat, local ahead", skew: 5 * time.Hour, iat: true, want: life},
		{name: "iat, local behind", skew: -5 * time.Hour, iat: true, want: life},
		{name: "date, local ahead", skew: 5 * time.Hour, date: true, want: life},
		{name: "date, local behind", skew: -5 * time.Hour, date: true, want: life},
		{name: "iat and date, old token", skew: 3 * time.Hour, iat: true, date: true, issuedAt: -20 * time.Minute, want: 40 * time.Minute},
		{name: "neither: the local clock", skew: 0, want: life},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			server := t0.Add(-tt.skew)
			issued := server.Add(tt.issuedAt)
			claims := map[string]any{"exp": issued.Add(life).Unix()}
			if tt.iat {
				claims["iat"] = issued.Unix()
			}
			jwt := testsupport.JWT(t, claims)
			f := &fake{issue: func(w http.ResponseWriter, r *http.Request) {
				if tt.date {
					w.Header().Set("Date", server.Format(http.TimeFormat))
				}
				writeAuth(w, jwt)
			}}
			src := f.source(t, auth.WithClock(clk))
			tok := mustToken(t, src, jwt)
			if got, want := tok.Expiry, t0.Add(tt.want); !got.Equal(want) {
				t.Errorf("Expiry = %v, want %v on the local clock", got, want)
			}
			clk.Advance(tt.want - auth.DefaultMargin - time.Second)
			mustToken(t, src, jwt)
			clk.Advance(time.Second)
			if _, err := src.Token(t.Context()); err != nil {
				t.Fatal(err)
			}
			if got := f.exchanges.Load(); got != 2 {
				t.Errorf("exchanges = %d, want 2: refreshed at the margin before the server's expiry", got)
			}
		})
	}
}

func TestSourceRejectsTokenDeadOnServerClock(t *testing.T) {
	clk := newClock()
	server := t0.Add(5 * time.Hour) // the local clock is behind
	jwt := testsupport.JWT(t, map[string]any{"exp": server.Add(-time.Minute).Unix()})
	f := &fake{issue: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", server.Format(http.TimeFormat))
		writeAuth(w, jwt)
	}}
	_, err := f.source(t, auth.WithClock(clk)).Token(t.Context())
	if err == nil || !strings.Contains(err.Error(), "before use (by the server clock)") {
		t.Errorf("Token error = %v, want the token refused as dead on the server's clock", err)
	}
}

// TestSourceRenew checks the generation rule: Renew with a token already
// replaced returns the newer one without an exchange; Renew with the
// latest token makes one exchange, shared by the rejections of that
// token that come while it is in flight and reused by those that come
// after it.
func TestSourceRenew(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		tokens := issue("opaque-1", "opaque-2", "opaque-3", "opaque-4", "opaque-5")
		var hold atomic.Bool
		f := &fake{issue: func(w http.ResponseWriter, r *http.Request) {
			if hold.CompareAndSwap(true, false) {
				<-release // hold the renewal of opaque-2 while the others come
			}
			tokens(w, r)
		}}
		src := f.source(t)
		first := mustToken(t, src, "opaque-1")
		src.Invalidate(first)
		second := mustToken(t, src, "opaque-2")

		renew := func(rejected *auth.Token) string {
			tok, err := src.Renew(t.Context(), rejected)
			if err != nil {
				t.Error(err)
				return ""
			}
			return tok.Value()
		}
		// opaque-1 was replaced by opaque-2: no exchange.
		if got := renew(first); got != "opaque-2" {
			t.Errorf("Renew(opaque-1) with opaque-2 cached = %q, want opaque-2", got)
		}
		var wg sync.WaitGroup
		got := make([]string, 8)
		hold.Store(true)
		wg.Go(func() { got[0] = renew(second) })
		synctest.Wait() // the renewal of opaque-2 holds its exchange
		for i := 1; i < len(got); i++ {
			rejected := []*auth.Token{first, second}[i%2]
			wg.Go(func() { got[i] = renew(rejected) })
		}
		synctest.Wait()
		close(release)
		wg.Wait()
		// A rejection of opaque-2 after its renewal ended reuses opaque-3.
		got = append(got, renew(second), renew(first))
		want := slices.Repeat([]string{"opaque-3"}, 10)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Renew results (-want +got):\n%s", diff)
		}
		if n := f.exchanges.Load(); n != 3 {
			t.Errorf("exchanges = %d, want 3: one per generation", n)
		}
	})
}

// TestSourceBacksOffAfterRejection checks the backoff after a rejected
// secret: no exchange within it, doubling, and reset by a success.
func TestSourceBacksOffAfterRejection(t *testing.T) {
	clk := newClock()
	var accept atomic.Bool
	f := &fake{issue: func(w http.ResponseWriter, r *http.Request) {
		if accept.Load() {
			writeAuth(w, "opaque-1")
			return
		}
		http.Error(w, "bad secret", http.StatusUnauthorized)
	}}
	src := f.source(t, auth.WithClock(clk))
	call := func() error {
		_, err := src.Token(t.Context())
		return err
	}
	steps := []struct {
		advance   time.Duration
		exchanges int32
		backoff   time.Duration
	}{
		{0, 1, time.Second},
		{999 * time.Millisecond, 1, time.Second},
		{time.Millisecond, 2, 2 * time.Second},
		{2 * time.Second, 3, 4 * time.Second},
		{time.Second, 3, 4 * time.Second},
	}
	for i, s := range steps {
		clk.Advance(s.advance)
		err := call()
		var exErr *auth.ExchangeError
		if !errors.Is(err, auth.ErrInvalidCredentials) || !errors.As(err, &exErr) || exErr.Backoff != s.backoff {
			t.Fatalf("step %d: error = %v, want a rejection with Backoff %v", i, err, s.backoff)
		}
		if got := f.exchanges.Load(); got != s.exchanges {
			t.Errorf("step %d: exchanges = %d, want %d", i, got, s.exchanges)
		}
	}
	for range 20 {
		clk.Advance(time.Hour)
		_ = call()
	}
	var exErr *auth.ExchangeError
	if err := call(); !errors.As(err, &exErr) || exErr.Backoff != auth.MaxRejectionBackoff {
		t.Errorf("after many rejections: %v, want Backoff %v", err, auth.MaxRejectionBackoff)
	}
	accept.Store(true)
	clk.Advance(auth.MaxRejectionBackoff)
	mustToken(t, src, "opaque-1")
	accept.Store(false)
	src.Invalidate(mustToken(t, src, "opaque-1"))
	if err := call(); !errors.As(err, &exErr) || exErr.Backoff != auth.RejectionBackoff {
		t.Errorf("after a success: %v, want the backoff back to %v", err, auth.RejectionBackoff)
	}
}

// TestSourceSnippetHidesPreviousToken has the exchange that replaces a
// token fail with a body echoing the old one, base64-encoded.
func TestSourceSnippetHidesPreviousToken(t *testing.T) {
	const old = "opaque-old-token-4f2a9"
	var n atomic.Int32
	f := &fake{issue: func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			writeAuth(w, old)
			return
		}
		http.Error(w, "revoked b3BhcXVlLW9sZC10b2tlbi00ZjJhOQ== and "+old, http.StatusInternalServerError)
	}}
	src := f.source(t)
	src.Invalidate(mustToken(t, src, old))
	_, err := src.Token(t.Context())
	var exErr *auth.ExchangeError
	if !errors.As(err, &exErr) {
		t.Fatalf("Token error = %v, want an ExchangeError", err)
	}
	if strings.Contains(exErr.Snippet, old) || strings.Contains(exErr.Snippet, "b3BhcXVlLW9sZC10b2tlbi00") || !strings.Contains(exErr.Snippet, "[redacted]") {
		t.Errorf("Snippet = %q, want the old token redacted in both forms", exErr.Snippet)
	}
}
