package tests

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/clock"
	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/query"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// authWorld is a fake server and a client of it, whose clocks the test
// moves: the client's is an auto clocktest.Clock, whose waits move it on;
// the server's is the client's plus lead, so that every move of the
// client's clock moves both at once.
type authWorld struct {
	srv    *fake.Server
	client *facade.Client
	clock  *clocktest.Clock
	lead   atomic.Int64 // how far the server's clock is ahead, in nanoseconds
}

// setupAuth starts a fake server whose tokens live one hour.
func setupAuth(t *testing.T) *authWorld {
	t.Helper()
	w := &authWorld{clock: clocktest.NewAuto(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))}
	w.srv = fake.Start(t, fake.WithTokenLifetime(time.Hour), fake.WithClock(clock.Func(w.serverNow)))
	w.client = newClient(t, w.srv, facade.WithClock(w.clock))
	return w
}

// serverNow returns the server's time.
func (w *authWorld) serverNow() time.Time {
	return w.clock.Now().Add(time.Duration(w.lead.Load()))
}

// skew moves the server's clock on by d, and not the client's.
func (w *authWorld) skew(d time.Duration) { w.lead.Add(int64(d)) }

// statuses returns how many requests of method, on a path that starts
// with prefix, got each status.
func (w *authWorld) statuses(method, prefix string) map[int]int {
	out := map[int]int{}
	for _, r := range w.srv.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, prefix) {
			out[r.Status]++
		}
	}
	return out
}

// TestTokenExpiresMidWalk walks 1,000 contacts, 100 a page, and after the
// 350th makes the token unusable, or about to expire: every contact must
// still come exactly once and in order, after one more auth exchange.
func TestTokenExpiresMidWalk(t *testing.T) {
	const n, pageSize, expireAfter = 1_000, 100, 350
	expiries := []struct {
		name    string
		expire  func(w *authWorld)
		want401 int // requests refused on the way: 0 if the client sees the expiry coming in time
	}{
		{"the server revokes it", func(w *authWorld) { w.srv.ExpireTokens() }, 1},
		{"it comes within the refresh margin", func(w *authWorld) { w.clock.Advance(time.Hour - auth.DefaultMargin/2) }, 0},
		{"it expires on the server's clock, ahead of the client's", func(w *authWorld) { w.skew(2 * time.Hour) }, 1},
	}
	for _, e := range expiries {
		for _, prefetch := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, prefetch %v", e.name, prefetch), func(t *testing.T) {
				w := setupAuth(t)
				want := insertPopulation(w.srv, n)
				p, err := w.client.Contacts.List(&facade.ListOptions{Sort: query.SortBy(query.Asc("created")),
					Fields: query.Select("email"), PageSize: pageSize, Prefetch: prefetch})
				noErr(t, err, "Contacts.List")
				var got []string
				for c, err := range p.All(t.Context()) {
					noErr(t, err, fmt.Sprintf("All, after %d contacts", len(got)))
					got = append(got, *c.ID)
					if len(got) == expireAfter {
						e.expire(w)
					}
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("ids walked (-want +got):\n%s", diff)
				}
				if got, want := w.srv.AuthCount(), 2; got != want {
					t.Errorf("auth exchanges = %d, want %d", got, want)
				}
				wantStatuses := map[int]int{http.StatusOK: n/pageSize + 1}
				if e.want401 > 0 {
					wantStatuses[http.StatusUnauthorized] = e.want401
				}
				if diff := cmp.Diff(wantStatuses, w.statuses("GET", "/v1/contact")); diff != "" {
					t.Errorf("statuses of GET /v1/contact (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// insertPopulation stores n contacts in srv and returns their ids in
// creation order.
func insertPopulation(srv *fake.Server, n int) []string {
	people := population(n, [3]string{})
	contacts := make([]facade.Contact, n)
	for i, p := range people {
		p.lists = nil
		contacts[i] = p.contact()
	}
	ids := srv.InsertContacts(contacts)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return people[a].created.Compare(people[b].created) })
	out := make([]string, n)
	for i, j := range order {
		out[i] = ids[j]
	}
	return out
}

// TestRevokedTokenReplaysWrite revokes the token before a write: the
// write is refused once, the client exchanges its credentials again and
// replays it, body included, and it takes effect once.
func TestRevokedTokenReplaysWrite(t *testing.T) {
	tests := []struct {
		name, method, path string
		email              string // the contact that must end up named Grace
		write              func(ctx context.Context, c *facade.Client, adaID string) error
	}{
		{"Contacts.Create", "POST", "/v1/contact", "grace@example.com", func(ctx context.Context, c *facade.Client, _ string) error {
			_, err := c.Contacts.Create(ctx, &facade.ContactCreate{Email: "grace@example.com",
				Properties: facade.ContactProperties{"firstname": "Grace"}})
			return err
		}},
		{"Contacts.Update", "PUT", "/v1/contact/", "ada@example.com", func(ctx context.Context, c *facade.Client, id string) error {
			_, err := c.Contacts.Update(ctx, id, &facade.ContactUpdate{Properties: facade.ContactProperties{"firstname": "Grace"}})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := setupAuth(t)
			id := w.srv.PutContact(facade.Contact{Email: facade.Ptr("ada@example.com")})
			_, err := w.client.Contacts.Get(t.Context(), id) // gets a token
			noErr(t, err, "Contacts.Get")
			w.srv.ExpireTokens()
			noErr(t, tt.write(t.Context(), w.client, id), tt.name)
			stored, _ := w.srv.ContactByEmail(tt.email)
			if got, want := stored.Properties["firstname"].String(), "Grace"; got != want {
				t.Errorf("stored firstname of %s = %q, want %q", tt.email, got, want)
			}
			if got, want := w.srv.AuthCount(), 2; got != want {
				t.Errorf("auth exchanges = %d, want %d", got, want)
			}
			if diff := cmp.Diff(map[int]int{http.StatusUnauthorized: 1, http.StatusOK: 1}, w.statuses(tt.method, tt.path)); diff != "" {
				t.Errorf("statuses of %s %s (-want +got):\n%s", tt.method, tt.path, diff)
			}
		})
	}
}
