package facade_test

import (
	"context"
	"fmt"
	"log"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// Upsert a stream of contacts, rate-limited by the server, and count
// them.
func ExampleContactsService_UpsertMany() {
	srv := fake.NewServer(fake.WithRateLimit(200, 10), fake.WithRateLimitRetryAfter(0))
	defer srv.Close()
	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	rows := func(yield func(*facade.ContactCreate) bool) {
		for i := range 100 {
			if !yield(&facade.ContactCreate{Email: fmt.Sprintf("contact%03d@example.com", i)}) {
				return
			}
		}
	}
	job, err := client.Contacts.UpsertMany(rows, &facade.BulkOptions{Concurrency: 4})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for r := range job.Results(ctx) {
		if r.Err != nil {
			fmt.Printf("row %d (%s): %v\n", r.Index, r.Input.Email, r.Err)
		}
	}
	t := job.Totals()
	fmt.Printf("read %d, upserted %d, failed %d, complete %v\n", t.Read, t.Succeeded, t.Failed, t.Complete)
	n, err := client.Contacts.Count(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("contacts:", n)
	// Output:
	// read 100, upserted 100, failed 0, complete true
	// contacts: 100
}
