package adversarial

import (
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// TestPagingPrefetchBreakKeepsConnection breaks out of 30 prefetching
// walks after their first item, while the next page is being fetched
// ahead and held by the server: each break returns with that page still
// in flight (the server answers it only then), and the connections opened
// stay a handful, not one per walk, because the page in flight is let
// finish in the background instead of being canceled with its connection.
func TestPagingPrefetchBreakKeepsConnection(t *testing.T) {
	const walks = 30
	f := fake.NewHandler()
	var opened atomic.Int64
	// A page after the first says it has arrived, and is answered once
	// the loop has returned: the loop breaks once it has arrived, so the
	// page fetched ahead is in flight when the loop breaks.
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if q := r.URL.RawQuery; strings.Contains(q, "filters=") || strings.Contains(q, "skip=") { // not the first page
			arrived <- struct{}{}
			<-release
		}
		f.Handler().ServeHTTP(w, r)
	})
	srv := httptest.NewUnstartedServer(slow)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	logs := &testsupport.LogRecorder{}
	// The facade's own pool, which keeps more than two idle connections
	// per host, so that the count shows reuse rather than a small pool.
	tr := facade.NewTransport()
	t.Cleanup(tr.CloseIdleConnections)
	client, err := facade.New(f.APIKey(), f.Secret(), facade.WithBaseURL(srv.URL),
		facade.WithTransport(tr), facade.WithLogger(slog.New(logs)))
	if err != nil {
		t.Fatal(err)
	}
	e := &pagingEnv{fake: f}
	e.seed(500)
	for i := range walks {
		p, err := client.Contacts.List(&facade.ListOptions{PageSize: 100, Prefetch: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, err := range p.All(t.Context()) {
			if err != nil {
				t.Fatalf("walk %d: %v", i, err)
			}
			select {
			case <-arrived:
			case <-time.After(pagingLiveness):
				t.Fatalf("walk %d: the next page was not fetched ahead", i)
			}
			break
		}
		release <- struct{}{} // the loop has returned: answer the page in flight
	}
	// The auth exchange and the walks share connections; the next walk's
	// first page may open one while the page before is still arriving.
	t.Logf("connections opened for %d walks with a break: %d", walks, opened.Load())
	if got := opened.Load(); got > walks/5 {
		t.Errorf("connections opened for %d walks with a break = %d, want at most %d", walks, got, walks/5)
	}
}
