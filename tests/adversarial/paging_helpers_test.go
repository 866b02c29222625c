package adversarial

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// pagingLiveness bounds how long a paging test may run before it counts
// as a loop; a correct walk never comes near it. It is not a timing
// assertion.
const pagingLiveness = 5 * time.Minute

// pagingRequestCap is the most collection requests a hostile-server test
// answers before it cancels the walk: a walk that gets there is looping.
const pagingRequestCap = 50

// pagingEnv is the fake behind a handler that a test may make hostile,
// and a Client on it with its own transport and a recording logger.
type pagingEnv struct {
	fake    *fake.Server
	srv     *httptest.Server
	client  *facade.Client
	logs    *testsupport.LogRecorder
	lists   atomic.Int64 // GET /v1/contact requests
	cancel  context.CancelFunc
	ctx     context.Context
	mu      sync.Mutex
	queries []string // raw queries of GET /v1/contact, in order
}

// pagingHostile rewrites a GET /v1/contact before the fake sees it, or
// answers it itself (returning true).
type pagingHostile func(w http.ResponseWriter, r *http.Request) bool

// pagingSetup starts the fake behind hostile (nil: an honest server) and
// returns the env; its ctx is canceled after pagingLiveness, and with a
// hostile server once pagingRequestCap collection requests have been
// answered.
func pagingSetup(t *testing.T, hostile pagingHostile) *pagingEnv {
	t.Helper()
	e := &pagingEnv{fake: fake.NewHandler(), logs: &testsupport.LogRecorder{}}
	e.ctx, e.cancel = context.WithTimeout(context.Background(), pagingLiveness)
	t.Cleanup(e.cancel)
	fh := e.fake.Handler()
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/v1/contact" {
			e.mu.Lock()
			e.queries = append(e.queries, r.URL.RawQuery)
			e.mu.Unlock()
			if e.lists.Add(1) > pagingRequestCap && hostile != nil {
				e.cancel()
			}
			if hostile != nil && hostile(w, r) {
				return
			}
		}
		fh.ServeHTTP(w, r)
	}))
	t.Cleanup(e.srv.Close)
	e.client = pagingClient(t, e.fake, e.srv.URL, e.logs)
	return e
}

// pagingClient returns a Client on baseURL with the credentials of f, a
// transport of its own (closed when the test ends) and logs as its logger.
func pagingClient(t *testing.T, f *fake.Server, baseURL string, logs *testsupport.LogRecorder) *facade.Client {
	t.Helper()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c, err := facade.New(f.APIKey(), f.Secret(), facade.WithBaseURL(baseURL),
		facade.WithTransport(tr), facade.WithLogger(slog.New(logs)))
	if err != nil {
		t.Fatalf("facade.New: %v", err)
	}
	return c
}

// seed stores n contacts and returns their ids, in increasing order.
func (e *pagingEnv) seed(n int) []string {
	cs := make([]facade.Contact, n)
	for i := range cs {
		cs[i] = facade.Contact{Email: facade.Ptr(fmt.Sprintf("paging%06d@example.com", i))}
	}
	return e.fake.InsertContacts(cs)
}

// query returns the raw queries of the collection requests so far.
func (e *pagingEnv) query() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.queries...)
}

// pagingIDs returns the _id of each contact.
func pagingIDs(t *testing.T, cs []facade.Contact) []string {
	t.Helper()
	ids := make([]string, len(cs))
	for i, c := range cs {
		if c.ID == nil {
			t.Fatalf("contact %d has no _id", i)
		}
		ids[i] = *c.ID
	}
	return ids
}

// pagingNoDuplicates fails the test if an id is in ids twice.
func pagingNoDuplicates(t *testing.T, ids []string) {
	t.Helper()
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			t.Fatalf("id %s yielded twice (of %d yielded)", id, len(ids))
		}
		seen[id] = true
	}
}

// pagingRemaining returns how many contacts the fake still holds, read
// with a fresh honest walk.
func pagingRemaining(t *testing.T, e *pagingEnv) int {
	t.Helper()
	p, err := e.client.Contacts.List(&facade.ListOptions{PageSize: 1000})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	n := 0
	for _, err := range p.All(e.ctx) {
		if err != nil {
			t.Fatalf("count remaining: %v", err)
		}
		n++
	}
	return n
}
