package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// bulkRate and bulkBurst are the rate limit of the fake in
// BenchmarkBulkUpsert: below what the client can send on this machine,
// so the limit, not the CPU, bounds the job. bulkRows is the job the
// bulk test runs, 20,000 rows, 50 s of work at that rate, so the first
// 429's pause, which no client can avoid, costs a few per cent of the
// job. naiveSlowRows is the naive pool's job when the fake answers
// Retry-After: 1, smaller so that the run stays within minutes (the pool
// runs at about a twentieth of the rate there); its ratio is per second
// all the same.
const (
	bulkRate      = 400.0
	bulkBurst     = 20
	bulkRows      = 20_000
	naiveSlowRows = 2_000
)

// bulkContacts yields n contacts with distinct emails.
func bulkContacts(n int) iter.Seq[*facade.ContactCreate] {
	return func(yield func(*facade.ContactCreate) bool) {
		for i := range n {
			if !yield(&facade.ContactCreate{Email: "row" + strconv.Itoa(i) + "@example.com"}) {
				return
			}
		}
	}
}

// BenchmarkBulkUpsert upserts bulkRows contacts into a fake rate-limited
// to bulkRate requests per second (bursts of bulkBurst), answering 429
// with Retry-After: 0 or 1, with the bulk helper (Contacts.UpsertMany,
// 16 workers, adaptive) and with a naive pool of 16 goroutines calling
// Contacts.Upsert. It reports the rows per second, their ratio to the
// fake's rate ("ratio"), the failed rows and the fake's 429s. Run it with
// -benchtime=1x: one iteration is a whole job.
func BenchmarkBulkUpsert(b *testing.B) {
	for _, ra := range []int{0, 1} {
		for _, client := range []string{"bulk", "naive16"} {
			b.Run(fmt.Sprintf("retry-after=%d/client=%s", ra, client), func(b *testing.B) {
				for b.Loop() {
					srv := fake.NewServer(fake.WithRateLimit(bulkRate, bulkBurst), fake.WithRateLimitRetryAfter(ra))
					c, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
					if err != nil {
						b.Fatal(err)
					}
					rows := bulkRows
					if client == "naive16" && ra > 0 {
						rows = naiveSlowRows
					}
					start := time.Now()
					var failed int
					if client == "bulk" {
						failed = bulkJob(b, c, rows)
					} else {
						failed = naivePool(b.Context(), c, 16, rows)
					}
					perSecond := float64(rows-failed) / time.Since(start).Seconds()
					if _, total := srv.UpsertCounts(); total != int64(rows-failed) {
						b.Errorf("the fake applied %d upserts, want %d", total, rows-failed)
					}
					b.ReportMetric(perSecond, "rows/s")
					b.ReportMetric(perSecond/bulkRate, "ratio")
					b.ReportMetric(float64(failed), "failed-rows")
					b.ReportMetric(float64(srv.RateLimited()), "429s")
					srv.Close()
				}
			})
		}
	}
}

// bulkJob runs UpsertMany of rows contacts with 16 workers, checks that
// the results come in input order, and returns its failed rows.
func bulkJob(b *testing.B, c *facade.Client, rows int) int {
	job, err := c.Contacts.UpsertMany(bulkContacts(rows), &facade.BulkOptions{Concurrency: 16})
	if err != nil {
		b.Fatal(err)
	}
	next := 0
	for res := range job.Results(b.Context()) {
		if res.Index != next {
			b.Fatalf("result %d came for row %d: out of order", next, res.Index)
		}
		next++
	}
	return job.Totals().Failed
}

// naivePool is what a user writes without the bulk helper: workers
// goroutines taking rows from a channel and calling Contacts.Upsert,
// each retrying on its own, over rows contacts. It returns the failed
// rows.
func naivePool(ctx context.Context, c *facade.Client, workers, rows int) int {
	queue := make(chan *facade.ContactCreate)
	var mu sync.Mutex
	failed := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for row := range queue {
				if _, err := c.Contacts.Upsert(ctx, row); err != nil {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			}
		})
	}
	for row := range bulkContacts(rows) {
		queue <- row
	}
	close(queue)
	wg.Wait()
	return failed
}

// BenchmarkBulkStream streams 100,000 and 1,000,000 generated rows through
// UpsertMany and reports the bytes allocated per row ("B/row") and the
// peak live heap ("live-B"), sampled every 10,000 rows: a streamed job
// must neither keep its rows nor grow with them. The fake stores every
// contact and logs every request, which would grow the heap by design, so
// upserts here are answered by upsertEcho, which keeps nothing; the
// token comes from the fake, and requests go through an in-memory
// transport, so the heap measured is the client's. Run it with
// -benchtime=1x.
func BenchmarkBulkStream(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run("rows="+strconv.Itoa(n), func(b *testing.B) {
			c := streamClient(b)
			heap := newHeapSampler()
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for b.Loop() {
				job, err := c.Contacts.UpsertMany(bulkContacts(n), nil)
				if err != nil {
					b.Fatal(err)
				}
				for r := range job.Results(b.Context()) {
					if r.Err != nil {
						b.Fatalf("row %d: %v", r.Index, r.Err)
					}
					if r.Index%10_000 == 0 {
						heap.sample()
					}
				}
				if tot := job.Totals(); tot.Succeeded != n {
					b.Fatalf("totals %+v, want %d rows", tot, n)
				}
			}
			runtime.ReadMemStats(&after)
			rows := float64(b.N * n)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/rows, "B/row")
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/rows, "allocs/row")
			b.ReportMetric(float64(heap.peak), "live-B")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/rows, "ns/row")
		})
	}
}

// streamClient returns a client whose token comes from a fake and whose
// upserts upsertEcho answers, in memory.
func streamClient(b *testing.B) *facade.Client {
	srv := fake.NewHandler()
	b.Cleanup(srv.Close)
	mux := http.NewServeMux()
	mux.Handle("POST /v1/auth", srv.Handler())
	mux.HandleFunc("POST /v1/contact/upsert", upsertEcho)
	c, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL("http://fake.invalid"), facade.WithTransport(handlerTransport{mux}))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// upsertEcho answers an upsert with the contact sent, an _id and _owner,
// and stores nothing.
func upsertEcho(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email string `json:"email"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Email == "" {
		http.Error(w, `{"error":"bad contact"}`, http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = fmt.Fprintf(w, `{"_id":"5f0c8a3b0000000000000001","_owner":"5f0c8a3b0000000000000002","email":%q}`, in.Email)
}

// handlerTransport sends each request to a handler in memory.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	if req.Body != nil {
		_ = req.Body.Close()
	}
	resp := rec.Result()
	resp.Request = req
	if resp.Body == nil {
		resp.Body = io.NopCloser(bytes.NewReader(nil))
	}
	return resp, nil
}
