package fake_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/tests/fake"
)

func TestServersAreIndependent(t *testing.T) {
	a, ca := setup(t)
	b, cb := setup(t)
	if a.APIKey() == b.APIKey() || a.Secret() == b.Secret() || a.ClientID() == b.ClientID() {
		t.Error("two Servers share credentials or a client id")
	}
	ca.create("/v1/contact", doc{"email": "a@example.com"})
	if got := cb.list("/v1/contact"); len(got) != 0 {
		t.Errorf("second Server has contacts %v", got)
	}
	a.Inject(fake.Fault{Status: 500})
	wantStatus(t, cb.send(http.MethodGet, "/v1/contact", nil, nil), http.StatusOK, "")
	cb.token = ca.token
	wantStatus(t, cb.send(http.MethodGet, "/v1/contact", nil, nil), http.StatusUnauthorized, "signature")
	if got := b.CountRequests("", ""); got != 4 {
		t.Errorf("second Server counted %d requests, want 4", got)
	}
}

func TestNewHandlerMounts(t *testing.T) {
	srv := fake.NewHandler(fake.WithCredentials("k", "s"))
	defer srv.Close()
	if got := srv.URL(); got != "" {
		t.Errorf("URL() = %q, want empty for a handler", got)
	}
	mux := http.NewServeMux()
	mux.Handle("/", srv.Handler())
	ts := httptest.NewServer(mux)
	defer ts.Close()

	res, err := http.Post(ts.URL+"/v1/auth", "application/json", encodeBody(t, doc{"apikey": "k", "secret": "s"}))
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK || srv.AuthCount() != 1 {
		t.Errorf("POST /v1/auth: status %d, AuthCount %d; want 200, 1", res.StatusCode, srv.AuthCount())
	}
}

func TestRequestLog(t *testing.T) {
	clk := newClock()
	srv, c := setup(t, fake.WithClock(clk))
	clk.Advance(time.Second)
	c.list("/v1/contact", "filters", "email = a@example.com", "limit", "5")
	c.send(http.MethodGet, "/v1/contact/"+unknownID, nil, nil)

	want := []fake.Request{
		{Method: "POST", Path: "/v1/auth", Query: url.Values{}, Status: 200, Time: clk.Now().Add(-time.Second)},
		{Method: "GET", Path: "/v1/contact", Query: url.Values{"filters": {"email = a@example.com"}, "limit": {"5"}}, Status: 200, Time: clk.Now()},
		{Method: "GET", Path: "/v1/contact/" + unknownID, Query: url.Values{}, Status: 404, Time: clk.Now()},
	}
	if diff := cmp.Diff(want, srv.Requests()); diff != "" {
		t.Errorf("Requests() (-want +got):\n%s", diff)
	}
	tests := []struct {
		method, prefix string
		want           int
	}{
		{"", "", 3},
		{"GET", "", 2},
		{"", "/v1/contact", 2},
		{"GET", "/v1/contact/", 1},
		{"POST", "/v1/contact", 0},
	}
	for _, tt := range tests {
		if got := srv.CountRequests(tt.method, tt.prefix); got != tt.want {
			t.Errorf("CountRequests(%q, %q) = %d, want %d", tt.method, tt.prefix, got, tt.want)
		}
	}
}

func TestQueryResultsFollowUpdates(t *testing.T) {
	_, c := setup(t)
	for _, email := range []string{"b@example.com", "a@example.com"} {
		c.create("/v1/contact", doc{"email": email})
	}
	page := func() []string { return emails(c.list("/v1/contact", "sort", "email", "limit", "1")) }
	if diff := cmp.Diff([]string{"a@example.com"}, page()); diff != "" {
		t.Errorf("first page (-want +got):\n%s", diff)
	}
	c.create("/v1/contact", doc{"email": "0@example.com"})
	if diff := cmp.Diff([]string{"0@example.com"}, page()); diff != "" {
		t.Errorf("first page after a create (-want +got):\n%s", diff)
	}
}

