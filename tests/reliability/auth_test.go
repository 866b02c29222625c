package reliability

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// walkSize is the number of contacts TestTokenExpiresMidIteration walks:
// ten pages, enough for the token to stop working between two of them.
const walkSize = 1_000

// TestTokenExpiresMidIteration walks 1,000 contacts, 100 a page, and
// halfway through makes the token stop working: revoked by the server,
// expired by the server's clock alone (the Client's is behind, so the
// server answers 401), or expired on both clocks (the Client refreshes
// it before use). The walk completes with every contact once, in order.
func TestTokenExpiresMidIteration(t *testing.T) {
	const pages = walkSize/100 + 1 // the last page is empty
	tests := []struct {
		name     string
		prefetch bool
		// serverClock, if set, gives the server a clock of its own.
		serverClock bool
		// expire makes the token stop working, at item walkSize/2.
		expire       func(f *fixture, serverClock *clocktest.Clock)
		want401      int
		want503      int
		want429      int
		wantRequests int
	}{
		{
			name:         "revoked",
			expire:       func(f *fixture, _ *clocktest.Clock) { f.srv.ExpireTokens() },
			want401:      1,
			wantRequests: pages + 1, // the replay with a fresh token
		},
		{
			name:         "expired on the server's clock",
			serverClock:  true,
			expire:       func(_ *fixture, c *clocktest.Clock) { c.Advance(2 * fake.DefaultTokenLifetime) },
			want401:      1,
			wantRequests: pages + 1,
		},
		{
			name:         "expired on both clocks",
			expire:       func(f *fixture, _ *clocktest.Clock) { f.clock.Advance(2 * fake.DefaultTokenLifetime) },
			wantRequests: pages,
		},
		{
			// With prefetch, the next page may be in flight as the token
			// is revoked: the counts hold whichever request meets which.
			name:     "revoked, with prefetch, then 503 and 429",
			prefetch: true,
			expire: func(f *fixture, _ *clocktest.Clock) {
				f.srv.ExpireTokens()
				f.srv.Inject(fake.Fault{Method: http.MethodGet, Path: "/v1/contact", Status: 503})
				f.srv.Inject(fake.Fault{Method: http.MethodGet, Path: "/v1/contact", Status: 429, RetryAfter: "1"})
			},
			want401: 1, want503: 1, want429: 1,
			wantRequests: pages + 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each walk takes seconds under -race, most of it JSON
			var opts []option
			serverClock := newSimClock()
			if tt.serverClock {
				opts = append(opts, withServer(fake.WithClock(serverClock)))
			}
			f := setup(t, opts...)
			ids := f.seedContacts(walkSize)
			p, err := f.client.Contacts.List(&facade.ListOptions{PageSize: 100, Prefetch: tt.prefetch})
			noErr(t, err, "List")

			var got []string
			for c, err := range p.All(context.Background()) {
				noErr(t, err, "walk")
				got = append(got, deref(c.ID))
				if len(got) == walkSize/2 {
					tt.expire(f, serverClock)
				}
			}

			wantSameIDs(t, got, ids)
			if n := f.srv.AuthCount(); n != 2 {
				t.Errorf("token exchanges = %d, want 2", n)
			}
			for status, want := range map[int]int{401: tt.want401, 503: tt.want503, 429: tt.want429} {
				if got := f.countStatus(status); got != want {
					t.Errorf("%d answers = %d, want %d", status, got, want)
				}
			}
			if got := f.requests(http.MethodGet, "/v1/contact"); got != tt.wantRequests {
				t.Errorf("page requests = %d, want %d", got, tt.wantRequests)
			}
		})
	}
}

// wantSameIDs checks that got is want, in order, and otherwise reports
// what is missing, repeated or out of place.
func wantSameIDs(t *testing.T, got, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	seen := make(map[string]int, len(got))
	for _, id := range got {
		seen[id]++
	}
	var missing, repeated int
	for _, id := range want {
		switch seen[id] {
		case 0:
			missing++
		case 1:
		default:
			repeated++
		}
	}
	first := 0
	for first < min(len(got), len(want)) && got[first] == want[first] {
		first++
	}
	t.Errorf("walk yielded %d items, want %d: %d missing, %d repeated, first difference at %d",
		len(got), len(want), missing, repeated, first)
}

