package fake

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FaultKind is what a [Fault] does to a request.
type FaultKind int

const (
	// FaultStatus answers Status, with Body and RetryAfter, without
	// handling the request. Status 0 handles the request normally: with
	// Latency, that is a pure delay.
	FaultStatus FaultKind = iota

	// FaultMalformedBody answers Status (200 if 0) with a body that is
	// not JSON (Body, if set), under Content-Type application/json,
	// without handling the request.
	FaultMalformedBody

	// FaultTruncatedBody handles the request and sends its real status
	// and headers with the first half of its body, and a Content-Length
	// that matches the half: the client reads a complete response whose
	// body is cut short. A response without a body is sent as it is.
	FaultTruncatedBody

	// FaultDropConnection handles the request, sends its real status and
	// headers, Content-Length included, and the first half of its body,
	// then closes the connection: the client sees an unexpected EOF. A
	// response without a body is cut inside its status line. The request
	// takes effect; only its answer is lost.
	FaultDropConnection

	// FaultHang never answers: the request is held until its context
	// ends (the client gives up) or the Server is closed, and then its
	// connection is closed. It is not handled.
	FaultHang
)

var faultKindNames = []string{"FaultStatus", "FaultMalformedBody", "FaultTruncatedBody", "FaultDropConnection", "FaultHang"}

// String returns the name of the constant, such as "FaultHang".
func (k FaultKind) String() string {
	if k < 0 || int(k) >= len(faultKindNames) {
		return "FaultKind(" + strconv.Itoa(int(k)) + ")"
	}
	return faultKindNames[k]
}

// defaultMalformedBody is what FaultMalformedBody sends without a Body.
const defaultMalformedBody = `{"_id": "5f0c8a3b`

// Fault makes requests misbehave; see [Server.Inject]. The zero Fault, once
// injected, matches the next request of any kind and handles it normally.
type Fault struct {
	// Method is the HTTP method to match; "" matches any.
	Method string

	// Path is the URL path to match: exact, or a prefix when it ends in
	// "*" ("/v1/contact*" matches /v1/contact and /v1/contact/upsert).
	// "" matches any.
	Path string

	// Times is how many matching requests the fault applies to; 0 means 1.
	Times int

	// Status is the HTTP status of [FaultStatus] and [FaultMalformedBody].
	Status int

	// RetryAfter, if not empty, is sent as the Retry-After header by
	// [FaultStatus] and [FaultMalformedBody], verbatim.
	RetryAfter string

	// Latency delays the request before the fault acts. The delay ends
	// early if the request's context ends or the Server is closed, and
	// then the connection is closed unanswered.
	Latency time.Duration

	// Body is the raw body of [FaultStatus] and [FaultMalformedBody]. If
	// empty, FaultStatus sends {"error": "<status text>"}, and
	// FaultMalformedBody a fixed piece of invalid JSON.
	Body string

	// Kind is what the fault does; the zero value is [FaultStatus].
	Kind FaultKind
}

