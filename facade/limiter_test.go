package facade

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// recordingLimiter is a Limiter that records what it is told, and fails
// Wait with failWait if not nil.
type recordingLimiter struct {
	mu       sync.Mutex
	waits    []LimitRequest
	dones    []limitDone
	failWait error
}

type limitDone struct {
	Req LimitRequest
	Res LimitResult
}

func (l *recordingLimiter) Wait(ctx context.Context, req LimitRequest) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waits = append(l.waits, req)
	return l.failWait
}

func (l *recordingLimiter) Done(ctx context.Context, req LimitRequest, res LimitResult) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dones = append(l.dones, limitDone{req, res})
}

// TestLimiterSeesEveryAttempt checks the contract of WithLimiter: Wait
// before every attempt, retries included, with the operation, resource
// and attempt; one Done per attempt with the status and Retry-After;
// Bulk for a bulk job's rows; never the token exchange.
func TestLimiterSeesEveryAttempt(t *testing.T) {
	lim := &recordingLimiter{}
	f := setup(t, WithLimiter(lim))
	f.on(http.MethodGet, "/v1/contact/"+contactID, func(*http.Request) (*http.Response, error) {
		r := jsonResponse(429, `{}`)
		r.Header.Set("Retry-After", "2")
		return r, nil
	}, respondJSON(200, wrappersContact))
	f.on(http.MethodPost, "/v1/contact/upsert", respondJSON(200, wrappersContact))
	ctx := context.Background()
	_, err := f.client.Contacts.Get(ctx, contactID)
	noErr(t, err, "Get")
	job, err := f.client.Contacts.UpsertMany(slices.Values([]*ContactCreate{{Email: "ada@example.com"}}), nil)
	noErr(t, err, "UpsertMany")
	for res := range job.Results(ctx) {
		noErr(t, res.Err, "row")
	}
	get1 := LimitRequest{Operation: Operation{ID: "getContact", ResourceID: contactID, Attempt: 1}}
	get2 := LimitRequest{Operation: Operation{ID: "getContact", ResourceID: contactID, Attempt: 2}}
	upsert := LimitRequest{Operation: Operation{ID: "upsertContact", Attempt: 1}, Bulk: true}
	if diff := cmp.Diff([]LimitRequest{get1, get2, upsert}, lim.waits); diff != "" {
		t.Errorf("Wait calls (-want +got):\n%s", diff)
	}
	want := []limitDone{
		{get1, LimitResult{Status: 429, RetryAfter: 2 * time.Second, HasRetryAfter: true}},
		{get2, LimitResult{Status: 200}},
		{upsert, LimitResult{Status: 200}},
	}
	if diff := cmp.Diff(want, lim.dones, cmpopts.EquateErrors()); diff != "" {
		t.Errorf("Done calls (-want +got):\n%s", diff)
	}
	if n := f.calls(http.MethodPost, "/v1/auth"); n != 1 {
		t.Errorf("token exchanges = %d, want 1 (unseen by the limiter)", n)
	}
}

// TestLimiterWaitErrorSendsNothing checks that an error of Wait ends the
// call with it, before any request, and that no Done follows.
func TestLimiterWaitErrorSendsNothing(t *testing.T) {
	refused := errors.New("budget spent")
	lim := &recordingLimiter{failWait: refused}
	f := setup(t, WithLimiter(lim))
	rec := f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(200, wrappersContact))
	_, err := f.client.Contacts.Get(context.Background(), contactID)
	wantErr(t, err, refused, "Get")
	if n := len(rec.seen()); n != 0 || len(lim.dones) != 0 {
		t.Errorf("%d requests sent, %d Done calls after a refused Wait; want 0 and 0", n, len(lim.dones))
	}
}

func TestWithLimiterValidation(t *testing.T) {
	_, err := New(testAPIKey, testSecret, WithLimiter(nil))
	wantErr(t, err, ErrInvalidArgument, "WithLimiter(nil)")
	_, err = New(testAPIKey, testSecret, WithLimiter(&recordingLimiter{}), WithRateLimit(10, 1))
	wantErr(t, err, ErrInvalidArgument, "WithLimiter with WithRateLimit")
	_, err = NewLimiter(WithRateLimit(0, 1))
	wantErr(t, err, ErrInvalidArgument, "NewLimiter(WithRateLimit(0, 1))")
}

// TestNewLimiterSharesThePause checks that NewLimiter's limiter, given to
// a Client with WithLimiter, is the in-process one: a 429's Retry-After
// pauses the next bulk attempt, on the Client's clock.
func TestNewLimiterSharesThePause(t *testing.T) {
	clk := newFakeClock()
	lim, err := NewLimiter(WithClock(clk))
	noErr(t, err, "NewLimiter")
	ctx := context.Background()
	bulk := LimitRequest{Operation: Operation{ID: "upsertContact", Attempt: 1}, Bulk: true}
	noErr(t, lim.Wait(ctx, bulk), "Wait")
	lim.Done(ctx, bulk, LimitResult{Status: 429, RetryAfter: 3 * time.Second, HasRetryAfter: true})
	noErr(t, lim.Wait(ctx, bulk), "Wait after a 429")
	if waits := clk.Durations(); len(waits) == 0 || waits[0] != 3*time.Second {
		t.Errorf("waits after a 429 with Retry-After: 3 = %v, want a pause of 3s first", waits)
	}
	single := LimitRequest{Operation: Operation{ID: "getContact", ResourceID: contactID, Attempt: 1}}
	before := len(clk.Durations())
	noErr(t, lim.Wait(ctx, single), "Wait of a single call")
	if len(clk.Durations()) != before {
		t.Errorf("a single call waited %v; the default limiter paces only bulk jobs", clk.Durations()[before:])
	}
}
