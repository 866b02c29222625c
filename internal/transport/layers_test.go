package transport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/clock/clocktest"
)

// The settings of the unit tests of the chain's layers.
var (
	testNow    = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	testURL    = "https://api.leadfox.test/v1/contact/5f0c8a3b9d1e2a0012345678"
	testPolicy = Policy{MaxAttempts: 3, Backoff: func(int) time.Duration { return time.Second }, MaxRetryAfter: 30 * time.Second}
)

const defaultMaxBytes = 32 << 20

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{" 3 ", 3 * time.Second, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"tomorrow", 0, false},
		{"99999999999999", RetryAfterLimit, true},
		{"99999999999999999999", RetryAfterLimit, true},
		{"1e30", RetryAfterLimit, true},
		{"+Inf", RetryAfterLimit, true},
		{"-99999999999999999999", 0, false},
		{"NaN", 0, false},
		{"4294967296", RetryAfterLimit, true},
		{"4294967295", 4294967295 * time.Second, true},
		{"Fri, 31 Dec 9999 23:59:59 GMT", RetryAfterLimit, true},
	}
	for _, tt := range tests {
		got, ok := ParseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

// FuzzParseRetryAfter checks that no header value gives a negative wait.
func FuzzParseRetryAfter(f *testing.F) {
	for _, seed := range []string{"0", "120", "-1", "Wed, 21 Oct 2015 07:28:00 GMT", "99999999999999999999", ""} {
		f.Add(seed)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d, ok := ParseRetryAfter(v, now); d < 0 || (!ok && d != 0) {
			t.Errorf("ParseRetryAfter(%q) = %v, %v", v, d, ok)
		}
	})
}

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRetryNeedsReplayableBody(t *testing.T) {
	var attempts int
	rt := &retryTransport{
		next: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			attempts++
			_, _ = io.Copy(io.Discard, r.Body)
			return &http.Response{StatusCode: 503, Body: http.NoBody, Request: r}, nil
		}),
		policy: testPolicy,
		clock:  clocktest.NewAuto(testNow),
	}
	req, _ := http.NewRequest(http.MethodPut, testURL, io.NopCloser(strings.NewReader(`{}`)))
	if req.GetBody != nil {
		t.Fatal("test request has GetBody; it must not")
	}
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatalf("RoundTrip: %v", err)
	}
	_ = resp.Body.Close()
	if attempts != 1 {
		t.Errorf("attempts = %d, want 1: a body without GetBody cannot be replayed", attempts)
	}
}

// TestCancelOnCloseEndsAttemptContext checks that the attempt timeout of
// an error response lasts until its body, read later and boundedly by the
// APIError, is closed; a 2xx body is read within the attempt instead.
func TestCancelOnCloseEndsAttemptContext(t *testing.T) {
	tests := []struct {
		status          int
		liveAfterReturn bool
	}{
		{http.StatusNotFound, true},
		{http.StatusOK, false},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			var attemptCtx context.Context
			rt := &retryTransport{
				next: &attemptTransport{
					next: roundTripFunc(func(r *http.Request) (*http.Response, error) {
						attemptCtx = r.Context()
						return &http.Response{StatusCode: tt.status, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
					}),
					maxBytes: defaultMaxBytes,
				},
				policy:  Policy{MaxAttempts: 1},
				clock:   clocktest.NewAuto(testNow),
				timeout: time.Hour,
			}
			req, _ := http.NewRequest(http.MethodGet, testURL, nil)
			resp, err := rt.RoundTrip(req)
			if err != nil {
				t.Fatalf("RoundTrip: %v", err)
			}
			if live := attemptCtx.Err() == nil; live != tt.liveAfterReturn {
				t.Fatalf("attempt context live after RoundTrip = %v, want %v", live, tt.liveAfterReturn)
			}
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatalf("read body: %v", err)
			}
			if string(body) != "{}" {
				t.Errorf("body = %q, want {}", body)
			}
			_ = resp.Body.Close()
			if err := attemptCtx.Err(); !errors.Is(err, context.Canceled) {
				t.Errorf("attempt context after Close: %v, want context.Canceled", err)
			}
		})
	}
}

