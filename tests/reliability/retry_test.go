package reliability

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/query"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// TestStatusBursts sends a GET into bursts of retried statuses, one
// shorter than the retry budget of 3 attempts (it succeeds on attempt 3),
// one as long and one longer (both fail with the third answer: the Client
// stops there), and checks the attempts the server saw and the waits the
// Client asked its clock for.
func TestStatusBursts(t *testing.T) {
	none := func(time.Time) string { return "" }
	inSeconds := func(s string) func(time.Time) string { return func(time.Time) string { return s } }
	httpDate := func(ahead time.Duration) func(time.Time) string {
		return func(now time.Time) string { return now.Add(ahead).Format(http.TimeFormat) }
	}
	backoff := []time.Duration{time.Millisecond, 2 * time.Millisecond}
	tests := []struct {
		name       string
		status     int
		retryAfter func(now time.Time) string
		sentinel   error
		// waits is what the Client waits before attempts 2 and 3, with
		// any burst (each retries twice).
		waits []time.Duration
		// lastRetryAfter is the APIError.RetryAfter of the third answer.
		lastRetryAfter time.Duration
	}{
		{"500", 500, none, facade.ErrServer, backoff, 0},
		{"502", 502, none, facade.ErrServer, backoff, 0},
		{"503", 503, none, facade.ErrServer, backoff, 0},
		{"504", 504, none, facade.ErrServer, backoff, 0},
		{"503 with Retry-After seconds", 503, inSeconds("2"), facade.ErrServer,
			[]time.Duration{2 * time.Second, 2 * time.Second}, 2 * time.Second},
		{"429 with Retry-After seconds", 429, inSeconds("1"), facade.ErrRateLimited,
			[]time.Duration{time.Second, time.Second}, time.Second},
		// The date is absolute: once the first wait has passed it, the
		// second 429 asks for no wait at all, and the clock is not asked.
		{"429 with Retry-After date", 429, httpDate(3 * time.Second), facade.ErrRateLimited,
			[]time.Duration{3 * time.Second}, 0},
		{"429 without Retry-After", 429, none, facade.ErrRateLimited, backoff, 0},
	}
	for _, tt := range tests {
		for _, burst := range []int{2, 3, 5} {
			t.Run(fmt.Sprintf("%s burst of %d", tt.name, burst), func(t *testing.T) {
				f := setup(t)
				ids := f.seedContacts(3)
				path := "/v1/contact/" + ids[1]
				f.srv.Inject(fake.Fault{Method: http.MethodGet, Path: path, Times: burst,
					Status: tt.status, RetryAfter: tt.retryAfter(f.clock.Now())})

				got, err := f.client.Contacts.Get(context.Background(), ids[1])

				wantStatuses := []int{tt.status, tt.status, http.StatusOK}
				if burst >= 3 {
					wantStatuses[2] = tt.status
					apiErr := wantAPIError(t, err, tt.sentinel, tt.status, "Get")
					if got != nil {
						t.Errorf("Get = %+v with an error, want nil", got)
					}
					want := &facade.APIError{StatusCode: tt.status, Method: http.MethodGet, Path: path,
						Operation: "getContact", Message: http.StatusText(tt.status),
						Body: []byte(`{"error":"` + http.StatusText(tt.status) + `"}` + "\n"), RetryAfter: tt.lastRetryAfter}
					if diff := cmp.Diff(want, apiErr); diff != "" {
						t.Errorf("APIError mismatch (-want +got):\n%s", diff)
					}
				} else {
					noErr(t, err, "Get")
					wantContact(t, got, ids[1], 1)
				}
				if got := f.statuses(http.MethodGet, path); !slices.Equal(got, wantStatuses) {
					t.Errorf("server answered %v, want %v", got, wantStatuses)
				}
				if got := f.clock.Durations(); !slices.Equal(got, tt.waits) {
					t.Errorf("waits = %v, want %v", got, tt.waits)
				}
				if got := f.logs.Count("leadfox: retrying", "operation=getContact"); got != 2 {
					t.Errorf("retry log records = %d, want 2", got)
				}
			})
		}
	}
}

