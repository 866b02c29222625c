package fake

import (
	"context"
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

	// Invalid, if not nil, is why the effective spec refused the request
	// (see [WithValidation]); the Server answered it 400.
	Invalid *ValidationError

	// Unauthenticated reports whether the request failed the token check
	// (the Server answered it 401). Such a request is logged as a summary
	// only: its Path cut to [MaxLoggedPath] bytes, and no Query.
	Unauthenticated bool
}

// size is what r counts towards MaxLoggedBytes: its path and query, and
// an overhead for the rest of the entry.
func (r *Request) size() int {
	n := 128 + len(r.Method) + len(r.Path)
	for k, vs := range r.Query {
		n += len(k)
		for _, v := range vs {
			n += len(v) + 16
		}
	}
	return n
}

// MaxLoggedRequests is how many requests a Server's log keeps: past it,
// or past [MaxLoggedBytes], the oldest are dropped (see
// [Server.DroppedRequests]), so that a long-running Server's log does not
// grow without bound.
const MaxLoggedRequests = 100_000

// requestLog records requests in arrival order, at most
// MaxLoggedRequests of them and MaxLoggedBytes in all. It is safe for
// concurrent use.
type requestLog struct {
	mu      sync.Mutex
	entries []Request
	bytes   int // the sizes of entries
	base    int // sequence number of entries[0]: requests dropped or reset
	dropped int // requests dropped because the log was full
}

// start records a request and returns its sequence number.
func (l *requestLog) start(r Request) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	size := r.size()
	if len(l.entries) >= MaxLoggedRequests || l.bytes+size > MaxLoggedBytes {
		l.drop(max(MaxLoggedRequests/4, l.bytes+size-MaxLoggedBytes*3/4))
	}
	l.entries = append(l.entries, r)
	l.bytes += size
	return l.base + len(l.entries) - 1
}

// drop drops the oldest entries: MaxLoggedRequests/4 of them, or as many
// as it takes to free want bytes, whichever is more. l.mu must be held.
func (l *requestLog) drop(want int) {
	n, freed := 0, 0
	for n < len(l.entries) && (n < MaxLoggedRequests/4 || freed < want) {
		freed += l.entries[n].size()
		n++
	}
	clear(l.entries[:n]) // let the dropped queries go
	l.entries = slices.Delete(l.entries, 0, n)
	l.bytes -= freed
	l.base += n
	l.dropped += n
}

// at returns the entry of sequence number seq, nil if it was dropped or
// reset. l.mu must be held.
func (l *requestLog) at(seq int) *Request {
	if i := seq - l.base; i >= 0 && i < len(l.entries) {
		return &l.entries[i]
	}
	return nil
}

func (l *requestLog) setStatus(seq, status int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e := l.at(seq); e != nil {
		e.Status = status
	}
}

// logSeqKey is the context key of a request's sequence number in the log.
type logSeqKey struct{}

// markInvalid notes in the log entry of r why the spec refused it.
func (l *requestLog) markInvalid(r *http.Request, v *ValidationError) {
	seq, ok := r.Context().Value(logSeqKey{}).(int)
	if !ok {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if e := l.at(seq); e != nil {
		e.Invalid = v
	}
}

// ResetRequests empties the request log, so that [Server.Requests],
// [Server.CountRequests] and [Server.CheckValid] see only what comes
// after. Requests being handled are still answered; their status is no
// longer logged.
func (s *Server) ResetRequests() {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	s.log.base += len(s.log.entries)
	s.log.entries, s.log.bytes = nil, 0
}

// DroppedRequests returns how many requests the log dropped, oldest
// first, because it held [MaxLoggedRequests]; requests removed by
// [Server.ResetRequests] are not counted.
func (s *Server) DroppedRequests() int {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return s.log.dropped
}

// Requests returns the requests the log holds, in arrival order: every
// request received so far, unless the log was reset or full. The slice
// is the caller's.
func (s *Server) Requests() []Request {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return slices.Clone(s.log.entries)
}

// CountRequests returns the number of logged requests whose method is
// method ("" for any) and whose path starts with pathPrefix.
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

// record logs every request and its status: in full if it passes the
// token check (or needs none), as a bounded summary if it fails it. The
// outcome of the check goes in the context, for requireJWT.
func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		authErr := s.authError(r)
		path := r.URL.Path
		if authErr != nil && len(path) > MaxLoggedPath {
			path = strings.ToValidUTF8(path[:MaxLoggedPath], "")
		}
		// Copies: the request's strings may share the memory of its
		// whole request line, query included.
		entry := Request{Method: strings.Clone(r.Method), Path: strings.Clone(path), Time: s.cfg.now(), Unauthenticated: authErr != nil}
		if authErr == nil {
			entry.Query = r.URL.Query()
		}
		i := s.log.start(entry)
		ctx := context.WithValue(r.Context(), logSeqKey{}, i)
		r = r.WithContext(context.WithValue(ctx, authCheckKey{}, &authErr))
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
