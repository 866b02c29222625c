package adversarial

import (
	"errors"
	"net/http"
	"testing"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// TestBulkAgainstAServerThatRefusesEverything runs a 1,000-row job
// against a server that refuses every upsert, with a 503 or a 429: the job
// ends within the bound of facade.RetryPolicy's doc, counted in requests
// (one per row, plus the retries the Client's retry budget pays for), and
// every row has its result, in input order, with the server's refusal.
func TestBulkAgainstAServerThatRefusesEverything(t *testing.T) {
	const rows = 1000
	bound := rows + facade.DefaultRetryBudget/facade.RetryCost
	for _, status := range []int{http.StatusServiceUnavailable, http.StatusTooManyRequests} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			srv, c := bulkSetup(t, nil)
			srv.Inject(fake.Fault{Method: http.MethodPost, Path: "/v1/contact/upsert", Status: status, RetryAfter: "1", Times: 1 << 30})
			job, err := c.Contacts.UpsertMany(bulkRows(rows, nil), nil)
			if err != nil {
				t.Fatal(err)
			}
			next := 0
			for r := range job.Results(t.Context()) {
				if r.Index != next {
					t.Fatalf("result %d has index %d", next, r.Index)
				}
				if apiErr, ok := errors.AsType[*facade.APIError](r.Err); !ok || apiErr.StatusCode != status {
					t.Fatalf("row %d: err %v, want the server's %d", r.Index, r.Err, status)
				}
				next++
			}
			if next != rows {
				t.Fatalf("%d results, want %d", next, rows)
			}
			if got := srv.CountRequests(http.MethodPost, "/v1/contact/upsert"); got > bound {
				t.Errorf("%d upsert requests for %d rows, want at most %d", got, rows, bound)
			} else {
				t.Logf("%d upsert requests for %d rows (bound %d)", got, rows, bound)
			}
		})
	}
}
