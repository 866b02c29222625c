package facade

import (
	"context"
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// A server whose certificate the client does not trust fails a call at
// the first handshake: no layer retries an error another attempt would
// meet again.
func TestUntrustedCertificateMakesOneHandshake(t *testing.T) {
	var handshakes atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request %s %s reached a server the client must not trust", r.Method, r.URL.Path)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			handshakes.Add(1)
		}
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	srv.TLS = &tls.Config{}
	srv.StartTLS()
	defer srv.Close()

	c, err := New(testAPIKey, testSecret, WithBaseURL(srv.URL), WithClock(newFakeClock()))
	noErr(t, err, "New")
	_, err = c.Contacts.Get(context.Background(), "5f0000000000000000000001")
	if err == nil {
		t.Fatal("Get against an untrusted certificate succeeded")
	}
	if got := handshakes.Load(); got != 1 {
		t.Errorf("%d handshakes, want 1 (error: %v)", got, err)
	}
}
