package adversarial

import (
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// TestSecretsWaitersOfAFailedExchangeRetry has POST /v1/auth answer three
// 503s, the first held until 16 calls wait for the exchange that one
// call started: the exchange layer retries that exchange and fails, the
// call that started it fails with it (its exchange was retried already),
// and each of the 16 waiting calls retries with its own attempts and
// succeeds, after one further exchange.
func TestSecretsWaitersOfAFailedExchangeRetry(t *testing.T) {
	const waiters = 16
	var exchanges atomic.Int32
	arrived, release := make(chan struct{}), make(chan struct{})
	srv := secretsServerAuth(t, func(w http.ResponseWriter, r *http.Request) {
		switch exchanges.Add(1) {
		case 1:
			close(arrived)
			<-release // hold the first answer while the waiters pile up
			fallthrough
		case 2, 3:
			http.Error(w, "busy", http.StatusServiceUnavailable)
		default:
			secretsWriteAuth(w, secretsToken)
		}
	})
	var entered sync.WaitGroup // attempts of the waiting calls, before the auth layer
	entered.Add(waiters)
	var counting atomic.Bool
	count := facade.Middleware(func(next http.RoundTripper) http.RoundTripper {
		return authRoundTrip(func(r *http.Request) (*http.Response, error) {
			if op, _ := facade.OperationFrom(r.Context()); counting.Load() && op.Attempt == 1 {
				entered.Done()
			}
			return next.RoundTrip(r)
		})
	})
	c := secretsNewClient(t, srv.URL, &testsupport.LogRecorder{}, facade.WithMiddleware(count))

	var wg sync.WaitGroup
	var leaderErr error
	wg.Go(func() { _, leaderErr = c.Contacts.Get(t.Context(), secretsID) })
	<-arrived
	counting.Store(true)
	errs := make([]error, waiters)
	for i := range waiters {
		wg.Go(func() { _, errs[i] = c.Contacts.Get(t.Context(), secretsID) })
	}
	entered.Wait()
	close(release)
	wg.Wait()

	if exErr, ok := errors.AsType[*auth.ExchangeError](leaderErr); !ok || exErr.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("the call that started the exchange: %v, want its 503", leaderErr)
	}
	for i, err := range errs {
		if err != nil {
			t.Errorf("waiting call %d: %v", i, err)
		}
	}
	if got := exchanges.Load(); got != 4 {
		t.Errorf("exchange attempts = %d, want 4: three 503s, then one shared by the waiters", got)
	}
}

// TestSecretsExchangeRetriedOnce has POST /v1/auth drop every connection:
// one call makes the exchange layer's 3 attempts, and the call layer does
// not retry that exchange again (it made 3 x 3).
func TestSecretsExchangeRetriedOnce(t *testing.T) {
	var exchanges atomic.Int32
	srv := secretsServerAuth(t, func(w http.ResponseWriter, r *http.Request) {
		exchanges.Add(1)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	})
	c := secretsNewClient(t, srv.URL, &testsupport.LogRecorder{})
	if _, err := c.Contacts.Get(t.Context(), secretsID); err == nil {
		t.Fatal("Get succeeded though every exchange failed")
	}
	if got := exchanges.Load(); got != facade.DefaultMaxAttempts {
		t.Errorf("exchange attempts = %d, want %d", got, facade.DefaultMaxAttempts)
	}
}

// authRoundTrip is an http.RoundTripper made of a function.
type authRoundTrip func(*http.Request) (*http.Response, error)

func (f authRoundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
