package fake

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Request is a request as the Server saw it.
type Request struct {
	Method string
	Path   string     // URL path, such as /v1/contact
	Query  url.Values // parsed query parameters
	Time   time.Time  // arrival, by the Server's clock

	// Status is the status the Server answered. It is set before the
	// response leaves, so a client that has read a response finds it
	// here. It is 0 while the request is being handled, and for a
	// request that got no status: one that a [FaultHang] held, whose
	// client went away during [Fault.Latency], or whose connection a
	// [FaultDropConnection] cut inside the status line.
	Status int
}

// requestLog records requests in arrival order. It is safe for
// concurrent use.
type requestLog struct {
	mu      sync.Mutex
	entries []Request
}

// start records a request and returns its index.
func (l *requestLog) start(r Request) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, r)
	return len(l.entries) - 1
}

func (l *requestLog) setStatus(i, status int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries[i].Status = status
}

// Requests returns every request received so far, in arrival order. The
// slice is the caller's.
func (s *Server) Requests() []Request {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return slices.Clone(s.log.entries)
}

// CountRequests returns the number of requests received so far whose
// method is method ("" for any) and whose path starts with pathPrefix.
func (s *Server) CountRequests(method, pathPrefix string) int {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	n := 0
	for _, r := range s.log.entries {
		if (method == "" || r.Method == method) && strings.HasPrefix(r.Path, pathPrefix) {
			n++
		}
	}
	return n
}

// record logs every request and its status.
func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := s.log.start(Request{
			Method: r.Method,
			Path:   r.URL.Path,
			Query:  r.URL.Query(),
			Time:   s.cfg.now(),
		})
		next.ServeHTTP(&statusRecorder{ResponseWriter: w, log: &s.log, i: i}, r)
	})
}

// statusRecorder notes the status of a response in the request log as
// the status is written.
type statusRecorder struct {
	http.ResponseWriter
	log   *requestLog
	i     int
	wrote bool
}

func (rec *statusRecorder) WriteHeader(status int) {
	if !rec.wrote && status >= 200 {
		rec.wrote = true
		rec.log.setStatus(rec.i, status)
	}
	rec.ResponseWriter.WriteHeader(status)
}

func (rec *statusRecorder) Write(p []byte) (int, error) {
	if !rec.wrote {
		rec.WriteHeader(http.StatusOK)
	}
	return rec.ResponseWriter.Write(p)
}

// Unwrap gives http.ResponseController the underlying writer, for Flush
// and Hijack.
func (rec *statusRecorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }
