package auth_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/auth"
)

// transportPanic is the value a transport panics with in these tests.
type transportPanic struct{ path string }

// TestExchangePanicReachesCaller: a transport that panics during the
// token exchange, which runs in a goroutine of the Source, does not crash
// the process: the caller waiting for the exchange panics with the
// original value, where its recover reaches it, and the next call makes a
// new exchange.
func TestExchangePanicReachesCaller(t *testing.T) {
	var panics atomic.Bool
	panics.Store(true)
	f := &fake{issue: issue(jwtAt(t, 1, t0.Add(time.Hour)))}
	hc := &http.Client{Transport: roundTripFunc(func(req *http.Request) (*http.Response, error) {
		if panics.Load() {
			panic(transportPanic{req.URL.Path})
		}
		return serve(f).RoundTrip(req)
	})}
	src, err := auth.NewSource(testKey, testSecret, auth.WithBaseURL("http://leadfox.test"), auth.WithHTTPClient(hc), auth.WithClock(newClock()))
	if err != nil {
		t.Fatalf("NewSource: %v", err)
	}
	got := recoverToken(src)
	if p, ok := got.(transportPanic); !ok || p.path != "/v1/auth" {
		t.Fatalf("Token panicked with %#v, want the transport's transportPanic", got)
	}
	panics.Store(false)
	if p := recoverToken(src); p != nil {
		t.Fatalf("Token after the panic: panicked with %#v", p)
	}
	if n := f.exchanges.Load(); n != 1 {
		t.Errorf("%d exchanges after the panic, want 1", n)
	}
}

// recoverToken asks src for a token and returns what it panicked with, or
// nil.
func recoverToken(src *auth.Source) (p any) {
	defer func() { p = recover() }()
	_, _ = src.Token(context.Background())
	return nil
}
