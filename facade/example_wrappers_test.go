package facade_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// roundTripperFunc makes a function a RoundTripper.
type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// opMetrics counts the attempts of each operation and records their
// latency: what a Prometheus or expvar exporter would read.
type opMetrics struct {
	mu       sync.Mutex
	requests map[string]int
	latency  map[string][]time.Duration
}

func (m *opMetrics) Middleware(next http.RoundTripper) http.RoundTripper {
	return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		op, _ := facade.OperationFrom(req.Context())
		start := time.Now()
		resp, err := next.RoundTrip(req)
		m.mu.Lock()
		m.requests[op.ID]++
		m.latency[op.ID] = append(m.latency[op.ID], time.Since(start))
		m.mu.Unlock()
		return resp, err
	})
}

// A Middleware that counts requests and records their latency per
// operation: it sees every attempt, with the operation's id in the
// request's context.
func ExampleWithMiddleware() {
	srv := fake.NewServer()
	defer srv.Close()
	metrics := &opMetrics{requests: map[string]int{}, latency: map[string][]time.Duration{}}
	client, err := facade.New(srv.APIKey(), srv.Secret(),
		facade.WithBaseURL(srv.URL()),
		facade.WithMiddleware(metrics.Middleware),
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for _, email := range []string{"ada@example.com", "grace@example.com", "john@example.com"} {
		if _, err := client.Contacts.Upsert(ctx, &facade.ContactCreate{Email: email}); err != nil {
			log.Fatal(err)
		}
	}
	pages, err := client.Contacts.List(&facade.ListOptions{PageSize: 2})
	if err != nil {
		log.Fatal(err)
	}
	for _, err := range pages.All(ctx) {
		if err != nil {
			log.Fatal(err)
		}
	}
	_, err = client.Contacts.Get(ctx, "5f0c8a3b9d1e2a00123456ff")
	fmt.Println(errors.Is(err, facade.ErrNotFound))

	for _, op := range slices.Sorted(maps.Keys(metrics.requests)) {
		fmt.Printf("%s: %d requests, %d latencies recorded\n", op, metrics.requests[op], len(metrics.latency[op]))
	}
	// Output:
	// true
	// getContact: 1 requests, 1 latencies recorded
	// listContacts: 2 requests, 2 latencies recorded
	// upsertContact: 3 requests, 3 latencies recorded
}

// span is a tracing span, as an OpenTelemetry SDK would hold it.
type span struct {
	name  string
	attrs []string
	start time.Time
	end   time.Time
	err   error
}

// tracer makes one span per attempt and hands each ended span to export.
type tracer struct {
	export func(*span)
}

func (t tracer) Middleware(next http.RoundTripper) http.RoundTripper {
	return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		op, _ := facade.OperationFrom(req.Context())
		s := &span{name: "leadfox." + op.ID, start: time.Now()}
		s.attrs = append(s.attrs,
			"http.request.method="+req.Method,
			"leadfox.operation="+op.ID,
			"leadfox.resource_id="+op.ResourceID,
			fmt.Sprintf("leadfox.attempt=%d", op.Attempt),
		)
		resp, err := next.RoundTrip(req)
		s.end, s.err = time.Now(), err
		if resp != nil {
			s.attrs = append(s.attrs, fmt.Sprintf("http.response.status_code=%d", resp.StatusCode))
		}
		t.export(s)
		return resp, err
	})
}

// An OpenTelemetry-style span per attempt, written with the standard
// library only: a real tracer would take the span's parent from the
// request's context and put the trace header on a clone of the request.
func ExampleOperationFrom() {
	srv := fake.NewServer()
	defer srv.Close()
	var spans []*span
	client, err := facade.New(srv.APIKey(), srv.Secret(),
		facade.WithBaseURL(srv.URL()),
		facade.WithMiddleware(tracer{export: func(s *span) { spans = append(spans, s) }}.Middleware),
	)
	if err != nil {
		log.Fatal(err)
	}
	_, _ = client.Contacts.Get(context.Background(), "5f0c8a3b9d1e2a00123456ff")
	for _, s := range spans {
		fmt.Println(s.name, strings.Join(s.attrs, " "), !s.end.Before(s.start))
	}
	// Output:
	// leadfox.getContact http.request.method=GET leadfox.operation=getContact leadfox.resource_id=5f0c8a3b9d1e2a00123456ff leadfox.attempt=1 http.response.status_code=404 true
}

// Per-call options: a header on every attempt of this call, and the
// server's answer, here an error, with its request id.
func ExampleWithResponseInto() {
	srv := fake.NewServer() // an in-memory Leadfox API, for the example
	defer srv.Close()
	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}

	var resp facade.Response
	_, err = client.Contacts.Get(context.Background(), "5f0c8a3b9d1e2a00123456ff",
		facade.WithHeader("X-Correlation-Id", "order-1234"),
		facade.WithCallMaxAttempts(1),
		facade.WithResponseInto(&resp),
	)
	fmt.Println(errors.Is(err, facade.ErrNotFound), resp.StatusCode, resp.Header.Get("Content-Type"))
	// Output: true 404 application/json
}

// A call through Raw reaches an operation before the facade shapes it,
// with the whole chain applied; Decode gives the facade's typed value or
// error.
func ExampleClient_Raw() {
	srv := fake.NewServer() // an in-memory Leadfox API, for the example
	defer srv.Close()
	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}

	contact, err := facade.Decode[facade.Contact](client.Raw().UpsertContact(context.Background(), //nolint:bodyclose // Decode closes the body
		facade.ContactCreate{Email: "alan@example.com"}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(contact.GetID())
	_, err = facade.Decode[facade.Contact](client.Raw().GetContact(context.Background(), "5f0c8a3b9d1e2a00123456ff")) //nolint:bodyclose // Decode closes the body
	var apiErr *facade.APIError
	fmt.Println(errors.As(err, &apiErr), apiErr.Operation, apiErr.StatusCode)
	// Output:
	// 5f0c8a3b0000000000000001
	// true getContact 404
}
