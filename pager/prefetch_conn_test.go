package pager_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/leadfox-go/leadfox/pager"
)

// TestPrefetchBreakReusesConnections breaks out of prefetching walks over
// HTTP while the page fetched ahead is held by the server: each break
// returns with that page still in flight, the page then arrives within
// the grace, and its connection goes back to the pool instead of being
// closed by a cancel. The walks open a couple of connections, not one
// each. The client keeps idle connections as the facade's transport does
// (more than two per host), so that the count shows reuse rather than
// the pool's own limit.
func TestPrefetchBreakReusesConnections(t *testing.T) {
	defer goleak.VerifyNone(t)
	const walks = 50
	arrived, release := make(chan struct{}), make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		skip, _ := strconv.Atoi(r.URL.Query().Get("skip"))
		if skip > 0 {
			arrived <- struct{}{}
			<-release // until the loop has returned
		}
		_ = json.NewEncoder(w).Encode(ints(skip, skip+10))
	}))
	var opened atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	defer tr.CloseIdleConnections()
	fetched := make(chan error, walks)
	p := mustNew(t, httpFetch(&http.Client{Transport: tr}, srv.URL, fetched), pager.Options{PageSize: 10, Prefetch: true, PrefetchGrace: time.Hour})
	for i := range walks {
		returned := make(chan struct{})
		go func() {
			defer close(returned)
			for _, err := range p.All(context.Background()) {
				if err != nil {
					t.Errorf("walk %d: %v", i, err)
				}
				<-arrived // the second page is at the server
				break
			}
		}()
		select {
		case <-returned:
		case <-time.After(liveness):
			release <- struct{}{}
			<-returned
			if err := <-fetched; err != nil {
				t.Logf("walk %d: the page fetched ahead ended with %v", i, err)
			}
			t.Fatalf("walk %d: the loop did not return at the break while the page fetched ahead was in flight", i)
		}
		release <- struct{}{}
	}
	for range walks {
		if err := <-fetched; err != nil {
			t.Errorf("page fetched ahead: %v", err)
		}
	}
	t.Logf("connections opened for %d walks with a break: %d", walks, opened.Load())
	if got := opened.Load(); got > walks/10 {
		t.Errorf("connections opened for %d walks with a break = %d, want at most %d", walks, got, walks/10)
	}
}

// httpFetch returns a FetchFunc that gets a page of ints from base with c, reading
// the answer to its end so that the connection can be reused, and reports
// the outcome of every fetch past the first page on fetched.
func httpFetch(c *http.Client, base string, fetched chan<- error) pager.FetchFunc[int] {
	return skipLimit(func(ctx context.Context, skip, limit int) (items []int, err error) {
		if skip > 0 {
			defer func() { fetched <- err }()
		}
		url := fmt.Sprintf("%s/?skip=%d&limit=%d", base, skip, limit)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		defer func() { _ = resp.Body.Close() }()
		err = json.NewDecoder(resp.Body).Decode(&items)
		_, _ = io.Copy(io.Discard, resp.Body)
		return items, err
	})
}
