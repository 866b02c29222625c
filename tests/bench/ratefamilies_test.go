package bench

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// familyRate is the sustainable rate of every server of
// BenchmarkRateFamilies, and familyRows its job: 2,000 rows, 10 s of work
// at that rate.
const (
	familyRate = 200.0
	familyRows = 2_000
)

// rateFamily is a fake rate-limited by one law, sustaining familyRate.
type rateFamily struct {
	name  string
	serve func() *fake.Server
}

var rateFamilies = []rateFamily{
	{"token bucket 200 a second, burst 20", func() *fake.Server {
		return fake.NewServer(fake.WithRateLimit(familyRate, 20))
	}},
	{"sliding window, 200 a second", func() *fake.Server {
		return fake.NewServer(fake.WithSlidingWindow(int(familyRate), time.Second))
	}},
	{"fixed window, 200 a second", func() *fake.Server {
		return fake.NewServer(fake.WithFixedWindow(int(familyRate), time.Second))
	}},
	{"prelude of 20 429s, then token bucket 200 a second, burst 20", func() *fake.Server {
		s := fake.NewServer(fake.WithRateLimit(familyRate, 20))
		s.Inject(fake.Fault{Method: http.MethodPost, Path: "/v1/contact/upsert", Times: 20, Status: http.StatusTooManyRequests, RetryAfter: "1"})
		return s
	}},
}

// BenchmarkRateFamilies runs UpsertMany of familyRows rows with the
// default options against a fake of each family, over loopback, with the
// adaptive limiter ("limiter") and with BulkOptions.DisableAdaptive
// ("pause-only": each call honours its own Retry-After, nothing paces the
// job). It reports the job's seconds, its rate as a ratio of the
// server's, the 429s per 1,000 requests and the failed rows. Run it with
// -benchtime=1x: one iteration is a whole job.
func BenchmarkRateFamilies(b *testing.B) {
	for _, f := range rateFamilies {
		for _, client := range []string{"limiter", "pause-only"} {
			b.Run(fmt.Sprintf("%s/%s", f.name, client), func(b *testing.B) {
				for b.Loop() {
					familyJob(b, f, client == "pause-only")
				}
			})
		}
	}
}

// familyJob runs one job against a new server of f and reports it.
func familyJob(b *testing.B, f rateFamily, pauseOnly bool) {
	srv := f.serve()
	defer srv.Close()
	counter := &answerCounter{}
	c, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()), facade.WithMiddleware(counter.wrap))
	if err != nil {
		b.Fatal(err)
	}
	job, err := c.Contacts.UpsertMany(bulkContacts(familyRows), &facade.BulkOptions{DisableAdaptive: pauseOnly})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for range job.Results(b.Context()) {
	}
	took := time.Since(start)
	failed := job.Totals().Failed
	if _, total := srv.UpsertCounts(); total != int64(familyRows-failed) {
		b.Errorf("the fake applied %d upserts, want %d", total, familyRows-failed)
	}
	b.ReportMetric(took.Seconds(), "s")
	b.ReportMetric(float64(familyRows-failed)/took.Seconds()/familyRate, "ratio")
	b.ReportMetric(1000*float64(counter.limited.Load())/max(1, float64(counter.requests.Load())), "429s/1000")
	b.ReportMetric(float64(failed), "failed-rows")
}

// answerCounter counts the answers of every attempt of a Client and the
// 429s among them; wrap is its middleware.
type answerCounter struct {
	requests, limited atomic.Int64
}

func (a *answerCounter) wrap(next http.RoundTripper) http.RoundTripper {
	return countingTransport{a, next}
}

// countingTransport counts the answers of next in its answerCounter.
type countingTransport struct {
	*answerCounter
	next http.RoundTripper
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(r)
	c.requests.Add(1)
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
		c.limited.Add(1)
	}
	return resp, err
}
