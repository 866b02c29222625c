package adversarial

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// secretsBurstAPI issues numbered opaque tokens and, once revoked is set,
// rejects token 1: it holds every request sent with it until calls of
// them have arrived, then answers 401 to all, together or (waves) the
// second half only once a request with a newer token has arrived.
type secretsBurstAPI struct {
	calls     int32
	waves     bool
	revoked   atomic.Bool
	exchanges atomic.Int32
	arrived   atomic.Int32
	all       chan struct{} // closed when calls requests with token 1 arrived
	newer     chan struct{} // closed when a request with a newer token arrived
	newerOnce sync.Once
}

func newSecretsBurstAPI(calls int32, waves bool) *secretsBurstAPI {
	return &secretsBurstAPI{calls: calls, waves: waves, all: make(chan struct{}), newer: make(chan struct{})}
}

func (s *secretsBurstAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/v1/auth" {
		secretsWriteAuth(w, fmt.Sprintf("opq-token-%d", s.exchanges.Add(1)))
		return
	}
	var n int
	_, _ = fmt.Sscanf(r.Header.Get("Authorization"), "JWT opq-token-%d", &n)
	if n == 1 && s.revoked.Load() {
		i := s.arrived.Add(1)
		if i == s.calls {
			close(s.all)
		}
		<-s.all
		if s.waves && i > s.calls/2 {
			<-s.newer
		}
		http.Error(w, `{"error":"token revoked"}`, http.StatusUnauthorized)
		return
	}
	if n > 1 {
		s.newerOnce.Do(func() { close(s.newer) })
	}
	_, _ = io.WriteString(w, `{"_id":"`+secretsID+`","email":"ada@example.com"}`)
}

// TestSecretsRevocationWithCallsInFlight revokes the token while 16
// calls are in flight with it: the server holds them until all have
// arrived and answers 401 to each, all at once or in two waves (the
// second after the first has been replayed with the new token). One
// exchange replaces the token for all 16, and every call succeeds.
func TestSecretsRevocationWithCallsInFlight(t *testing.T) {
	const calls = 16
	for _, waves := range []bool{false, true} {
		t.Run(fmt.Sprintf("two waves %v", waves), func(t *testing.T) {
			api := newSecretsBurstAPI(calls, waves)
			srv := secretsHTTPServer(t, api.ServeHTTP)
			c := secretsNewClient(t, srv.URL, &testsupport.LogRecorder{})
			if _, err := c.Contacts.Get(t.Context(), secretsID); err != nil {
				t.Fatal(err)
			}
			api.revoked.Store(true)
			var wg sync.WaitGroup
			errs := make([]error, calls)
			for i := range calls {
				wg.Go(func() { _, errs[i] = c.Contacts.Get(t.Context(), secretsID) })
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("call %d: %v", i, err)
				}
			}
			if got := api.exchanges.Load() - 1; got != 1 {
				t.Errorf("exchanges after the revocation = %d, want 1 for %d rejected calls", got, calls)
			}
		})
	}
}
