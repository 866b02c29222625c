package bench

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/tests/bench/benchkit"
)

// pageSize is the size of the page the page case reads.
const pageSize = 100

// contactID is the contact the get case reads.
var contactID = string(benchkit.AppendObjectID(nil, benchkit.ContactPrefix, 7))

// site is the Leadfox API of the benchmarks, its answers made once: a
// contact with 4 unknown members for GET /v1/contact/{id} and for the
// upsert, a page of 100 contacts with 20 unknown members each for GET
// /v1/contact, and benchkit.JWT for POST /v1/auth.
type site struct {
	auth, contact, page []byte
}

func newSite() *site {
	return &site{
		auth:    []byte(`{"jwt":"` + benchkit.JWT + `","clientid":"bench"}`),
		contact: benchkit.AppendContact(nil, 7, 4),
		page:    benchkit.AppendPage(nil, 0, pageSize, 20),
	}
}

// body returns the answer to a request for path.
func (s *site) body(path string) []byte {
	switch {
	case strings.HasSuffix(path, "/v1/auth"):
		return s.auth
	case strings.HasSuffix(path, "/v1/contact"):
		return s.page
	}
	return s.contact
}

// memTransport answers every request in memory, as the loopback server
// would: the clients' cost alone, without a server or a socket.
type memTransport struct{ s *site }

func (t memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	body := t.s.body(req.URL.Path)
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}, "Content-Length": {strconv.Itoa(len(body))}},
		ContentLength: int64(len(body)), Body: io.NopCloser(bytes.NewReader(body)), Request: req,
	}, nil
}

// serve starts the site on loopback until tb ends, and returns its URL.
func (s *site) serve(tb testing.TB) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		body := s.body(r.URL.Path)
		w.Header()["Content-Type"] = []string{"application/json"}
		w.Header()["Content-Length"] = []string{strconv.Itoa(len(body))}
		_, _ = w.Write(body)
	}))
	tb.Cleanup(srv.Close)
	return srv.URL
}

// loopbackTransport is the clients' transport over loopback: enough idle
// connections for 64 goroutines.
func loopbackTransport(tb testing.TB) http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 128
	t.MaxIdleConns = 128
	tb.Cleanup(t.CloseIdleConnections)
	return t
}
