package adversarial

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// secretsSkewAPI is a server whose clock is the test's local clock minus
// skew. It issues JWTs that live an hour on its clock (iat only if
// withIat), sends its Date on every answer, and answers 401 to a token
// that has expired on its clock.
type secretsSkewAPI struct {
	clock     *clocktest.Clock
	skew      time.Duration
	withIat   bool
	life      time.Duration // from issue to exp; negative: issued dead
	exchanges atomic.Int32
	expired   atomic.Int32 // API requests sent with a token dead on the server's clock
	calls     atomic.Int32

	mu  sync.Mutex
	exp map[string]time.Time
}

func (s *secretsSkewAPI) now() time.Time { return s.clock.Now().Add(-s.skew) }

func (s *secretsSkewAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
	if r.URL.Path == "/v1/auth" {
		n := s.exchanges.Add(1)
		issued := now
		if s.life < 0 {
			issued = now.Add(s.life - time.Hour) // exp = now + life
		}
		exp := issued.Add(max(s.life, time.Hour))
		if s.life < 0 {
			exp = now.Add(s.life)
		}
		claims := map[string]any{"jti": n, "exp": exp.Unix()}
		if s.withIat {
			claims["iat"] = issued.Unix()
		}
		payload, _ := json.Marshal(claims)
		tok := testsupport.JWTPayload(string(payload))
		s.mu.Lock()
		s.exp[tok] = exp
		s.mu.Unlock()
		secretsWriteAuth(w, tok)
		return
	}
	s.calls.Add(1)
	s.mu.Lock()
	exp, ok := s.exp[strings.TrimPrefix(r.Header.Get("Authorization"), "JWT ")]
	s.mu.Unlock()
	if !ok || !now.Before(exp) {
		s.expired.Add(1)
		http.Error(w, `{"error":"token expired"}`, http.StatusUnauthorized)
		return
	}
	_, _ = io.WriteString(w, `{"_id":"`+secretsID+`","email":"ada@example.com"}`)
}

// TestSecretsClockSkew runs a client whose clock is hours ahead of or
// behind the server's: a good token is accepted and used for its life on
// the server's clock, and replaced before it dies there, with tokens that
// carry iat and with tokens that carry exp only (then the server's Date
// gives the lifetime).
func TestSecretsClockSkew(t *testing.T) {
	for _, skew := range []time.Duration{5 * time.Hour, -5 * time.Hour, 0} {
		for _, withIat := range []bool{true, false} {
			t.Run(fmt.Sprintf("local %v ahead, iat %v", skew, withIat), func(t *testing.T) {
				clk := newSecretsClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
				api := &secretsSkewAPI{clock: clk, skew: skew, withIat: withIat, exp: map[string]time.Time{}}
				srv := secretsHTTPServer(t, api.ServeHTTP)
				c := secretsNewClient(t, srv.URL, &testsupport.LogRecorder{}, facade.WithClock(clk))
				get := func(step string) {
					t.Helper()
					if _, err := c.Contacts.Get(t.Context(), secretsID); err != nil {
						t.Fatalf("%s: Get error = %v", step, err)
					}
				}
				get("first call")
				clk.Advance(30 * time.Minute)
				get("half an hour on")
				if got := api.exchanges.Load(); got != 1 {
					t.Errorf("exchanges after half an hour = %d, want 1: a good token was dropped", got)
				}
				clk.Advance(31 * time.Minute) // past exp - 60 s on the server's clock
				get("past the refresh margin")
				if got := api.exchanges.Load(); got != 2 {
					t.Errorf("exchanges after 61 minutes = %d, want 2", got)
				}
				if got := api.expired.Load(); got != 0 {
					t.Errorf("%d requests carried a token dead on the server's clock, want 0", got)
				}
			})
		}
	}
}

// TestSecretsDeadTokenNotKept has the server issue tokens already expired
// on its own clock while the local clock is hours behind: the client must
// not send them.
func TestSecretsDeadTokenNotKept(t *testing.T) {
	for _, withIat := range []bool{true, false} {
		t.Run(fmt.Sprintf("iat %v", withIat), func(t *testing.T) {
			clk := newSecretsClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
			api := &secretsSkewAPI{clock: clk, skew: -5 * time.Hour, withIat: withIat, life: -time.Minute, exp: map[string]time.Time{}}
			srv := secretsHTTPServer(t, api.ServeHTTP)
			c := secretsNewClient(t, srv.URL, &testsupport.LogRecorder{}, facade.WithClock(clk))
			_, err := c.Contacts.Get(t.Context(), secretsID)
			if err == nil {
				t.Fatal("Get error = nil with only dead tokens, want one")
			}
			if got := api.calls.Load(); got != 0 {
				t.Errorf("API requests = %d, want 0: a dead token was sent (error %v)", got, err)
			}
		})
	}
}

// TestSecretsHugeRetryAfter has the server answer 429 with a Retry-After
// too large for an int64 or a Duration: the 429 comes back at once, with
// RetryAfter at the cap, not 0.
func TestSecretsHugeRetryAfter(t *testing.T) {
	for _, ra := range []string{"99999999999999999999", "1e30", "9223372036854775807", "18446744073709551616", "Fri, 31 Dec 9999 23:59:59 GMT"} {
		t.Run(ra, func(t *testing.T) {
			var calls atomic.Int32
			srv := secretsServer(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				w.Header().Set("Retry-After", ra)
				http.Error(w, `{"error":"slow down"}`, http.StatusTooManyRequests)
			})
			c := secretsNewClient(t, srv.URL, &testsupport.LogRecorder{})
			_, err := c.Contacts.Get(t.Context(), secretsID)
			var apiErr *facade.APIError
			if !errors.As(err, &apiErr) || !errors.Is(err, facade.ErrRateLimited) {
				t.Fatalf("Get error = %v, want a 429 APIError", err)
			}
			if apiErr.RetryAfter != facade.RetryAfterLimit {
				t.Errorf("RetryAfter = %v, want the cap %v", apiErr.RetryAfter, facade.RetryAfterLimit)
			}
			if got := calls.Load(); got != 1 {
				t.Errorf("attempts = %d, want 1: a Retry-After this long is not waited for", got)
			}
		})
	}
}
