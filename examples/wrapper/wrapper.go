// Package wrapper is an example of a downstream SDK built on package
// facade, as a module of its own: it counts the requests of each
// operation through a facade.Middleware, tags every call with its tenant
// through a per-call header, and reaches one operation through
// facade.Client.Raw with the whole transport chain (retries, auth,
// middleware) applied. It imports neither generated nor any other
// internal package of the SDK.
package wrapper

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"sync"

	"github.com/leadfox-go/leadfox/facade"
)

// TenantHeader is the header that carries the tenant on every request.
const TenantHeader = "X-Tenant"

// Client is a Leadfox client for one tenant. It is safe for concurrent
// use.
type Client struct {
	api    *facade.Client
	tenant string
	counts *Counter
}

// New returns a Client of tenant, which must not be empty, with the key
// and secret of its Leadfox account. opts are passed to [facade.New]
// after the Client's own middleware.
func New(apiKey, secret, tenant string, opts ...facade.Option) (*Client, error) {
	if tenant == "" {
		return nil, errors.New("wrapper: empty tenant")
	}
	counts := NewCounter()
	all := append([]facade.Option{
		facade.WithMiddleware(counts.Middleware),
		facade.WithUserAgent("leadfox-wrapper-example/0.1"),
	}, opts...)
	api, err := facade.New(apiKey, secret, all...)
	if err != nil {
		return nil, fmt.Errorf("wrapper: %w", err)
	}
	return &Client{api: api, tenant: tenant, counts: counts}, nil
}

// Requests returns the number of attempts sent so far for each
// operationId, retries included; the token exchange is not counted.
func (c *Client) Requests() map[string]int { return c.counts.Snapshot() }

// EnsureContactInList upserts the contact with email and adds it to the
// list listID, then returns it. Both calls carry the tenant header on
// every attempt. The add goes through [facade.Client.Raw], as a wrapper
// reaches an operation the facade shapes otherwise, and is retried like
// Lists.AddContact, being idempotent.
func (c *Client) EnsureContactInList(ctx context.Context, email, listID string) (*facade.Contact, error) {
	tenant := facade.WithHeader(TenantHeader, c.tenant)
	contact, err := c.api.Contacts.Upsert(ctx, &facade.ContactCreate{Email: email}, tenant)
	if err != nil {
		return nil, fmt.Errorf("wrapper: upsert %s: %w", email, err)
	}
	if contact.ID == nil {
		return nil, fmt.Errorf("wrapper: upsert %s: answer has no _id", email)
	}
	rawCtx, err := facade.CallContext(ctx, tenant)
	if err != nil {
		return nil, fmt.Errorf("wrapper: %w", err)
	}
	if err := facade.DecodeNoContent(c.api.Raw().AddContactToList(rawCtx, listID, *contact.ID)); err != nil { //nolint:bodyclose // DecodeNoContent closes the body
		return nil, fmt.Errorf("wrapper: add %s to list %s: %w", *contact.ID, listID, err)
	}
	return contact, nil
}

// Counter counts the attempts of each operation. It holds one entry per
// operationId of the API (and "" for a request of no known operation),
// so it stays small. It is safe for concurrent use.
type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

// NewCounter returns an empty Counter.
func NewCounter() *Counter { return &Counter{n: make(map[string]int)} }

// Middleware is a [facade.Middleware] that counts each attempt under its
// operationId.
func (c *Counter) Middleware(next http.RoundTripper) http.RoundTripper {
	return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		op, _ := facade.OperationFrom(req.Context())
		c.mu.Lock()
		c.n[op.ID]++
		c.mu.Unlock()
		return next.RoundTrip(req)
	})
}

// Snapshot returns a copy of the counts.
func (c *Counter) Snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.n)
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
