package facade

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"

	"github.com/leadfox-go/leadfox/clock/clocktest"
)

// callCase is a facade call and the route it sends to.
type callCase struct {
	name         string
	method, path string
	call         func(ctx context.Context, c *Client) error
}

var (
	getContactCall = callCase{"getContact", "GET", "/v1/contact/" + contactID, func(ctx context.Context, c *Client) error {
		_, err := c.Contacts.Get(ctx, contactID)
		return err
	}}
	updateContactCall = callCase{"updateContact", "PUT", "/v1/contact/" + contactID, func(ctx context.Context, c *Client) error {
		_, err := c.Contacts.Update(ctx, contactID, &ContactUpdate{Properties: ContactProperties{"firstname": "Ada"}})
		return err
	}}
	deleteContactCall = callCase{"deleteContact", "DELETE", "/v1/contact/" + contactID, func(ctx context.Context, c *Client) error {
		return c.Contacts.Delete(ctx, contactID)
	}}
	createContactCall = callCase{"createContact", "POST", "/v1/contact", func(ctx context.Context, c *Client) error {
		_, err := c.Contacts.Create(ctx, &ContactCreate{Email: "ada@example.com"})
		return err
	}}
	upsertContactCall = callCase{"upsertContact", "POST", "/v1/contact/upsert", func(ctx context.Context, c *Client) error {
		_, err := c.Contacts.Upsert(ctx, &ContactCreate{Email: "ada@example.com"})
		return err
	}}
	addContactCall = callCase{"addContactToList", "POST", "/v1/list/" + listID + "/contact/" + contactID, func(ctx context.Context, c *Client) error {
		return c.Lists.AddContact(ctx, listID, contactID)
	}}
	removeContactCall = callCase{"removeContactFromList", "DELETE", "/v1/list/" + listID + "/contact/" + contactID, func(ctx context.Context, c *Client) error {
		return c.Lists.RemoveContact(ctx, listID, contactID)
	}}
)

// TestRetryByMethodAndStatus checks which failures are retried: GET, PUT,
// DELETE and the idempotent POSTs on 408, 429 and 5xx but 501; other POSTs
// on 429 only; nothing on another 4xx.
func TestRetryByMethodAndStatus(t *testing.T) {
	tests := []struct {
		call         callCase
		status       int
		wantAttempts int
		wantErr      error
	}{
		{getContactCall, 408, 3, nil},
		{getContactCall, 429, 3, ErrRateLimited},
		{getContactCall, 500, 3, ErrServer},
		{getContactCall, 502, 3, ErrServer},
		{getContactCall, 503, 3, ErrServer},
		{getContactCall, 504, 3, ErrServer},
		{getContactCall, 501, 1, ErrServer},
		{getContactCall, 400, 1, ErrInvalidRequest},
		{getContactCall, 403, 1, ErrForbidden},
		{getContactCall, 404, 1, ErrNotFound},
		{getContactCall, 409, 1, ErrConflict},
		{getContactCall, 422, 1, ErrInvalidRequest},
		{updateContactCall, 503, 3, ErrServer},
		{deleteContactCall, 502, 3, ErrServer},
		{removeContactCall, 504, 3, ErrServer},
		{createContactCall, 429, 3, ErrRateLimited},
		{createContactCall, 500, 1, ErrServer},
		{createContactCall, 503, 1, ErrServer},
		{createContactCall, 408, 1, nil},
		{upsertContactCall, 503, 3, ErrServer},
		{addContactCall, 500, 3, ErrServer},
	}
	for _, tt := range tests {
		t.Run(tt.call.name+" "+http.StatusText(tt.status), func(t *testing.T) {
			f := setup(t)
			rec := f.on(tt.call.method, tt.call.path, respondJSON(tt.status, `{"error":"nope"}`))
			err := tt.call.call(context.Background(), f.client)
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status {
				t.Fatalf("error = %v, want an *APIError with status %d", err, tt.status)
			}
			if tt.wantErr != nil {
				wantErr(t, err, tt.wantErr, tt.call.name)
			}
			if got := len(rec.seen()); got != tt.wantAttempts {
				t.Errorf("attempts = %d, want %d", got, tt.wantAttempts)
			}
			var wantWaits []time.Duration
			for n := 1; n < tt.wantAttempts; n++ {
				wantWaits = append(wantWaits, time.Duration(n)*time.Second)
			}
			if diff := cmp.Diff(wantWaits, f.clock.Durations()); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
		})
	}
}

