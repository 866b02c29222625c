package reliability

import (
	"cmp"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// attemptTimeout is the per-attempt timeout of the timeout tests: far
// above what an answer of the fake takes, even under -race on a busy
// machine, and far below the latency faults. The tests that wait it out
// run in parallel.
const attemptTimeout = time.Second

// slow is a fault that holds a request far longer than attemptTimeout;
// the server drops it unanswered once the Client has given up.
const slow = time.Minute

// TestSlowAttempt sends each kind of operation into one answer slower
// than the attempt timeout: the idempotent ones are retried and succeed,
// a create is not retried (its first attempt may have taken effect) and
// fails with the attempt's deadline.
func TestSlowAttempt(t *testing.T) {
	t.Parallel() // waits out attempt timeouts of a second
	tests := []struct {
		name, method, path string // path may hold {c0}
		call               func(ctx context.Context, c *facade.Client, ids []string) (string, error)
		want               string // the result; "" for an error
		wantStatuses       []int
	}{
		{"get", http.MethodGet, "/v1/contact/{c0}", func(ctx context.Context, c *facade.Client, ids []string) (string, error) {
			got, err := c.Contacts.Get(ctx, ids[0])
			return describe(got), err
		}, seedEmail(0) + " seq=0", []int{0, 200}},
		{"upsert", http.MethodPost, "/v1/contact/upsert", upsertContactIDs(seedEmail(0)),
			seedEmail(0) + " plan=gold", []int{0, 200}},
		{"create", http.MethodPost, "/v1/contact", func(ctx context.Context, c *facade.Client, _ []string) (string, error) {
			got, err := c.Contacts.Create(ctx, &facade.ContactCreate{Email: "new@example.com"})
			return describe(got), err
		}, "", []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t, withClient(facade.WithAttemptTimeout(attemptTimeout)))
			ids := f.seedContacts(1)
			path := replaceIDs(tt.path, ids)
			f.srv.Inject(fake.Fault{Method: tt.method, Path: path, Latency: slow})

			var got string
			var err error
			returnsWithin(t, 3*attemptTimeout+hangSlack, func(ctx context.Context) { got, err = tt.call(ctx, f.client, ids) })

			if tt.want == "" {
				wantTransportTimeout(t, err, tt.name)
			} else {
				noErr(t, err, tt.name)
				if got != tt.want {
					t.Errorf("result = %q, want %q", got, tt.want)
				}
			}
			if got := f.statuses(tt.method, path); !slices.Equal(got, tt.wantStatuses) {
				t.Errorf("server answered %v, want %v", got, tt.wantStatuses)
			}
		})
	}
}

// TestSlowAttemptsExhaustBudget holds every attempt past the attempt
// timeout: the GET fails after exactly 3 attempts with ErrAttemptTimeout,
// not with context.DeadlineExceeded: the caller's context has no deadline.
func TestSlowAttemptsExhaustBudget(t *testing.T) {
	t.Parallel() // waits out attempt timeouts of a second
	f := setup(t, withClient(facade.WithAttemptTimeout(attemptTimeout)))
	ids := f.seedContacts(1)
	path := "/v1/contact/" + ids[0]
	f.srv.Inject(fake.Fault{Method: http.MethodGet, Path: path, Latency: slow, Times: 10})

	var got *facade.Contact
	var err error
	returnsWithin(t, 3*attemptTimeout+hangSlack, func(ctx context.Context) {
		got, err = f.client.Contacts.Get(ctx, ids[0])
	})
	wantTransportTimeout(t, err, "Get")
	if got != nil {
		t.Errorf("Get = %+v with an error, want nil", got)
	}
	if got, want := f.statuses(http.MethodGet, path), []int{0, 0, 0}; !slices.Equal(got, want) {
		t.Errorf("server answered %v, want %v", got, want)
	}
	if got, want := f.clock.Durations(), []time.Duration{time.Millisecond, 2 * time.Millisecond}; !slices.Equal(got, want) {
		t.Errorf("waits = %v, want %v", got, want)
	}
}

