package facade

import (
	"context"
	"net/http"
	"slices"
	"testing"
)

// bulkPanic is the value a middleware panics with in the bulk tests.
type bulkPanic struct{ row string }

// TestBulkMiddlewarePanicReachesCaller: a middleware that panics in a
// worker of a bulk job does not crash the process; the panic, with its
// original value, is raised again in the goroutine running Results' loop,
// where the caller can recover it, after every worker has ended.
func TestBulkMiddlewarePanicReachesCaller(t *testing.T) {
	boom := func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(req *http.Request) (*http.Response, error) {
			panic(bulkPanic{row: req.URL.Path})
		})
	}
	f := setup(t, WithMiddleware(boom))
	ids := []string{contactID, contact2ID, contactID, contact2ID}
	job, err := f.client.Lists.AddContacts(listID, slices.Values(ids), &BulkOptions{Concurrency: 2})
	if err != nil {
		t.Fatalf("AddContacts: %v", err)
	}
	got := recoverBulk(job)
	p, ok := got.(bulkPanic)
	if !ok {
		t.Fatalf("recovered %#v, want the middleware's bulkPanic", got)
	}
	if p.row == "" {
		t.Errorf("recovered %#v, want the path of the row's request", p)
	}
	if n := f.apiCalls(); n != 0 {
		t.Errorf("%d requests reached the server, want 0", n)
	}
}

// recoverBulk runs job to the end and returns what its loop panicked
// with, or nil.
func recoverBulk[In, Out any](job *Bulk[In, Out]) (p any) {
	defer func() { p = recover() }()
	for range job.Results(context.Background()) {
	}
	return nil
}