// connRefused is the error a dial to a closed port returns.
var connRefused = &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "connection refused", Name: "api.leadfox.test", IsTemporary: true}}

func TestRetryConnectionErrors(t *testing.T) {
	tests := []struct {
		call         callCase
		err          error
		wantAttempts int
	}{
		{getContactCall, connRefused, 3},
		{updateContactCall, syscall.ECONNRESET, 3},
		{deleteContactCall, io.ErrUnexpectedEOF, 3},
		{upsertContactCall, connRefused, 3},
		{createContactCall, connRefused, 1},
		// net/http returns a status line cut short as a plain error,
		// after the request was sent: an idempotent call is retried.
		{getContactCall, errors.New(`malformed HTTP status code "2xx"`), 3},
		{addContactCall, errors.New(`malformed HTTP status code "2xx"`), 3},
		{createContactCall, errors.New(`malformed HTTP status code "2xx"`), 1},
	}
	for _, tt := range tests {
		t.Run(tt.call.name+" "+tt.err.Error(), func(t *testing.T) {
			f := setup(t)
			rec := f.on(tt.call.method, tt.call.path, httpmock.NewErrorResponder(tt.err))
			err := tt.call.call(context.Background(), f.client)
			wantErr(t, err, tt.err, tt.call.name)
			if got := len(rec.seen()); got != tt.wantAttempts {
				t.Errorf("attempts = %d, want %d", got, tt.wantAttempts)
			}
		})
	}
}

func TestRetryThenSuccess(t *testing.T) {
	f := setup(t)
	rec := f.on(http.MethodGet, "/v1/contact/"+contactID,
		httpmock.NewErrorResponder(connRefused), respondJSON(503, ``), respondJSON(200, contactJSON))
	got, err := f.client.Contacts.Get(context.Background(), contactID)
	noErr(t, err, "Get")
	if diff := cmp.Diff(wantContact, got); diff != "" {
		t.Errorf("Get (-want +got):\n%s", diff)
	}
	if n := len(rec.seen()); n != 3 {
		t.Errorf("attempts = %d, want 3", n)
	}
	for i, r := range rec.seen() {
		if r.Auth != "JWT "+testJWT {
			t.Errorf("attempt %d: Authorization = %q, want the JWT", i+1, r.Auth)
		}
	}
}

// TestRetryAfter checks that Retry-After, in seconds or as an HTTP date,
// replaces the backoff, up to MaxRetryAfter.
func TestRetryAfter(t *testing.T) {
	inFive := testNow.Add(5 * time.Second).Format(http.TimeFormat)
	tests := []struct {
		name         string
		status       int
		retryAfter   string
		policy       RetryPolicy
		wantWaits    []time.Duration // a wait of 0 (a past date) does not sleep
		wantAttempts int
		wantRA       time.Duration // APIError.RetryAfter of the last answer
	}{
		{"seconds", 429, "7", RetryPolicy{Backoff: linearBackoff}, []time.Duration{7 * time.Second, 7 * time.Second}, 3, 7 * time.Second},
		{"http date", 503, inFive, RetryPolicy{Backoff: linearBackoff}, []time.Duration{5 * time.Second}, 3, 0},
		{"zero", 429, "0", RetryPolicy{Backoff: linearBackoff}, nil, 3, 0},
		{"malformed falls back to backoff", 429, "soon", RetryPolicy{Backoff: linearBackoff}, []time.Duration{time.Second, 2 * time.Second}, 3, 0},
		{"over the cap is not retried", 429, "31", RetryPolicy{Backoff: linearBackoff}, nil, 1, 31 * time.Second},
		{"a higher cap", 429, "31", RetryPolicy{Backoff: linearBackoff, MaxRetryAfter: time.Minute}, []time.Duration{31 * time.Second, 31 * time.Second}, 3, 31 * time.Second},
		{"beyond the caller's deadline is not retried", 429, "600", RetryPolicy{Backoff: linearBackoff, MaxRetryAfter: time.Hour}, nil, 1, 10 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t, WithRetry(tt.policy))
			rec := f.on(http.MethodGet, "/v1/contact/"+contactID, func(*http.Request) (*http.Response, error) {
				resp := httpmock.NewStringResponse(tt.status, `{"message":"slow down"}`)
				resp.Header.Set("Retry-After", tt.retryAfter)
				return resp, nil
			})
			// Every case has 5 minutes left; only a wait beyond that is refused.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			_, err := f.client.Contacts.Get(ctx, contactID)
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error = %v, want an *APIError", err)
			}
			suite.recordErr(err)
			if got := len(rec.seen()); got != tt.wantAttempts {
				t.Errorf("attempts = %d, want %d", got, tt.wantAttempts)
			}
			if diff := cmp.Diff(tt.wantWaits, f.clock.Durations()); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
			if got := apiErr.RetryAfter; got != tt.wantRA {
				t.Errorf("APIError.RetryAfter = %v, want %v", got, tt.wantRA)
			}
		})
	}
}

