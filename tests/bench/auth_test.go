package bench

import (
	"sync"
	"testing"
	"time"
)

// TestConcurrentFirstCallsExchangeOnce starts 256 calls together on a new
// client, while the exchange of the key for a token takes 50 ms: they
// share one exchange, and the calls after them reuse its token.
func TestConcurrentFirstCallsExchangeOnce(t *testing.T) {
	s := newServer(t, pageSize, 50*time.Millisecond)
	c := newFacade(t, s)
	const callers = 256
	start := make(chan struct{})
	errs := make(chan error, callers)
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			<-start
			_, err := c.Contacts.Get(t.Context(), contactID)
			errs <- err
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
	}
	for range 10 {
		if _, err := c.Contacts.Get(t.Context(), contactID); err != nil {
			t.Fatalf("Get: %v", err)
		}
	}
	if got := s.exchanges.Load(); got != 1 {
		t.Errorf("exchanges = %d, want 1", got)
	}
}
