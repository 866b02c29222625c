package wrapper_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
	"go.uber.org/goleak"

	"github.com/leadfox-go/leadfox/examples/wrapper"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/facade/facadetest"
	"github.com/leadfox-go/leadfox/tests/fake"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// tenantLog records the tenant header of every request that reaches a
// handler, by method and path.
type tenantLog struct {
	mu   sync.Mutex
	seen []string
}

func (l *tenantLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.seen = append(l.seen, r.Method+" "+r.URL.Path+" tenant="+r.Header.Get(wrapper.TenantHeader))
		l.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (l *tenantLog) requests() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.seen)
}

// TestEnsureContactInListAgainstTheFake runs the wrapper against the fake
// server, whose first add answers 503: the raw call is retried, and every
// attempt carries the tenant.
func TestEnsureContactInListAgainstTheFake(t *testing.T) {
	srv := fake.NewHandler()
	log := &tenantLog{}
	hs := httptest.NewServer(log.wrap(srv.Handler()))
	t.Cleanup(hs.Close)
	opts := []facade.Option{
		facade.WithBaseURL(hs.URL),
		facade.WithHTTPClient(hs.Client()),
		facade.WithClock(facadetest.NewClock(time.Now())),
	}
	ctx := context.Background()
	admin, err := facade.New(srv.APIKey(), srv.Secret(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	list, err := admin.Lists.Create(ctx, &facade.ListCreate{Name: "newsletter"})
	if err != nil {
		t.Fatalf("create the list: %v", err)
	}
	srv.Inject(fake.Fault{Method: http.MethodPost, Path: "/v1/list/" + *list.ID + "/contact/*", Status: http.StatusServiceUnavailable})

	c, err := wrapper.New(srv.APIKey(), srv.Secret(), "acme", opts...)
	if err != nil {
		t.Fatal(err)
	}
	contact, err := c.EnsureContactInList(ctx, "ada@example.com", *list.ID)
	if err != nil {
		t.Fatalf("EnsureContactInList: %v", err)
	}
	if diff := cmp.Diff(map[string]int{"upsertContact": 1, "addContactToList": 2}, c.Requests()); diff != "" {
		t.Errorf("requests per operation (-want +got):\n%s", diff)
	}
	var tagged []string
	for _, r := range log.requests() {
		if r != "POST /v1/auth tenant=" && r != "POST /v1/list tenant=" {
			tagged = append(tagged, r)
		}
	}
	add := "POST /v1/list/" + *list.ID + "/contact/" + *contact.ID + " tenant=acme"
	if diff := cmp.Diff([]string{"POST /v1/contact/upsert tenant=acme", add, add}, tagged); diff != "" {
		t.Errorf("requests the server saw (-want +got):\n%s", diff)
	}
	members, err := admin.Lists.Contacts(*list.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for m, err := range members.All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, *m.ID)
	}
	if !slices.Equal(ids, []string{*contact.ID}) {
		t.Errorf("the list holds %v, want [%s]", ids, *contact.ID)
	}
}

const (
	mockBase  = "https://api.leadfox.test"
	contactID = "5f0c8a3b9d1e2a0012345678"
	listID    = "5f0c8a3b9d1e2a00123456aa"
)

// mockWrapper returns a wrapper Client whose chain ends in an httpmock
// transport that issues a token.
func mockWrapper(t *testing.T) (*wrapper.Client, *httpmock.MockTransport) {
	t.Helper()
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodPost, mockBase+"/v1/auth",
		httpmock.NewStringResponder(200, `{"jwt":"test-token","mode":"apikey","client":"Test","clientid":"c1"}`))
	mock.RegisterResponder(http.MethodPost, mockBase+"/v1/contact/upsert",
		httpmock.NewStringResponder(200, `{"_id":"`+contactID+`","email":"ada@example.com"}`))
	c, err := wrapper.New("test-key", "test-secret", "acme",
		facade.WithBaseURL(mockBase),
		facade.WithTransport(mock),
		facade.WithClock(facadetest.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))),
	)
	if err != nil {
		t.Fatal(err)
	}
	return c, mock
}

// TestEnsureContactInListWithHTTPMock checks the wire of a retried raw
// call: the token and the tenant on each attempt.
func TestEnsureContactInListWithHTTPMock(t *testing.T) {
	c, mock := mockWrapper(t)
	var mu sync.Mutex
	var attempts []http.Header
	answers := []int{http.StatusBadGateway, http.StatusOK}
	mock.RegisterResponder(http.MethodPost, mockBase+"/v1/list/"+listID+"/contact/"+contactID, func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		attempts = append(attempts, req.Header.Clone())
		return httpmock.NewStringResponse(answers[min(len(attempts), len(answers))-1], `{}`), nil
	})
	if _, err := c.EnsureContactInList(context.Background(), "ada@example.com", listID); err != nil {
		t.Fatalf("EnsureContactInList: %v", err)
	}
	if len(attempts) != 2 {
		t.Fatalf("%d attempts of the add, want 2 (the 502 retried)", len(attempts))
	}
	for i, h := range attempts {
		if h.Get("Authorization") != "JWT test-token" || h.Get(wrapper.TenantHeader) != "acme" {
			t.Errorf("attempt %d: Authorization %q, tenant %q; want the token and acme", i+1, h.Get("Authorization"), h.Get(wrapper.TenantHeader))
		}
	}
	if diff := cmp.Diff(map[string]int{"upsertContact": 1, "addContactToList": 2}, c.Requests()); diff != "" {
		t.Errorf("requests per operation (-want +got):\n%s", diff)
	}
}

func TestEnsureContactInListErrors(t *testing.T) {
	c, mock := mockWrapper(t)
	mock.RegisterResponder(http.MethodPost, mockBase+"/v1/list/"+listID+"/contact/"+contactID,
		httpmock.NewStringResponder(404, `{"error":"no such list"}`))
	_, err := c.EnsureContactInList(context.Background(), "ada@example.com", listID)
	var apiErr *facade.APIError
	if !errors.As(err, &apiErr) || apiErr.Operation != "addContactToList" || !errors.Is(err, facade.ErrNotFound) {
		t.Errorf("add to a missing list: %v, want a 404 APIError of addContactToList", err)
	}
	if _, err := wrapper.New("key", "secret", ""); err == nil {
		t.Error("New with an empty tenant succeeded")
	}
}