func TestRetryWaitEndsWithContext(t *testing.T) {
	f := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f.clock.SetMode(clocktest.Manual)
	f.clock.OnAfter(func(time.Duration) { cancel() })
	rec := f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(503, ``))
	_, err := f.client.Contacts.Get(ctx, contactID)
	wantErr(t, err, context.Canceled, "Get")
	if got := len(rec.seen()); got != 1 {
		t.Errorf("attempts = %d, want 1", got)
	}
	if got := len(f.clock.Durations()); got != 1 {
		t.Errorf("waits started = %d, want 1", got)
	}
}

// TestRetryReplaysBody checks that every attempt of a PUT and of an
// idempotent POST sends the same bytes.
func TestRetryReplaysBody(t *testing.T) {
	for _, call := range []callCase{updateContactCall, upsertContactCall} {
		t.Run(call.name, func(t *testing.T) {
			f := setup(t)
			rec := f.on(call.method, call.path, respondJSON(502, ``), respondJSON(503, ``), respondJSON(200, contactJSON))
			noErr(t, call.call(context.Background(), f.client), call.name)
			reqs := rec.seen()
			if len(reqs) != 3 {
				t.Fatalf("attempts = %d, want 3", len(reqs))
			}
			for i, r := range reqs[1:] {
				if !bytes.Equal(r.Body, reqs[0].Body) || len(r.Body) == 0 {
					t.Errorf("attempt %d body = %q, want %q", i+2, r.Body, reqs[0].Body)
				}
			}
		})
	}
}

// trackedBody records whether it was closed.
type trackedBody struct {
	io.Reader
	closed *atomic.Int32
}

func (b trackedBody) Close() error {
	b.closed.Add(1)
	return nil
}

func TestRetryClosesDiscardedBodies(t *testing.T) {
	f := setup(t)
	var closed atomic.Int32
	f.on(http.MethodGet, "/v1/contact/"+contactID, func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 503, Header: http.Header{},
			Body: trackedBody{strings.NewReader(strings.Repeat("x", 100<<10)), &closed}}, nil
	})
	_, err := f.client.Contacts.Get(context.Background(), contactID)
	wantErr(t, err, ErrServer, "Get")
	if got := closed.Load(); got != 3 {
		t.Errorf("bodies closed = %d, want 3 (two discarded, one read for the error)", got)
	}
}

func TestRetryDisabled(t *testing.T) {
	f := setup(t, WithRetry(RetryPolicy{MaxAttempts: 1}))
	rec := f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(503, ``))
	_, err := f.client.Contacts.Get(context.Background(), contactID)
	wantErr(t, err, ErrServer, "Get")
	if got := len(rec.seen()); got != 1 {
		t.Errorf("attempts = %d, want 1", got)
	}
}

// TestRetryAuthExchange checks that the exchange, a POST, is retried on
// 429 as any POST is.
func TestRetryAuthExchange(t *testing.T) {
	f := setup(t)
	auth := f.on(http.MethodPost, "/v1/auth", respondJSON(429, ``), authResponder)
	f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(200, contactJSON))
	_, err := f.client.Contacts.Get(context.Background(), contactID)
	noErr(t, err, "Get")
	if got := len(auth.seen()); got != 2 {
		t.Errorf("exchanges = %d, want 2", got)
	}
}

// TestAttemptTimeout checks that an attempt that outlives its bound is
// retried. The bound is a second of real time (a context deadline): the
// second attempt, answered at once, must not need less.
func TestAttemptTimeout(t *testing.T) {
	f := setup(t, WithAttemptTimeout(time.Second))
	var attempt atomic.Int32
	f.on(http.MethodGet, "/v1/contact/"+contactID, func(req *http.Request) (*http.Response, error) {
		if attempt.Add(1) == 1 {
			<-req.Context().Done() // the first attempt hangs until its own deadline
			return nil, req.Context().Err()
		}
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(contactJSON))}, nil
	})
	got, err := f.client.Contacts.Get(context.Background(), contactID)
	noErr(t, err, "Get")
	if got.Email == nil || *got.Email != "ada@example.com" {
		t.Errorf("Get = %+v, want the contact", got)
	}
	if n := attempt.Load(); n != 2 {
		t.Errorf("attempts = %d, want 2", n)
	}
}