// TestRetryAfterLimits checks the Retry-After values that are not simply
// waited for: longer than RetryPolicy.MaxRetryAfter (returned at once,
// with the wait in the error), zero or past (no wait), and malformed
// (the backoff instead).
func TestRetryAfterLimits(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter func(now time.Time) string
		// wantRetryAfter, if not 0, is the APIError.RetryAfter of a 429
		// that is not retried; otherwise the GET succeeds on attempt 2.
		wantRetryAfter time.Duration
		wantWaits      []time.Duration
	}{
		{"seconds above the limit", func(time.Time) string { return "120" }, 2 * time.Minute, nil},
		{"date above the limit", func(now time.Time) string { return now.Add(2 * time.Minute).Format(http.TimeFormat) },
			2 * time.Minute, nil},
		{"zero", func(time.Time) string { return "0" }, 0, nil},
		{"date in the past", func(now time.Time) string { return now.Add(-time.Hour).Format(http.TimeFormat) }, 0, nil},
		{"malformed", func(time.Time) string { return "soon" }, 0, []time.Duration{time.Millisecond}},
		{"negative", func(time.Time) string { return "-5" }, 0, []time.Duration{time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			policy := fastRetry
			policy.MaxRetryAfter = 10 * time.Second
			f := setup(t, withClient(facade.WithRetry(policy)))
			ids := f.seedContacts(1)
			path := "/v1/contact/" + ids[0]
			f.srv.Inject(fake.Fault{Method: http.MethodGet, Path: path, Status: 429, RetryAfter: tt.retryAfter(f.clock.Now())})

			got, err := f.client.Contacts.Get(context.Background(), ids[0])

			wantStatuses := []int{429, 200}
			if tt.wantRetryAfter != 0 {
				wantStatuses = []int{429}
				apiErr := wantAPIError(t, err, facade.ErrRateLimited, 429, "Get")
				if apiErr.RetryAfter != tt.wantRetryAfter {
					t.Errorf("RetryAfter = %v, want %v", apiErr.RetryAfter, tt.wantRetryAfter)
				}
			} else {
				noErr(t, err, "Get")
				wantContact(t, got, ids[0], 0)
			}
			if got := f.statuses(http.MethodGet, path); !slices.Equal(got, wantStatuses) {
				t.Errorf("server answered %v, want %v", got, wantStatuses)
			}
			if got := f.clock.Durations(); !slices.Equal(got, tt.wantWaits) {
				t.Errorf("waits = %v, want %v", got, tt.wantWaits)
			}
		})
	}
}

// seeded is what TestRetryByOperation seeds: three contacts and a list
// that holds the first.
type seeded struct {
	contacts []string
	list     string
}