// matches reports whether the fault applies to a request.
func (f Fault) matches(method, path string) bool {
	if f.Method != "" && f.Method != method {
		return false
	}
	if prefix, ok := strings.CutSuffix(f.Path, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return f.Path == "" || f.Path == path
}

// faultList holds the injected faults still to apply. It is safe for
// concurrent use.
type faultList struct {
	mu      sync.Mutex
	pending []*pendingFault
}

type pendingFault struct {
	Fault
	left int
}

// take returns the first pending fault that matches, and uses it up once.
func (l *faultList) take(method, path string) (Fault, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, p := range l.pending {
		if !p.matches(method, path) {
			continue
		}
		p.left--
		if p.left == 0 {
			l.pending = slices.Delete(l.pending, i, i+1)
		}
		return p.Fault, true
	}
	return Fault{}, false
}

// Inject adds a fault. Each request takes the first pending fault, in
// order of injection, whose Method and Path match, and uses it up once;
// after Times requests it is gone. Faults apply before authentication,
// to every path including /v1/auth, and requests they hit are recorded
// like any other.
//
// Inject panics if Kind is unknown, Times is negative, or Status is
// neither 0 nor a three-digit code.
func (s *Server) Inject(f Fault) {
	if f.Kind < FaultStatus || f.Kind > FaultHang {
		panic(fmt.Sprintf("fake: Inject: unknown %v", f.Kind))
	}
	if f.Times < 0 {
		panic(fmt.Sprintf("fake: Inject: negative Times %d", f.Times))
	}
	if f.Status != 0 && (f.Status < 100 || f.Status > 999) {
		panic(fmt.Sprintf("fake: Inject: invalid Status %d", f.Status))
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.pending = append(s.faults.pending, &pendingFault{Fault: f, left: max(f.Times, 1)})
}

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.pending = nil
}

// injectFaults applies the first pending fault that matches the request.
func (s *Server) injectFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := s.faults.take(r.Method, r.URL.Path)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if !s.wait(r.Context(), f.Latency) {
			panic(http.ErrAbortHandler) // close the connection unanswered
		}
		switch f.Kind {
		case FaultStatus:
			if f.Status == 0 {
				next.ServeHTTP(w, r)
				return
			}
			writeStatusFault(w, f)
		case FaultMalformedBody:
			f.Status = cmp.Or(f.Status, http.StatusOK)
			f.Body = cmp.Or(f.Body, defaultMalformedBody)
			writeStatusFault(w, f)
		case FaultTruncatedBody:
			serveTruncated(w, r, next)
		case FaultDropConnection:
			serveDropped(w, r, next)
		case FaultHang:
			s.wait(r.Context(), -1)
			panic(http.ErrAbortHandler)
		}
	})
}

// wait sleeps for d (forever if d < 0) and reports whether it slept the
// whole time: it returns false early when ctx ends or the Server closes.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	if d == 0 {
		return true
	}
	var elapsed <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		elapsed = t.C
	}
	select {
	case <-elapsed:
		return true
	case <-ctx.Done():
	case <-s.done:
	}
	return false
}

// writeStatusFault answers f.Status with f.Body (a JSON error if empty)
// and f.RetryAfter.
func writeStatusFault(w http.ResponseWriter, f Fault) {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Body == "" {
		writeError(w, f.Status, http.StatusText(f.Status))
		return
	}
	contentType := "text/plain; charset=utf-8"
	if json.Valid([]byte(f.Body)) || f.Kind == FaultMalformedBody {
		contentType = "application/json"
	}
	writeBody(w, f.Status, contentType, []byte(f.Body))
}

// serveTruncated handles r and sends the first half of its body.
func serveTruncated(w http.ResponseWriter, r *http.Request, next http.Handler) {
	res := &bufferedResponse{header: make(http.Header)}
	next.ServeHTTP(res, r)
	body := res.body.Bytes()
	maps.Copy(w.Header(), res.header)
	half := body[:len(body)/2]
	w.Header().Set("Content-Length", strconv.Itoa(len(half)))
	w.WriteHeader(res.statusCode())
	_, _ = w.Write(half)
}

// serveDropped handles r, sends its head and the first half of its body,
// and closes the connection.
func serveDropped(w http.ResponseWriter, r *http.Request, next http.Handler) {
	res := &bufferedResponse{header: make(http.Header)}
	next.ServeHTTP(res, r)
	body := res.body.Bytes()
	rc := http.NewResponseController(w)
	if len(body) == 0 {
		if conn, _, err := rc.Hijack(); err == nil {
			_, _ = conn.Write([]byte("HTTP/1.1 2"))
			_ = conn.Close()
			return
		}
		panic(http.ErrAbortHandler)
	}
	maps.Copy(w.Header(), res.header)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(res.statusCode())
	conn, _, err := rc.Hijack() // sends the head first
	if err != nil {
		// Not HTTP/1 (or a writer that cannot hijack): abort the stream.
		_, _ = w.Write(body[:len(body)/2])
		_ = rc.Flush()
		panic(http.ErrAbortHandler)
	}
	_, _ = conn.Write(body[:len(body)/2])
	_ = conn.Close()
}