func TestReadBody(t *testing.T) {
	const body = `{"_id":"5f0c8a3b9d1e2a0012345678"}`
	tests := []struct {
		name    string
		in      string
		n       int64 // the announced Content-Length
		limit   int64 // 0 means defaultMaxBytes
		wantErr error
	}{
		{"exact length", body, int64(len(body)), 0, nil},
		{"unknown length", body, -1, 0, nil},
		{"longer than announced", body, 10, 0, nil},
		{"shorter than announced", body, int64(len(body)) + 5, 0, io.ErrUnexpectedEOF},
		{"empty", "", 0, 0, nil},
		{"announced beyond the preallocation bound", body, maxPrealloc + 1, 0, nil},
		{"exactly the limit", body, int64(len(body)), int64(len(body)), nil},
		{"exactly the limit, unknown length", body, -1, int64(len(body)), nil},
		{"announced over the limit", body, int64(len(body)), 10, ErrResponseTooLarge},
		{"over the limit, unknown length", body, -1, 10, ErrResponseTooLarge},
		{"over the limit, announced shorter", body, 5, 10, ErrResponseTooLarge},
		{"one byte over the limit", body, -1, int64(len(body)) - 1, ErrResponseTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			limit := tt.limit
			if limit == 0 {
				limit = defaultMaxBytes
			}
			got, err := readBody(strings.NewReader(tt.in), tt.n, limit)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("readBody error = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == nil && string(got) != tt.in {
				t.Errorf("readBody = %q, want %q", got, tt.in)
			}
		})
	}
}

// TestReadBodyAllocatesOnce checks the hot path: a body of announced
// length costs one allocation, its buffer.
func TestReadBodyAllocatesOnce(t *testing.T) {
	const body = `{"_id":"5f0c8a3b9d1e2a0012345678"}`
	r := strings.NewReader(body)
	allocs := testing.AllocsPerRun(100, func() {
		r.Reset(body)
		if _, err := readBody(r, int64(len(body)), defaultMaxBytes); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 1 {
		t.Errorf("readBody allocations = %v, want 1", allocs)
	}
}

// TestRetryAfterOnServerClock: a Retry-After given as an HTTP date
// is measured from the answer's Date when there is one, whatever the
// local clock says; without a usable Date, from the local time.
func TestRetryAfterOnServerClock(t *testing.T) {
	server := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	date := func(t time.Time) string { return t.Format(http.TimeFormat) }
	tests := []struct {
		name            string
		retryAfter, hdr string
		local           time.Time
		want            time.Duration
		wantOK          bool
	}{
		{"local an hour behind", date(server.Add(3 * time.Second)), date(server), server.Add(-time.Hour), 3 * time.Second, true},
		{"local an hour ahead", date(server.Add(3 * time.Second)), date(server), server.Add(time.Hour), 3 * time.Second, true},
		{"date already past on the server", date(server.Add(-time.Minute)), date(server), server.Add(-time.Hour), 0, true},
		{"no Date: the local clock", date(server.Add(3 * time.Second)), "", server.Add(time.Second), 2 * time.Second, true},
		{"bad Date: the local clock", date(server.Add(3 * time.Second)), "yesterday", server, 3 * time.Second, true},
		{"seconds ignore Date", "7", date(server.Add(time.Hour)), server, 7 * time.Second, true},
		{"no Retry-After", "", date(server), server, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.retryAfter != "" {
				h.Set("Retry-After", tt.retryAfter)
			}
			if tt.hdr != "" {
				h.Set("Date", tt.hdr)
			}
			got, ok := RetryAfter(h, tt.local)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("RetryAfter = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
