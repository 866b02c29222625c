package fake_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/leadfox-go/leadfox/tests/fake"
)

// endlessJSON is a request body that opens a JSON string and never ends
// it, counting what was read of it.
type endlessJSON struct {
	read *atomic.Int64
}

func (e *endlessJSON) Read(p []byte) (int, error) {
	const head = `{"apikey":"`
	for i := range p {
		p[i] = 'a'
		if at := int(e.read.Load()) + i; at < len(head) {
			p[i] = head[at]
		}
	}
	e.read.Add(int64(len(p)))
	return len(p), nil
}

// TestRequestBodyBoundedWithoutValidation: with validation off, a request
// body is still read no further than the fake's limit, unauthenticated
// POST /v1/auth and authenticated writes alike, and answered 413.
func TestRequestBodyBoundedWithoutValidation(t *testing.T) {
	srv, c := setup(t, fake.WithValidation(false))
	token := c.token
	for _, path := range []string{"/v1/auth", "/v1/contact"} {
		var read atomic.Int64
		req := httptest.NewRequest(http.MethodPost, path, io.LimitReader(&endlessJSON{read: &read}, 64<<20))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "JWT "+token)
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("POST %s with a 64 MiB body: status %d (%s), want 413", path, rec.Code, rec.Body)
		}
		if n := read.Load(); n > fake.MaxRequestBody+64<<10 {
			t.Errorf("POST %s: read %d bytes of the body, want at most %d", path, n, fake.MaxRequestBody)
		}
	}
}

// TestUnauthenticatedRequestLoggedAsSummary: a request that fails the
// token check is logged without its query and with its path cut, so that
// unauthenticated requests cannot fill the fake's memory.
func TestUnauthenticatedRequestLoggedAsSummary(t *testing.T) {
	srv := fake.NewHandler()
	defer srv.Close()
	long := strings.Repeat("x", 256<<10)
	req := httptest.NewRequest(http.MethodGet, "/v1/contact/"+long+"?filters=email+%3D+"+long, nil)
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401", rec.Code)
	}
	logged := srv.Requests()
	if len(logged) != 1 {
		t.Fatalf("%d requests logged, want 1", len(logged))
	}
	r := logged[0]
	if len(r.Query) != 0 || len(r.Path) > fake.MaxLoggedPath || !r.Unauthenticated || r.Status != http.StatusUnauthorized {
		t.Errorf("logged %d query values, a %d-byte path, Unauthenticated %v, status %d; want none, at most %d, true, 401",
			len(r.Query), len(r.Path), r.Unauthenticated, r.Status, fake.MaxLoggedPath)
	}
}

// TestRequestLogBoundedInBytes: authenticated requests with long queries
// drop the oldest entries once the log holds MaxLoggedBytes.
func TestRequestLogBoundedInBytes(t *testing.T) {
	srv, c := setup(t)
	token := c.token
	query := "?filters=email+%3D+" + strings.Repeat("x", 128<<10)
	n := fake.MaxLoggedBytes/(128<<10) + 20
	for range n {
		req := httptest.NewRequest(http.MethodGet, "/v1/contact"+query, nil)
		req.Header.Set("Authorization", "JWT "+token)
		srv.Handler().ServeHTTP(httptest.NewRecorder(), req)
	}
	total := 0
	for _, r := range srv.Requests() {
		for k, vs := range r.Query {
			total += len(k)
			for _, v := range vs {
				total += len(v)
			}
		}
		total += len(r.Path)
	}
	if total > fake.MaxLoggedBytes || srv.DroppedRequests() == 0 {
		t.Errorf("after %d requests of 128 KiB: the log holds %d bytes, dropped %d; want at most %d, some dropped",
			n, total, srv.DroppedRequests(), fake.MaxLoggedBytes)
	}
}