// TestRetryByOperation checks which operations are retried: GET, PUT,
// DELETE and the idempotent POSTs (upsert, add to list) on 5xx; other
// POSTs (create) only on 429, so that a 5xx or a lost answer never
// creates twice. Each success is checked against the server's data.
func TestRetryByOperation(t *testing.T) {
	ctx := context.Background()
	newEmail := "new@example.com"
	tests := []struct {
		name         string
		method, path string // path may hold {c0} and {list}
		fault        fake.Fault
		call         func(c *facade.Client, s seeded) (string, error)
		want         string // what call returns on success
		wantStatuses []int
		sentinel     error // if not nil, the error wanted; else success
		wantStatus   int
		check        func(t *testing.T, f *fixture, s seeded)
	}{
		{
			name: "create on 503 is not retried", method: "POST", path: "/v1/contact",
			fault:        fake.Fault{Status: 503},
			call:         createContact(newEmail),
			wantStatuses: []int{503}, sentinel: facade.ErrServer, wantStatus: 503,
			check: wantStored(newEmail, false),
		},
		{
			name: "create on 429 is retried", method: "POST", path: "/v1/contact",
			fault:        fake.Fault{Status: 429, RetryAfter: "1"},
			call:         createContact(newEmail),
			want:         newEmail + " plan=gold",
			wantStatuses: []int{429, 200},
			check:        wantStored(newEmail, true),
		},
		{
			name: "create past the 429 budget", method: "POST", path: "/v1/contact",
			fault:        fake.Fault{Status: 429, Times: 3, RetryAfter: "1"},
			call:         createContact(newEmail),
			wantStatuses: []int{429, 429, 429}, sentinel: facade.ErrRateLimited, wantStatus: 429,
			check: wantStored(newEmail, false),
		},
		{
			name: "upsert on 503 is retried", method: "POST", path: "/v1/contact/upsert",
			fault:        fake.Fault{Status: 503, Times: 2},
			call:         upsertContact(seedEmail(1)),
			want:         seedEmail(1) + " plan=gold",
			wantStatuses: []int{503, 503, 200},
			check:        wantProperty(1, "plan", "gold"),
		},
		{
			name: "upsert past the 503 budget", method: "POST", path: "/v1/contact/upsert",
			fault:        fake.Fault{Status: 503, Times: 3},
			call:         upsertContact(seedEmail(1)),
			wantStatuses: []int{503, 503, 503}, sentinel: facade.ErrServer, wantStatus: 503,
			check: wantProperty(1, "plan", ""),
		},
		{
			name: "update on 502 is retried", method: "PUT", path: "/v1/contact/{c0}",
			fault: fake.Fault{Status: 502, Times: 2},
			call: func(c *facade.Client, s seeded) (string, error) {
				got, err := c.Contacts.Update(ctx, s.contacts[0], &facade.ContactUpdate{Properties: facade.ContactProperties{"plan": "gold"}})
				return describe(got), err
			},
			want:         seedEmail(0) + " plan=gold seq=0",
			wantStatuses: []int{502, 502, 200},
			check:        wantProperty(0, "plan", "gold"),
		},
		{
			name: "delete on 504 is retried", method: "DELETE", path: "/v1/contact/{c0}",
			fault: fake.Fault{Status: 504, Times: 2},
			call: func(c *facade.Client, s seeded) (string, error) {
				return "", c.Contacts.Delete(ctx, s.contacts[0])
			},
			wantStatuses: []int{504, 504, 204},
			check:        wantStored(seedEmail(0), false),
		},
		{
			name: "add to list on 500 is retried", method: "POST", path: "/v1/list/{list}/contact/{c1}",
			fault: fake.Fault{Status: 500, Times: 2},
			call: func(c *facade.Client, s seeded) (string, error) {
				return "", c.Lists.AddContact(ctx, s.list, s.contacts[1])
			},
			wantStatuses: []int{500, 500, 200},
			check:        wantMembers(0, 1),
		},
		{
			name: "list on 503 is retried", method: "GET", path: "/v1/contact",
			fault: fake.Fault{Status: 503, Times: 2},
			call: func(c *facade.Client, _ seeded) (string, error) {
				p, err := c.Contacts.List(&facade.ListOptions{Filter: query.And(query.Eq("email", seedEmail(2)))})
				if err != nil {
					return "", err
				}
				items, err := p.Collect(ctx)
				var out []string
				for _, it := range items {
					out = append(out, describe(&it))
				}
				return strings.Join(out, ";"), err
			},
			want:         seedEmail(2) + " seq=2",
			wantStatuses: []int{503, 503, 200},
		},
		{
			// The server creates the contact and loses the answer: a
			// retry would try to create it twice.
			name: "create on a dropped connection is not retried", method: "POST", path: "/v1/contact",
			fault:        fake.Fault{Kind: fake.FaultDropConnection},
			call:         createContact(newEmail),
			wantStatuses: []int{200}, sentinel: io.ErrUnexpectedEOF,
			check: wantStored(newEmail, true),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			s := seeded{contacts: f.seedContacts(3)}
			s.list = f.srv.PutList(facade.List{Name: facade.Ptr("VIP")})
			noErr(t, f.client.Lists.AddContact(ctx, s.list, s.contacts[0]), "seed membership")
			path := strings.NewReplacer("{list}", s.list).Replace(replaceIDs(tt.path, s.contacts))
			fault := tt.fault
			fault.Method, fault.Path = tt.method, path
			f.srv.Inject(fault)

			got, err := tt.call(f.client, s)

			switch {
			case tt.sentinel == nil:
				noErr(t, err, tt.name)
				if got != tt.want {
					t.Errorf("result = %q, want %q", got, tt.want)
				}
			case tt.wantStatus != 0:
				_ = wantAPIError(t, err, tt.sentinel, tt.wantStatus, tt.name)
			default:
				wantErrIs(t, err, tt.sentinel, tt.name)
			}
			if got := f.statuses(tt.method, path); !slices.Equal(got, tt.wantStatuses) {
				t.Errorf("server answered %s %s with %v, want %v", tt.method, path, got, tt.wantStatuses)
			}
			if tt.check != nil {
				tt.check(t, f, s)
			}
		})
	}
}

