package adversarial

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// bulkSetup starts a fake with opts and returns it with a client of it,
// both on one auto clock: every wait, a retry's, a Retry-After's or the
// rate limiter's, moves that clock on at once instead of sleeping, and the
// fake's token bucket refills by the time so simulated. A bulk job then
// takes the CPU time of its requests, whatever rate limit it meets.
func bulkSetup(t *testing.T, fakeOpts []fake.Option, opts ...facade.Option) (*fake.Server, *facade.Client) {
	t.Helper()
	clk := clocktest.NewAuto(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := fake.Start(t, append([]fake.Option{fake.WithClock(clk)}, fakeOpts...)...)
	opts = append([]facade.Option{facade.WithBaseURL(srv.URL()), facade.WithClock(clk)}, opts...)
	c, err := facade.New(srv.APIKey(), srv.Secret(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

// bulkEmail is the email of row i.
func bulkEmail(i int) string { return fmt.Sprintf("row%07d@example.com", i) }

// bulkRows yields n contacts, calling each(i) before row i, if not nil.
func bulkRows(n int, each func(i int)) iter.Seq[*facade.ContactCreate] {
	return func(yield func(*facade.ContactCreate) bool) {
		for i := range n {
			if each != nil {
				each(i)
			}
			row := &facade.ContactCreate{Email: bulkEmail(i)}
			if !yield(row) {
				return
			}
		}
	}
}

// bulkCheckAll checks that a job of n rows gave every row, in order,
// succeeded, and that the fake applied each upsert exactly once.
func bulkCheckAll(t *testing.T, srv *fake.Server, job *facade.Bulk[*facade.ContactCreate, *facade.Contact], n int) {
	t.Helper()
	next := 0
	for r := range job.Results(t.Context()) {
		if r.Index != next {
			t.Fatalf("result %d has index %d: not in input order", next, r.Index)
		}
		if r.Err != nil {
			t.Errorf("row %d: %v", r.Index, r.Err)
		} else if r.Output == nil || r.Output.Email == nil || *r.Output.Email != r.Input.Email || r.Input.Email != bulkEmail(r.Index) {
			t.Errorf("row %d: input %v, output %v", r.Index, r.Input, r.Output)
		}
		next++
	}
	if next != n {
		t.Errorf("%d results, want %d: rows lost", next, n)
	}
	tot := job.Totals()
	if want := (facade.BulkTotals{Read: n, Succeeded: n, Complete: true}); tot != want {
		t.Errorf("Totals() = %+v, want %+v", tot, want)
	}
	counts, total := srv.UpsertCounts()
	if total != int64(n) || len(counts) != n {
		t.Errorf("the fake applied %d upserts to %d emails, want %d to %d", total, len(counts), n, n)
	}
	for i := range n {
		if got := counts[bulkEmail(i)]; got != 1 {
			t.Fatalf("row %d was upserted %d times, want exactly once", i, got)
		}
	}
}

// 1,000 upserts against a fake rate-limited to a fixed rate, below what
// the client can send, with bursts of injected 429s on top: no row lost,
// none failed, each upserted exactly once, results in input order. The
// rate is of the simulated clock of bulkSetup, so the job takes no real
// time waiting (BenchmarkBulkUpsert runs 20,000 rows in real time).
func TestBulkUpsertManyUnderRateLimit(t *testing.T) {
	n, rps := 1000, 150.0
	// The bucket's 429s ask for a second, as a real server's do: on the
	// simulated clock, time passes only in waits, so a bucket asking for
	// none could never refill while the job retries at once. The injected
	// bursts ask for none, and each is shorter than the attempts one row
	// has (3 per send, 1+DefaultBulkRateLimitRetries sends), so that no
	// row can be starved by a burst alone, whichever worker meets it.
	srv, c := bulkSetup(t, []fake.Option{fake.WithRateLimit(rps, 50), fake.WithRateLimitRetryAfter(1)})
	const bursts, burstLen = 4, 32
	burst := func(i int) {
		if i%(n/bursts) == n/bursts/2 { // a burst that outlasts any request's own retries
			srv.Inject(fake.Fault{Path: "/v1/contact/upsert", Status: http.StatusTooManyRequests, RetryAfter: "0", Times: burstLen})
		}
	}
	job, err := c.Contacts.UpsertMany(bulkRows(n, burst), &facade.BulkOptions{Concurrency: 16})
	if err != nil {
		t.Fatal(err)
	}
	bulkCheckAll(t, srv, job, n)
	if got := srv.CountRequests(http.MethodPost, "/v1/contact/upsert") - n; got < bursts*burstLen {
		t.Errorf("only %d upserts were answered other than 200: the bursts of 429 did not happen", got)
	}
	if srv.RateLimited() == 0 {
		t.Errorf("the fake's bucket answered no 429: the job never met the rate limit")
	}
	t.Logf("%d rows; 429s from the fake's bucket: %d", n, srv.RateLimited())
}

// With Retry-After: 1, as a real server sends, one 429 pauses every
// worker at once: no row fails, where 16 workers retrying each on its own
// lose rows (see BenchmarkBulkUpsert's naive pool). The seconds are of
// the simulated clock of bulkSetup.
func TestBulkUpsertManyRetryAfterOneSecond(t *testing.T) {
	n, rps := 600, 400.0
	srv, c := bulkSetup(t, []fake.Option{fake.WithRateLimit(rps, 20)})
	burst := func(i int) {
		if i == n/3 {
			srv.Inject(fake.Fault{Path: "/v1/contact/upsert", Status: http.StatusTooManyRequests, RetryAfter: "1", Times: 48})
		}
	}
	job, err := c.Contacts.UpsertMany(bulkRows(n, burst), &facade.BulkOptions{Concurrency: 16})
	if err != nil {
		t.Fatal(err)
	}
	bulkCheckAll(t, srv, job, n)
	if got := srv.CountRequests(http.MethodPost, "/v1/contact/upsert") - n; got < 48 {
		t.Errorf("only %d upserts were answered other than 200: the burst of 429 did not happen", got)
	}
	t.Logf("%d rows; 429s from the fake's bucket: %d", n, srv.RateLimited())
}

// An invalid row fails alone; with StopOnError it stops the job.
func TestBulkUpsertManyInvalidRow(t *testing.T) {
	rows := func(yield func(*facade.ContactCreate) bool) {
		for i := range 200 {
			row := &facade.ContactCreate{Email: bulkEmail(i)}
			if i == 20 {
				row = &facade.ContactCreate{} // no email
			}
			if !yield(row) {
				return
			}
		}
	}
	srv, c := bulkSetup(t, nil)
	job, err := c.Contacts.UpsertMany(rows, &facade.BulkOptions{Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	for r := range job.Results(t.Context()) {
		if (r.Err != nil) != (r.Index == 20) || (r.Index == 20 && !errors.Is(r.Err, facade.ErrInvalidArgument)) {
			t.Errorf("row %d: err %v", r.Index, r.Err)
		}
	}
	if tot := job.Totals(); tot != (facade.BulkTotals{Read: 200, Succeeded: 199, Failed: 1, Complete: true}) {
		t.Errorf("Totals() = %+v", tot)
	}

	_, stop := srv.UpsertCounts()
	job, err = c.Contacts.UpsertMany(rows, &facade.BulkOptions{Concurrency: 4, StopOnError: true})
	if err != nil {
		t.Fatal(err)
	}
	results := 0
	for range job.Results(t.Context()) {
		results++
	}
	tot := job.Totals()
	if !errors.Is(tot.Err, facade.ErrInvalidArgument) || tot.Complete || tot.Read != results || tot.Read >= 200 {
		t.Errorf("StopOnError: Totals() = %+v after %d results, want it stopped at row 20", tot, results)
	}
	if _, total := srv.UpsertCounts(); total-stop != int64(tot.Succeeded) {
		t.Errorf("StopOnError: the fake applied %d upserts, the job says %d succeeded", total-stop, tot.Succeeded)
	}
}

// Canceling the context stops the job at once; the totals and results
// say which rows were not attempted, and a second job over those rows
// completes the first.
func TestBulkUpsertManyCancelAndResume(t *testing.T) {
	const n = 1000
	srv, c := bulkSetup(t, nil)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pulled := 0
	rows := bulkRows(n, func(int) { pulled++ })
	job, err := c.Contacts.UpsertMany(rows, &facade.BulkOptions{Concurrency: 8})
	if err != nil {
		t.Fatal(err)
	}
	var retry []int
	for r := range job.Results(ctx) {
		if r.Index == 300 {
			cancel()
		}
		if r.Err != nil {
			if !errors.Is(r.Err, context.Canceled) {
				t.Errorf("row %d: %v, want context.Canceled", r.Index, r.Err)
			}
			retry = append(retry, r.Index)
		}
	}
	tot := job.Totals()
	if !errors.Is(tot.Err, context.Canceled) || tot.Complete || tot.Read >= n || tot.Read != pulled {
		t.Fatalf("Totals() = %+v with %d rows pulled, want a canceled job that read every row it pulled", tot, pulled)
	}
	if tot.Failed != len(retry) || tot.Succeeded+tot.Failed != tot.Read || tot.NotAttempted > tot.Failed {
		t.Errorf("Totals() = %+v, with %d failed results", tot, len(retry))
	}
	if tot.Read > 300+8*4+1 {
		t.Errorf("%d rows read after a cancel at row 300: the job did not stop promptly", tot.Read)
	}

	// Resume: the failed rows, then the rows never read.
	resume := func(yield func(*facade.ContactCreate) bool) {
		for _, i := range retry {
			if !yield(&facade.ContactCreate{Email: bulkEmail(i)}) {
				return
			}
		}
		for i := tot.Read; i < n; i++ {
			if !yield(&facade.ContactCreate{Email: bulkEmail(i)}) {
				return
			}
		}
	}
	again, err := c.Contacts.UpsertMany(resume, nil)
	if err != nil {
		t.Fatal(err)
	}
	for r := range again.Results(t.Context()) {
		if r.Err != nil {
			t.Errorf("resumed row %d: %v", r.Index, r.Err)
		}
	}
	counts, _ := srv.UpsertCounts()
	for i := range n {
		if counts[bulkEmail(i)] == 0 {
			t.Fatalf("row %d was never upserted after the resume", i)
		}
	}
}

// Breaking the loop stops the job; its goroutines are gone when the loop
// is, and it runs only once.
func TestBulkUpsertManyBreak(t *testing.T) {
	_, c := bulkSetup(t, nil)
	job, err := c.Contacts.UpsertMany(bulkRows(1000, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for range job.Results(t.Context()) {
		seen++
		if seen == 10 {
			break
		}
	}
	if tot := job.Totals(); tot.Complete || tot.Err != nil || tot.Read < 10 || tot.Read > 10+facade.DefaultBulkConcurrency*4 {
		t.Errorf("Totals() after a break at 10 = %+v", tot)
	}
	for r := range job.Results(t.Context()) {
		t.Fatalf("a second run yielded %+v", r)
	}
}

func TestBulkOptionsValidated(t *testing.T) {
	_, c := bulkSetup(t, nil)
	for _, o := range []*facade.BulkOptions{{Concurrency: -1}, {Concurrency: facade.MaxBulkConcurrency + 1}} {
		if _, err := c.Contacts.UpsertMany(bulkRows(1, nil), o); !errors.Is(err, facade.ErrInvalidArgument) {
			t.Errorf("UpsertMany with %+v: %v, want ErrInvalidArgument", o, err)
		}
	}
	if _, err := c.Contacts.UpsertMany(nil, nil); !errors.Is(err, facade.ErrInvalidArgument) {
		t.Errorf("UpsertMany(nil): %v, want ErrInvalidArgument", err)
	}
	if _, err := c.Lists.AddContacts("nope", func(func(string) bool) {}, nil); !errors.Is(err, facade.ErrInvalidArgument) {
		t.Errorf("AddContacts with a bad list id: %v, want ErrInvalidArgument", err)
	}
}
