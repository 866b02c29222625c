package adversarial

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// TestSecretsExchange503Recovers has POST /v1/auth answer 503 once, while
// 16 callers wait for the token: the exchange is retried, and every
// caller gets the one recovered token.
func TestSecretsExchange503Recovers(t *testing.T) {
	const callers = 16
	var exchanges atomic.Int32
	release := make(chan struct{})
	srv := secretsServerAuth(t, func(w http.ResponseWriter, r *http.Request) {
		if exchanges.Add(1) == 1 {
			<-release // hold the first answer while the callers pile up
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		secretsWriteAuth(w, secretsToken)
	})
	c := secretsNewClient(t, srv.URL, &testsupport.LogRecorder{})
	var wg sync.WaitGroup
	var started sync.WaitGroup
	errs := make([]error, callers)
	started.Add(callers)
	for i := range callers {
		wg.Go(func() {
			started.Done()
			_, errs[i] = c.Contacts.Get(t.Context(), secretsID)
		})
	}
	started.Wait()
	for exchanges.Load() == 0 {
		time.Sleep(time.Millisecond) // until the first exchange is at the server
	}
	time.Sleep(20 * time.Millisecond) // let the others join it; a late one only uses the cache
	close(release)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("caller %d: %v", i, err)
		}
	}
	if got := exchanges.Load(); got != 2 {
		t.Errorf("exchange attempts = %d, want 2: one 503 and its retry", got)
	}
}

// secretsRevokeAPI issues numbered opaque tokens and holds the request
// for hold until released; revoke rejects every token issued so far
// (and, with rejectAll, every later one too).
type secretsRevokeAPI struct {
	mu        sync.Mutex
	issued    int
	revoked   int // tokens numbered <= revoked are rejected
	rejectAll bool
	exchanges atomic.Int32
	hold      chan struct{}
	held      chan struct{}
	holdSeen  atomic.Int32 // requests for the held contact
}

const secretsHeldID = "5f0c8a3b9d1e2a00aaaaaaaa"

func (s *secretsRevokeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/v1/auth" {
		s.exchanges.Add(1)
		s.mu.Lock()
		s.issued++
		n := s.issued
		s.mu.Unlock()
		secretsWriteAuth(w, fmt.Sprintf("opq-token-%d", n))
		return
	}
	if strings.HasSuffix(r.URL.Path, secretsHeldID) && s.holdSeen.Add(1) == 1 {
		close(s.held)
		<-s.hold
	}
	var n int
	_, _ = fmt.Sscanf(r.Header.Get("Authorization"), "JWT opq-token-%d", &n)
	s.mu.Lock()
	rejected := n <= s.revoked || s.rejectAll
	s.mu.Unlock()
	if rejected {
		http.Error(w, `{"error":"token revoked"}`, http.StatusUnauthorized)
		return
	}
	_, _ = io.WriteString(w, `{"_id":"`+secretsID+`","email":"ada@example.com"}`)
}

// TestSecretsRevokedTokensRenewedByGeneration revokes every token while
// a request sent with the first one is in flight and a newer one is
// cached. The generation rule holds: the held request's 401 (for token
// 1, already replaced) is replayed with the cached token 2 without an
// exchange, and that replay's 401 ends the call with ErrUnauthorized, no
// loop. The next call's 401 (for token 2, the latest) makes exactly one
// exchange: it succeeds with token 3, or, if every token is refused, ends
// with ErrUnauthorized after that one exchange.
func TestSecretsRevokedTokensRenewedByGeneration(t *testing.T) {
	for _, rejectAll := range []bool{false, true} {
		t.Run(fmt.Sprintf("reject all %v", rejectAll), func(t *testing.T) {
			clk := newSecretsClock(time.Now())
			api := &secretsRevokeAPI{hold: make(chan struct{}), held: make(chan struct{})}
			srv := secretsHTTPServer(t, api.ServeHTTP)
			c := secretsNewClient(t, srv.URL, &testsupport.LogRecorder{}, facade.WithClock(clk))
			if _, err := c.Contacts.Get(t.Context(), secretsID); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := c.Contacts.Get(t.Context(), secretsHeldID)
				done <- err
			}()
			<-api.held // sent with token 1
			// A newer token is cached before the revocation: invalidate
			// token 1 through a rejected call.
			api.mu.Lock()
			api.revoked = 1
			api.mu.Unlock()
			if _, err := c.Contacts.Get(t.Context(), secretsID); err != nil {
				t.Fatalf("call that replaces token 1: %v", err)
			}
			api.mu.Lock()
			api.revoked, api.rejectAll = api.issued, rejectAll
			api.mu.Unlock()
			before := api.exchanges.Load()
			close(api.hold)
			if err := <-done; !errors.Is(err, facade.ErrUnauthorized) {
				t.Errorf("held request error = %v, want ErrUnauthorized: its replay with token 2 was refused", err)
			}
			if got := api.exchanges.Load() - before; got != 0 {
				t.Errorf("exchanges after the 401 for token 1 = %d, want 0: token 2 had replaced it", got)
			}
			if got := api.holdSeen.Load(); got != 2 {
				t.Errorf("attempts of the held request = %d, want 2", got)
			}
			_, err := c.Contacts.Get(t.Context(), secretsID)
			if got := api.exchanges.Load() - before; got != 1 {
				t.Errorf("exchanges after the 401 for token 2 = %d, want 1", got)
			}
			switch {
			case rejectAll && !errors.Is(err, facade.ErrUnauthorized):
				t.Errorf("next call error = %v, want ErrUnauthorized", err)
			case !rejectAll && err != nil:
				t.Errorf("next call error = %v, want success with token 3", err)
			}
		})
	}
}

// TestSecretsBadSecretBacksOff runs 1,000 calls with a rejected secret
// over ten seconds of the client's clock: each fails with an error that
// matches facade.ErrInvalidCredentials and is a *facade.ExchangeError,
// and the source backs off (1 s, 2 s, 4 s, 8 s...) instead of exchanging
// on every call: 4 exchanges in 10 s.
func TestSecretsBadSecretBacksOff(t *testing.T) {
	var exchanges atomic.Int32
	srv := secretsServerAuth(t, func(w http.ResponseWriter, r *http.Request) {
		exchanges.Add(1)
		http.Error(w, `{"error":"invalid secret"}`, http.StatusUnauthorized)
	})
	clk := newSecretsClock(time.Now())
	c := secretsNewClient(t, srv.URL, &testsupport.LogRecorder{}, facade.WithClock(clk))
	for i := range 1000 {
		_, err := c.Contacts.Get(t.Context(), secretsID)
		var exErr *facade.ExchangeError
		if !errors.Is(err, facade.ErrInvalidCredentials) || !errors.As(err, &exErr) {
			t.Fatalf("call %d: error = %v, want an ExchangeError matching ErrInvalidCredentials", i, err)
		}
		clk.Advance(10 * time.Millisecond)
	}
	if got := exchanges.Load(); got > 4 {
		t.Errorf("exchanges = %d in 1,000 calls over 10 s, want at most 4 (at 0, 1, 3 and 7 s)", got)
	}
	// A success resets the backoff: tested in package auth.
}