func createContact(email string) func(*facade.Client, seeded) (string, error) {
	return func(c *facade.Client, _ seeded) (string, error) {
		got, err := c.Contacts.Create(context.Background(), &facade.ContactCreate{Email: email, Properties: facade.ContactProperties{"plan": "gold"}})
		return describe(got), err
	}
}

func upsertContact(email string) func(*facade.Client, seeded) (string, error) {
	up := upsertContactIDs(email)
	return func(c *facade.Client, s seeded) (string, error) { return up(context.Background(), c, s.contacts) }
}

// upsertContactIDs upserts email with plan=gold, and describes the result
// without its seq property.
func upsertContactIDs(email string) func(context.Context, *facade.Client, []string) (string, error) {
	return func(ctx context.Context, c *facade.Client, _ []string) (string, error) {
		got, err := c.Contacts.Upsert(ctx, &facade.ContactCreate{Email: email, Properties: facade.ContactProperties{"plan": "gold"}})
		if got != nil {
			delete(got.Properties, "seq")
		}
		return describe(got), err
	}
}

// replaceIDs puts ids[i] in place of {ci} in path.
func replaceIDs(path string, ids []string) string {
	for i, id := range ids {
		path = strings.ReplaceAll(path, fmt.Sprintf("{c%d}", i), id)
	}
	return path
}

// describe returns a contact's email and properties, sorted, or "" for nil.
func describe(c *facade.Contact) string {
	if c == nil {
		return ""
	}
	parts := []string{deref(c.Email)}
	for _, k := range slices.Sorted(maps.Keys(c.Properties)) {
		parts = append(parts, k+"="+c.Properties[k].String())
	}
	return strings.Join(parts, " ")
}

// wantStored checks whether the server holds a contact with email.
func wantStored(email string, want bool) func(*testing.T, *fixture, seeded) {
	return func(t *testing.T, f *fixture, _ seeded) {
		t.Helper()
		if _, got := f.srv.ContactByEmail(email); got != want {
			t.Errorf("server holds %s: %v, want %v", email, got, want)
		}
	}
}

// wantProperty checks a property of the stored seed contact i.
func wantProperty(i int, key, want string) func(*testing.T, *fixture, seeded) {
	return func(t *testing.T, f *fixture, _ seeded) {
		t.Helper()
		c, ok := f.srv.ContactByEmail(seedEmail(i))
		if !ok {
			t.Fatalf("server lost %s", seedEmail(i))
		}
		if got := c.Properties[key].String(); got != want {
			t.Errorf("stored %s %s = %q, want %q", seedEmail(i), key, got, want)
		}
	}
}

// wantMembers checks that the seeded list holds exactly the seed
// contacts idx.
func wantMembers(idx ...int) func(*testing.T, *fixture, seeded) {
	return func(t *testing.T, f *fixture, s seeded) {
		t.Helper()
		p, err := f.client.Lists.Contacts(s.list, nil)
		noErr(t, err, "Lists.Contacts")
		members, err := p.Collect(context.Background())
		noErr(t, err, "Collect members")
		var got, want []string
		for _, m := range members {
			got = append(got, deref(m.ID))
		}
		for _, i := range idx {
			want = append(want, s.contacts[i])
		}
		if !slices.Equal(got, want) {
			t.Errorf("list members = %v, want %v", got, want)
		}
	}
}

// TestRetryAfterRealWait is the one case that really waits: a 429 with
// Retry-After: 1 on the system clock, which delays the retry by at least
// a second.
func TestRetryAfterRealWait(t *testing.T) {
	t.Parallel() // waits a second
	f := setup(t, withRealClock())
	ids := f.seedContacts(1)
	path := "/v1/contact/" + ids[0]
	f.srv.Inject(fake.Fault{Method: http.MethodGet, Path: path, Status: 429, RetryAfter: "1"})

	var got *facade.Contact
	var err error
	took := returnsWithin(t, time.Second+hangSlack, func(ctx context.Context) {
		got, err = f.client.Contacts.Get(ctx, ids[0])
	})
	noErr(t, err, "Get")
	wantContact(t, got, ids[0], 0)
	if took < time.Second {
		t.Errorf("Get took %v, want at least the 1 s the server asked for", took)
	}
	if got, want := f.statuses(http.MethodGet, path), []int{429, 200}; !slices.Equal(got, want) {
		t.Errorf("server answered %v, want %v", got, want)
	}
}