// wantTransportTimeout checks that err is the facade's wrapping of a
// transport error, a *url.Error, caused by an attempt's deadline, which
// the caller must not take for its own.
func wantTransportTimeout(t *testing.T, err error, what string) {
	t.Helper()
	wantErrIs(t, err, facade.ErrAttemptTimeout, what)
	if errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("%s: error %v matches context.DeadlineExceeded, but the caller's context is live", what, err)
	}
	var urlErr *url.Error
	if !errors.As(err, &urlErr) {
		t.Errorf("%s: error %T (%v) does not wrap a *url.Error", what, err, err)
	}
}

// TestCallerDeadlineWins checks that a call whose server never answers,
// or asks for a longer wait than the caller's context allows, returns
// the context's error once the context ends, whatever the retry policy
// would still allow. The cases run in parallel: most wait out the
// deadline, which is far above what the exchange and a first page take
// even under -race on a busy machine.
func TestCallerDeadlineWins(t *testing.T) {
	const deadline = 3 * time.Second
	patient := facade.RetryPolicy{MaxAttempts: 1000, Backoff: linearBackoff, MaxRetryAfter: time.Hour}
	tests := []struct {
		name   string
		opts   []option
		faults func(ids []string) []fake.Fault
		call   func(ctx context.Context, c *facade.Client, ids []string) error
		target error
		// apiStatus, if not 0, is the status of the *facade.APIError
		// that target is a sentinel of; else the error must not be one.
		apiStatus int
		// cancel cancels the context, once the server holds the
		// request, instead of letting it expire.
		cancel bool
		// deadline, if not 0, is the context's in place of the test's.
		deadline time.Duration
		// wantStatuses are the statuses of the API requests; nil skips
		// the check when the count depends on timing.
		wantStatuses []int
	}{
		{
			name: "hang without attempt timeout",
			faults: func(ids []string) []fake.Fault {
				return []fake.Fault{{Method: http.MethodGet, Path: "/v1/contact/" + ids[0], Kind: fake.FaultHang}}
			},
			call: getFirst, target: context.DeadlineExceeded, wantStatuses: []int{0},
		},
		{
			name: "hang canceled by the caller",
			faults: func(ids []string) []fake.Fault {
				return []fake.Fault{{Method: http.MethodGet, Path: "/v1/contact/" + ids[0], Kind: fake.FaultHang}}
			},
			call: getFirst, target: context.Canceled, cancel: true, wantStatuses: []int{0},
		},
		{
			name: "hang on every attempt, budget beyond the deadline",
			opts: []option{withClient(facade.WithAttemptTimeout(100*time.Millisecond), facade.WithRetry(patient))},
			faults: func(ids []string) []fake.Fault {
				return []fake.Fault{{Method: http.MethodGet, Path: "/v1/contact/" + ids[0], Kind: fake.FaultHang, Times: 1000}}
			},
			call: getFirst, target: context.DeadlineExceeded,
		},
		{
			// Waiting would outlast the deadline: the 429 comes back at
			// once, with its RetryAfter, rather than the context's error.
			// The deadline is far off, so that only the Retry-After can
			// end the call.
			name: "Retry-After beyond the deadline",
			opts: []option{withRealClock(), withClient(facade.WithRetry(patient))},
			faults: func(ids []string) []fake.Fault {
				return []fake.Fault{{Method: http.MethodGet, Path: "/v1/contact/" + ids[0], Status: 429, RetryAfter: "600"}}
			},
			call: getFirst, target: facade.ErrRateLimited, apiStatus: 429, wantStatuses: []int{429},
			deadline: 5 * time.Minute,
		},
		{
			name: "hang on the token exchange",
			faults: func([]string) []fake.Fault {
				return []fake.Fault{{Method: http.MethodPost, Path: "/v1/auth", Kind: fake.FaultHang}}
			},
			call: getFirst, target: context.DeadlineExceeded, wantStatuses: []int{},
		},
		{
			name: "hang on the second page of a walk",
			faults: func([]string) []fake.Fault {
				return []fake.Fault{
					{Method: http.MethodGet, Path: "/v1/contact"}, // the first page passes
					{Method: http.MethodGet, Path: "/v1/contact", Kind: fake.FaultHang},
				}
			},
			call: func(ctx context.Context, c *facade.Client, ids []string) error {
				p, err := c.Contacts.List(&facade.ListOptions{PageSize: 2})
				if err != nil {
					return err
				}
				items, err := p.Collect(ctx)
				if len(items) != 2 || deref(items[0].ID) != ids[0] || deref(items[1].ID) != ids[1] {
					return errors.New("the walk did not return the first page before the error")
				}
				return err
			},
			target: context.DeadlineExceeded,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t, tt.opts...)
			ids := f.seedContacts(5)
			for _, fault := range tt.faults(ids) {
				f.srv.Inject(fault)
			}
			d := cmp.Or(tt.deadline, deadline)
			var err error
			returnsWithin(t, d+hangSlack, func(ctx context.Context) {
				ctx, cancel := context.WithTimeout(ctx, d)
				defer cancel()
				if tt.cancel {
					go cancelOnceHeld(ctx, f, cancel)
				}
				err = tt.call(ctx, f.client, ids)
			})

			if tt.apiStatus != 0 {
				_ = wantAPIError(t, err, tt.target, tt.apiStatus, tt.name)
			} else {
				wantErrIs(t, err, tt.target, tt.name)
			}
			if tt.wantStatuses == nil {
				return
			}
			var got []int
			for _, r := range f.srv.Requests() {
				if r.Path != "/v1/auth" {
					got = append(got, r.Status)
				}
			}
			if !slices.Equal(got, tt.wantStatuses) {
				t.Errorf("server answered %v, want %v", got, tt.wantStatuses)
			}
		})
	}
}

