package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"go.uber.org/goleak"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/pager"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// TestMain fails the run if a test leaves a goroutine behind: a pager's
// prefetch, a fake server, a connection kept alive.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// setup starts a fake Leadfox server for the test and returns it with a
// client of it (see newClient).
func setup(t *testing.T, opts ...fake.Option) (*fake.Server, *facade.Client) {
	t.Helper()
	srv := fake.Start(t, opts...)
	return srv, newClient(t, srv)
}

// newClient returns a client of srv, with its credentials, over real
// HTTP and the SDK's whole transport chain; opts come after WithBaseURL.
func newClient(t *testing.T, srv *fake.Server, opts ...facade.Option) *facade.Client {
	t.Helper()
	c, err := facade.New(srv.APIKey(), srv.Secret(), append([]facade.Option{facade.WithBaseURL(srv.URL())}, opts...)...)
	if err != nil {
		t.Fatalf("facade.New: %v", err)
	}
	return c
}

// noErr fails the test now if err is not nil.
func noErr(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: unexpected error: %v", what, err)
	}
}

// collect ranges over p.All, as users walk a collection, and returns the
// items in order. p and err are what a List method returned; any error
// fails the test.
func collect[T any](t *testing.T, p *pager.Pager[T], err error) []T {
	t.Helper()
	noErr(t, err, "List")
	var items []T
	for item, err := range p.All(t.Context()) {
		noErr(t, err, fmt.Sprintf("All, after %d items", len(items)))
		items = append(items, item)
	}
	return items
}

// readBody reads and closes the body rc, if any.
func readBody(rc io.ReadCloser) ([]byte, error) {
	if rc == nil || rc == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(rc)
	if cerr := rc.Close(); err == nil {
		err = cerr
	}
	return b, err
}

// bodyReader returns a fresh reader over b, or nil for no body.
func bodyReader(b []byte) io.ReadCloser {
	if b == nil {
		return nil
	}
	return io.NopCloser(bytes.NewReader(b))
}

// decodeJSON returns b decoded as JSON: nil for an empty b, and b as a
// string if it is not JSON, so that a comparison shows it.
func decodeJSON(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return string(b)
	}
	return v
}
