package adversarial

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// The credentials of the transport tests' fake servers.
const (
	transportKey    = "transport-key-3b9d5f1a7c2e"
	transportSecret = "transport-secret-6e4a2c8b0d1f"
)

// transportRetry is the retry policy of the transport tests: the default
// attempts, with waits of a millisecond so that no test sleeps.
var transportRetry = facade.RetryPolicy{Backoff: func(int) time.Duration { return time.Millisecond }}

// transportEnv is a fake server behind a hostile mux, and what the tests
// observe of its connections.
type transportEnv struct {
	srv    *fake.Server
	url    string
	client *facade.Client
	// conns counts the connections the server accepted.
	conns atomic.Int64
}

// transportSetup starts a fake server on loopback, with routes (net/http
// ServeMux patterns) served by their handlers instead of the fake, and
// returns a Client for it with transportRetry and then opts. Everything
// is closed when the test ends.
func transportSetup(t *testing.T, routes map[string]http.Handler, opts ...facade.Option) *transportEnv {
	t.Helper()
	env := &transportEnv{srv: fake.NewHandler(fake.WithCredentials(transportKey, transportSecret))}
	mux := http.NewServeMux()
	mux.Handle("/", env.srv.Handler())
	for pattern, h := range routes {
		mux.Handle(pattern, h)
	}
	ts := httptest.NewUnstartedServer(mux)
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			env.conns.Add(1)
		}
	}
	ts.Start()
	t.Cleanup(ts.Close)
	t.Cleanup(env.srv.Close) // first: it ends held requests that ts.Close would wait for
	env.url = ts.URL
	all := append([]facade.Option{facade.WithBaseURL(ts.URL), facade.WithRetry(transportRetry)}, opts...)
	c, err := facade.New(transportKey, transportSecret, all...)
	if err != nil {
		t.Fatalf("facade.New: %v", err)
	}
	env.client = c
	return env
}

// seed stores n contacts and returns their ids in order.
func (env *transportEnv) seed(n int) []string {
	cs := make([]facade.Contact, n)
	for i := range cs {
		cs[i] = facade.Contact{Email: facade.Ptr(fmt.Sprintf("t%05d@example.com", i))}
	}
	return env.srv.InsertContacts(cs)
}

// transportCall is one facade call of the transport tests.
type transportCall struct {
	name   string
	method string
	path   func(id string) string
	call   func(ctx context.Context, c *facade.Client, id string) error
}

// transportCalls are a call of each write method, and the GET, on the
// contact id, with the path each sends.
var transportCalls = []transportCall{
	{"Get", http.MethodGet, func(id string) string { return "/v1/contact/" + id },
		func(ctx context.Context, c *facade.Client, id string) error {
			_, err := c.Contacts.Get(ctx, id)
			return err
		}},
	{"Update", http.MethodPut, func(id string) string { return "/v1/contact/" + id },
		func(ctx context.Context, c *facade.Client, id string) error {
			_, err := c.Contacts.Update(ctx, id, &facade.ContactUpdate{Properties: facade.ContactProperties{"seen": "yes"}})
			return err
		}},
	{"Create", http.MethodPost, func(string) string { return "/v1/contact" },
		func(ctx context.Context, c *facade.Client, _ string) error {
			_, err := c.Contacts.Create(ctx, &facade.ContactCreate{Email: "created@example.com"})
			return err
		}},
	{"Upsert", http.MethodPost, func(string) string { return "/v1/contact/upsert" },
		func(ctx context.Context, c *facade.Client, _ string) error {
			_, err := c.Contacts.Upsert(ctx, &facade.ContactCreate{Email: "upserted@example.com"})
			return err
		}},
	{"Delete", http.MethodDelete, func(id string) string { return "/v1/contact/" + id },
		func(ctx context.Context, c *facade.Client, id string) error {
			return c.Contacts.Delete(ctx, id)
		}},
}

// transportWantErrIs fails the test unless err matches each of targets.
func transportWantErrIs(t *testing.T, err error, what string, targets ...error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: error = nil, want one matching %v", what, targets)
	}
	for _, target := range targets {
		if !errors.Is(err, target) {
			t.Errorf("%s: error %q does not match %v", what, err, target)
		}
	}
}

// transportWantText fails the test unless err's text holds each of parts.
func transportWantText(t *testing.T, err error, what string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %v does not say %q", what, err, p)
		}
	}
}