// cancelOnceHeld calls cancel once the server has received a request
// other than the token exchange, or once ctx ends.
func cancelOnceHeld(ctx context.Context, f *fixture, cancel context.CancelFunc) {
	defer cancel()
	for ctx.Err() == nil {
		for _, r := range f.srv.Requests() {
			if r.Path != "/v1/auth" {
				return
			}
		}
		time.Sleep(time.Millisecond)
	}
}

func getFirst(ctx context.Context, c *facade.Client, ids []string) error {
	got, err := c.Contacts.Get(ctx, ids[0])
	if err == nil && deref(got.ID) != ids[0] {
		return errors.New("Get returned another contact")
	}
	return err
}

// TestSlowBody answers a GET's head at once and then stops sending its
// body. The attempt timeout covers reading a 2xx body, which is read
// within its attempt, so each stalled attempt times out and is retried
// like a connection error; after 3 the call ends with ErrAttemptTimeout
// instead of hanging.
func TestSlowBody(t *testing.T) {
	t.Parallel() // waits out attempt timeouts of a second
	path := "/v1/contact/" + seedID(0)
	var requests atomic.Int32
	stall := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"_id":"`+seedID(0)+`",`)
		_ = http.NewResponseController(w).Flush()
		<-r.Context().Done()
	})
	f := setup(t, withRoute("GET "+path, stall), withClient(facade.WithAttemptTimeout(attemptTimeout)))
	ids := f.seedContacts(1)

	var got *facade.Contact
	var err error
	returnsWithin(t, 3*attemptTimeout+hangSlack, func(ctx context.Context) {
		got, err = f.client.Contacts.Get(ctx, ids[0])
	})

	wantTransportTimeout(t, err, "Get")
	if got != nil {
		t.Errorf("Get = %+v with an error, want nil", got)
	}
	if n := requests.Load(); n != 3 {
		t.Errorf("requests = %d, want 3", n)
	}
}