// TestConcurrentUse runs every kind of call at once; -race checks it.
func TestConcurrentUse(t *testing.T) {
	srv, c := setup(t)
	list := c.create("/v1/list", doc{"name": "L"})
	const workers, each = 8, 10
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			wc := &client{t: t, srv: srv, token: c.token}
			for i := range each {
				id := wc.create("/v1/contact", doc{"email": fmt.Sprintf("%d-%d@example.com", w, i)})
				wc.addToList(list, id)
				wc.call(http.MethodPost, "/v1/contact/upsert", doc{"email": "shared@example.com", "properties": doc{fmt.Sprint(w): "x"}})
				wc.list("/v1/list/"+list+"/contact", "sort", "-email", "limit", "3")
				srv.Inject(fake.Fault{Path: "/nowhere"})
				srv.Requests()
				srv.InsertContacts([]generated.Contact{{Email: ptr(fmt.Sprintf("seed-%d-%d@example.com", w, i))}})
			}
		})
	}
	wg.Wait()
	if got, want := len(c.list("/v1/list/"+list+"/contact", "limit", "1000")), workers*each; got != want {
		t.Errorf("list has %d contacts, want %d", got, want)
	}
	if got, want := len(c.list("/v1/contact", "limit", "1000")), 2*workers*each+1; got != want {
		t.Errorf("%d contacts, want %d", got, want)
	}
	shared, _ := srv.ContactByEmail("shared@example.com")
	if got := len(shared.Properties); got != workers {
		t.Errorf("shared contact has %d properties, want %d: %v", got, workers, shared.Properties)
	}
}

func TestSeedIDs(t *testing.T) {
	srv, c := setup(t)
	given := "5f0c8a3b0000000000000002" // what the second generated id would be
	ids := srv.InsertContacts([]generated.Contact{
		{Email: ptr("a@example.com")},
		{Email: ptr("b@example.com"), ID: ptr(given)},
		{Email: ptr("c@example.com")},
	})
	want := []string{"5f0c8a3b0000000000000001", given, "5f0c8a3b0000000000000003"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("InsertContacts ids (-want +got):\n%s", diff)
	}
	got, ok := srv.Contact(given)
	if !ok || *got.Email != "b@example.com" || got.Created == nil || *got.Owner != srv.ClientID() {
		t.Errorf("Contact(%s) = %+v, %v; want b@example.com with created and _owner", given, got, ok)
	}
	if next := c.create("/v1/folder", doc{"name": "F"}); next != "5f0c8a3b0000000000000004" {
		t.Errorf("next generated id = %s, want 5f0c8a3b0000000000000004", next)
	}
}

func TestSeedPanics(t *testing.T) {
	srv := fake.Start(t)
	taken := srv.PutContact(generated.Contact{Email: ptr("taken@example.com")})
	tests := []struct {
		name string
		put  func()
	}{
		{"bad id", func() { srv.PutCampaign(generated.Campaign{ID: ptr("x")}) }},
		{"taken id", func() { srv.PutContact(generated.Contact{ID: &taken, Email: ptr("new@example.com")}) }},
		{"taken email", func() { srv.PutContact(generated.Contact{Email: ptr("taken@example.com")}) }},
		{"email twice in a batch", func() {
			srv.InsertContacts([]generated.Contact{{Email: ptr("x@example.com")}, {Email: ptr("x@example.com")}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("did not panic")
				}
			}()
			tt.put()
		})
	}
	if _, ok := srv.ContactByEmail("x@example.com"); ok {
		t.Error("a batch that panicked stored a contact")
	}
}

func TestOptionsPanicOnInvalidValues(t *testing.T) {
	for name, opt := range map[string]func(){
		"empty API key": func() { fake.WithCredentials("", "s") },
		"empty secret":  func() { fake.WithCredentials("k", "") },
		"nil clock":     func() { fake.WithClock(nil) },
		"empty id":      func() { fake.WithClientID("") },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("did not panic")
				}
			}()
			opt()
		})
	}
}

func TestCloseTwice(t *testing.T) {
	srv := fake.NewServer()
	srv.Close()
	srv.Close()
}
