package fake

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// heldHandler is a handler whose requests the test holds inside it: a
// GET hands the test a channel on entered and waits for it to be
// closed, a request with the header X-Panic panics, and anything else is
// answered 200 at once.
type heldHandler struct {
	entered chan chan struct{}
}

func newHeldHandler() *heldHandler {
	return &heldHandler{entered: make(chan chan struct{})}
}

func (h *heldHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-Panic") != "" {
		panic("handler panics")
	}
	if r.Method == http.MethodGet {
		release := make(chan struct{})
		h.entered <- release
		<-release
	}
	w.WriteHeader(http.StatusOK)
}

// serve serves one request of method to h and returns the recorded
// answer.
func serve(h http.Handler, method, path string, header http.Header) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(method, path, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	h.ServeHTTP(rec, req)
	return rec
}

// hold starts a GET that the held handler keeps in flight, and returns
// a func that lets it end and waits until it is answered. It fails the
// test if the GET is answered without reaching the handler.
func hold(t *testing.T, h http.Handler, held *heldHandler) (release func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		serve(h, http.MethodGet, "/v1/contact", nil)
	}()
	var handled chan struct{}
	select {
	case handled = <-held.entered:
	case <-done:
		t.Fatal("GET under the limit was answered without being handled")
	}
	return func() {
		close(handled)
		<-done
	}
}

// wantRefused checks that a GET is refused with 429 and Retry-After: 1.
func wantRefused(t *testing.T, h http.Handler) {
	t.Helper()
	rec := serve(h, http.MethodGet, "/v1/contact", nil)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" {
		t.Fatalf("GET with the limit reached: status %d, Retry-After %q, want 429 and 1", rec.Code, rec.Header().Get("Retry-After"))
	}
}

func TestConcurrencyLimitRefusesWhileNInFlight(t *testing.T) {
	s := NewHandler(WithConcurrencyLimit(2))
	held := newHeldHandler()
	h := s.limitRate(held)
	first, second := hold(t, h, held), hold(t, h, held)
	wantRefused(t, h)
	if rec := serve(h, http.MethodPost, "/v1/auth", nil); rec.Code != http.StatusOK {
		t.Errorf("POST /v1/auth with the limit reached: status %d, want 200: the exchange is never limited", rec.Code)
	}
	first()
	third := hold(t, h, held)
	wantRefused(t, h)
	second()
	third()
	if got := s.RateLimited(); got != 2 {
		t.Errorf("RateLimited() = %d, want 2", got)
	}
}

// A handler that panics still leaves the limit: net/http recovers the
// panic, and the slot must not leak.
func TestConcurrencyLimitReleasesAPanickingRequest(t *testing.T) {
	s := NewHandler(WithConcurrencyLimit(1))
	held := newHeldHandler()
	h := s.limitRate(held)
	func() {
		defer func() { _ = recover() }()
		serve(h, http.MethodPost, "/v1/contact", http.Header{"X-Panic": {"1"}})
	}()
	if rec := serve(h, http.MethodPost, "/v1/contact", nil); rec.Code != http.StatusOK {
		t.Errorf("POST after a handler panicked: status %d, want 200: the panicking request still holds the limit", rec.Code)
	}
}

// SetConcurrencyLimit below the requests in flight refuses new ones
// until enough have ended.
func TestSetConcurrencyLimitBelowInFlight(t *testing.T) {
	s := NewHandler(WithConcurrencyLimit(2))
	held := newHeldHandler()
	h := s.limitRate(held)
	first, second := hold(t, h, held), hold(t, h, held)
	s.SetConcurrencyLimit(1)
	first()
	wantRefused(t, h)
	second()
	hold(t, h, held)()
}

// The sliding window keeps the times of at most limit admitted
// requests, however many it sees.
func TestSlidingWindowMemoryIsBoundedByLimit(t *testing.T) {
	w := newSlidingWindow(3, time.Second)
	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	admitted := 0
	for range 10_000 {
		now = now.Add(100 * time.Millisecond)
		if ok, _ := w.admit(now); ok {
			admitted++
		}
	}
	if len(w.times) > 3 || cap(w.times) > 3 {
		t.Errorf("after %d admissions the window holds len %d, cap %d times, want at most 3", admitted, len(w.times), cap(w.times))
	}
	if admitted != 3000 {
		t.Errorf("admitted %d of 10,000 requests 100 ms apart, want 3 a second: 3,000", admitted)
	}
	w.set(5, time.Second)
	if cap(w.times) > 5 {
		t.Errorf("after set(5) cap %d, want at most 5", cap(w.times))
	}
	w.set(2, time.Second)
	if len(w.times) > 2 || cap(w.times) > 2 {
		t.Errorf("after set(2) len %d, cap %d, want at most 2", len(w.times), cap(w.times))
	}
}