// TestExchangeFailures makes the token exchange fail in each way it can,
// once: the call that needed the token succeeds if the failure is
// retried, or fails with the documented *auth.ExchangeError, and the next
// call exchanges again and succeeds.
func TestExchangeFailures(t *testing.T) {
	tests := []struct {
		name  string
		fault fake.Fault
		// wantStatus, if not 0, is the ExchangeError.StatusCode of the
		// first call's error; else the first call succeeds.
		wantStatus   int
		wantExchange []int // the statuses of POST /v1/auth
	}{
		{"503 is retried", fake.Fault{Status: 503}, 0, []int{503, 200}},
		{"429 is retried", fake.Fault{Status: 429, RetryAfter: "1"}, 0, []int{429, 200}},
		{"answer truncated", fake.Fault{Kind: fake.FaultTruncatedBody}, 200, []int{200, 200}},
		{"connection dropped mid-answer", fake.Fault{Kind: fake.FaultDropConnection}, 0, []int{200, 200}},
		{"HTML page", fake.Fault{Kind: fake.FaultMalformedBody, Body: "<html>sign in</html>"}, 200, []int{200, 200}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			ids := f.seedContacts(2)
			fault := tt.fault
			fault.Method, fault.Path = http.MethodPost, "/v1/auth"
			f.srv.Inject(fault)

			got, err := f.client.Contacts.Get(context.Background(), ids[0])
			if tt.wantStatus != 0 {
				suite.addErr(err)
				var exErr *auth.ExchangeError
				if !errors.As(err, &exErr) {
					t.Fatalf("Get: error %T (%v), want an *auth.ExchangeError", err, err)
				}
				if exErr.StatusCode != tt.wantStatus {
					t.Errorf("ExchangeError.StatusCode = %d, want %d", exErr.StatusCode, tt.wantStatus)
				}
				if got != nil {
					t.Errorf("Get = %+v with an error, want nil", got)
				}
			} else {
				noErr(t, err, "Get")
				wantContact(t, got, ids[0], 0)
			}
			got, err = f.client.Contacts.Get(context.Background(), ids[1])
			noErr(t, err, "second Get")
			wantContact(t, got, ids[1], 1)

			if got := f.statuses(http.MethodPost, "/v1/auth"); !slices.Equal(got, tt.wantExchange) {
				t.Errorf("exchanges answered %v, want %v", got, tt.wantExchange)
			}
		})
	}
}

// TestTokenRefused checks the 401 answers to a request: one is handled
// by a fresh token and a replay; a second, to the replay, is an APIError
// matching ErrUnauthorized; and rejected credentials are not retried.
func TestTokenRefused(t *testing.T) {
	t.Run("once", func(t *testing.T) {
		f := setup(t)
		ids := f.seedContacts(1)
		path := "/v1/contact/" + ids[0]
		f.srv.Inject(fake.Fault{Method: http.MethodGet, Path: path, Status: 401})
		got, err := f.client.Contacts.Get(context.Background(), ids[0])
		noErr(t, err, "Get")
		wantContact(t, got, ids[0], 0)
		if got, want := f.statuses(http.MethodGet, path), []int{401, 200}; !slices.Equal(got, want) {
			t.Errorf("server answered %v, want %v", got, want)
		}
		if n := f.srv.AuthCount(); n != 2 {
			t.Errorf("token exchanges = %d, want 2", n)
		}
	})
	t.Run("twice", func(t *testing.T) {
		f := setup(t)
		ids := f.seedContacts(1)
		path := "/v1/contact/" + ids[0]
		f.srv.Inject(fake.Fault{Method: http.MethodGet, Path: path, Status: 401, Times: 2})
		_, err := f.client.Contacts.Get(context.Background(), ids[0])
		_ = wantAPIError(t, err, facade.ErrUnauthorized, 401, "Get")
		if got, want := f.statuses(http.MethodGet, path), []int{401, 401}; !slices.Equal(got, want) {
			t.Errorf("server answered %v, want %v", got, want)
		}
	})
	t.Run("wrong secret", func(t *testing.T) {
		f := setup(t, withCredentials(apiKey, secret+"-revoked"))
		ids := f.seedContacts(1)
		_, err := f.client.Contacts.Get(context.Background(), ids[0])
		wantErrIs(t, err, auth.ErrInvalidCredentials, "Get")
		if got, want := f.statuses(http.MethodPost, "/v1/auth"), []int{401}; !slices.Equal(got, want) {
			t.Errorf("exchanges answered %v, want %v", got, want)
		}
		if n := f.requests(http.MethodGet, "/v1/contact/"+ids[0]); n != 0 {
			t.Errorf("API requests = %d, want 0", n)
		}
	})
}