// TestBodyCutMidStream checks that a 2xx body cut while it streams fails
// its attempt: an idempotent request is retried and succeeds, a create is
// not retried and fails with the cause.
func TestBodyCutMidStream(t *testing.T) {
	tests := []struct {
		name         string
		method, path string
		call         func(ctx context.Context, c *Client) error
		wantAttempts int32
		wantErr      bool
	}{
		{"get is retried", http.MethodGet, "/v1/contact/" + contactID, func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.Get(ctx, contactID)
			return err
		}, 2, false},
		{"create is not", http.MethodPost, "/v1/contact", func(ctx context.Context, c *Client) error {
			_, err := c.Contacts.Create(ctx, &ContactCreate{Email: "ada@example.com"})
			return err
		}, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			var attempts atomic.Int32
			f.on(tt.method, tt.path, func(req *http.Request) (*http.Response, error) {
				body := io.Reader(strings.NewReader(contactJSON))
				if attempts.Add(1) == 1 {
					body = io.MultiReader(strings.NewReader(contactJSON[:10]), iotest.ErrReader(io.ErrUnexpectedEOF))
				}
				return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(body)}, nil
			})
			err := tt.call(context.Background(), f.client)
			suite.recordErr(err)
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Fatalf("error = %v, want an error: %v", err, tt.wantErr)
			}
			if tt.wantErr && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("error = %v, want one matching io.ErrUnexpectedEOF", err)
			}
			if got := attempts.Load(); got != tt.wantAttempts {
				t.Errorf("attempts = %d, want %d", got, tt.wantAttempts)
			}
		})
	}
}

// TestAttemptTimeoutIsNotTheCallersDeadline checks the error when every
// attempt outlives its bound while the caller's context is live.
func TestAttemptTimeoutIsNotTheCallersDeadline(t *testing.T) {
	f := setup(t, WithAttemptTimeout(5*time.Millisecond), WithRetry(RetryPolicy{MaxAttempts: 2}))
	f.on(http.MethodGet, "/v1/contact/"+contactID, func(req *http.Request) (*http.Response, error) {
		<-req.Context().Done()
		return nil, req.Context().Err()
	})
	_, err := f.client.Contacts.Get(context.Background(), contactID)
	suite.recordErr(err)
	if !errors.Is(err, ErrAttemptTimeout) {
		t.Errorf("error = %v, want one matching ErrAttemptTimeout", err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error = %v matches context.DeadlineExceeded, but the caller's context is live", err)
	}
}

func TestDefaultBackoff(t *testing.T) {
	tests := []struct {
		n      int
		lo, hi time.Duration
	}{
		{1, 250 * time.Millisecond, 500 * time.Millisecond},
		{2, 500 * time.Millisecond, time.Second},
		{3, time.Second, 2 * time.Second},
		{5, 4 * time.Second, 8 * time.Second},
		{6, 4 * time.Second, 8 * time.Second},
		{100, 4 * time.Second, 8 * time.Second},
	}
	for _, tt := range tests {
		seen := map[time.Duration]bool{}
		for range 200 {
			d := DefaultBackoff(tt.n)
			seen[d] = true
			if d < tt.lo || d > tt.hi {
				t.Fatalf("DefaultBackoff(%d) = %v, want within [%v, %v]", tt.n, d, tt.lo, tt.hi)
			}
		}
		if len(seen) < 2 {
			t.Errorf("DefaultBackoff(%d) returned %d distinct waits in 200 draws, want jitter", tt.n, len(seen))
		}
	}
}

func TestExponentialBackoff(t *testing.T) {
	b, err := ExponentialBackoff(time.Second, 4*time.Second)
	noErr(t, err, "ExponentialBackoff")
	for n, hi := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 4 * time.Second} {
		if d := b(n); d < hi/2 || d > hi {
			t.Errorf("backoff(%d) = %v, want within [%v, %v]", n, d, hi/2, hi)
		}
	}
	for _, bad := range [][2]time.Duration{{0, time.Second}, {2 * time.Second, time.Second}, {-time.Second, time.Second}} {
		_, err := ExponentialBackoff(bad[0], bad[1])
		wantErr(t, err, ErrInvalidArgument, "ExponentialBackoff")
	}
}
