package bench

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/tests/bench/benchkit"
)

// testJWT is the token the server issues (see benchkit.JWT).
var testJWT = benchkit.JWT

// server is the in-process Leadfox API of the benchmarks. POST /v1/auth
// issues testJWT to anyone; every other request needs a JWT
// Authorization header. GET /v1/contact/{id} serves one fixed contact
// whatever the id; GET /v1/contact serves the contacts from skip to
// skip+limit of a collection of total, or the limit contacts after the
// one of filters=_id > <id> (a keyset page, sorted by _id as always): the first page of 100 is made
// once, any other on the fly from the index into a reused buffer, so
// that the server holds no more than a page whatever total is.
type server struct {
	*httptest.Server
	total int
	delay time.Duration // to serve an exchange or a page

	contact   []byte // body of GET /v1/contact/{id}
	firstPage []byte // body of the page skip=0, limit=100
	exchanges atomic.Int64
	buf       sync.Pool // of *[]byte
}

// newServer starts a server with a collection of total contacts, where
// each exchange and each page takes delay to serve, and closes it when tb
// ends.
func newServer(tb testing.TB, total int, delay time.Duration) *server {
	tb.Helper()
	s := &server{
		total:     total,
		delay:     delay,
		contact:   appendContact(nil, 7),
		firstPage: appendPage(nil, 0, min(pageSize, total)),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/auth", s.auth)
	mux.HandleFunc("GET /v1/contact/{id}", s.authed(s.getContact))
	mux.HandleFunc("GET /v1/contact", s.authed(s.listContacts))
	s.Server = httptest.NewServer(mux)
	tb.Cleanup(s.Close)
	return s
}

func (s *server) auth(w http.ResponseWriter, _ *http.Request) {
	s.exchanges.Add(1)
	time.Sleep(s.delay)
	writeJSON(w, []byte(`{"jwt":"`+testJWT+`","mode":"apikey","client":"Bench","clientid":"bench-1"}`))
}

// authed answers 401 to a request without a JWT, and passes the others
// to h.
func (s *server) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "JWT ") {
			http.Error(w, `{"error":"unauthorized"}`, http.StatusUnauthorized)
			return
		}
		h(w, r)
	}
}

func (s *server) getContact(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, s.contact)
}

func (s *server) listContacts(w http.ResponseWriter, r *http.Request) {
	skip, limit := intParam(r, "skip", 0), intParam(r, "limit", pageSize)
	if after, ok := afterParam(r); ok {
		skip = after + 1 // a keyset page: the ids increase with the index
	}
	time.Sleep(s.delay)
	if skip == 0 && limit == pageSize {
		writeJSON(w, s.firstPage)
		return
	}
	bp, _ := s.buf.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	*bp = appendPage((*bp)[:0], min(skip, s.total), min(skip+limit, s.total))
	writeJSON(w, *bp)
	s.buf.Put(bp)
}

func writeJSON(w http.ResponseWriter, body []byte) {
	h := w.Header()
	h["Content-Type"] = []string{"application/json"}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	_, _ = w.Write(body)
}

// intParam returns the query parameter name of r as a non-negative int,
// or def if it is absent or not one.
func intParam(r *http.Request, name string, def int) int {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil || n < 0 {
		return def
	}
	return n
}

// transport returns a new base transport for one client, so that no two
// clients share connections.
func transport(tb testing.TB) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 8
	tb.Cleanup(t.CloseIdleConnections)
	return t
}

// afterParam returns the index of the contact whose id is in the keyset
// condition "_id > <id>" of r's filters, if there is one.
func afterParam(r *http.Request) (int, bool) {
	_, id, ok := strings.Cut(r.URL.Query().Get("filters"), "_id > "+contactPrefix)
	if !ok {
		return 0, false
	}
	i, err := strconv.ParseInt(id, 16, 64)
	return int(i), err == nil
}
