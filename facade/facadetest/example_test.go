package facadetest_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"sync"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/facade/facadetest"
)

// requestCounter is the wrapper under test: a Middleware counting the
// attempts of each operation.
type requestCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *requestCounter) Middleware(next http.RoundTripper) http.RoundTripper {
	return roundTripper(func(req *http.Request) (*http.Response, error) {
		op, _ := facade.OperationFrom(req.Context())
		c.mu.Lock()
		c.n[op.ID]++
		c.mu.Unlock()
		return next.RoundTrip(req)
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A wrapper is tested with an httpmock transport at the bottom of the
// real chain (facade.WithTransport), so retries, auth and middleware all
// run, and with a facadetest.Clock, so the retry's backoff costs no real
// time.
func ExampleClock() {
	const base = "https://api.leadfox.test"
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder("POST", base+"/v1/auth",
		httpmock.NewStringResponder(200, `{"jwt":"test-token","mode":"apikey","client":"Test","clientid":"c1"}`))
	mock.RegisterResponder("GET", base+"/v1/contact/5f0c8a3b9d1e2a0012345678",
		httpmock.ResponderFromMultipleResponses([]*http.Response{
			httpmock.NewStringResponse(503, `{"error":"busy"}`),                                             //nolint:bodyclose // the client closes the body
			httpmock.NewStringResponse(200, `{"_id":"5f0c8a3b9d1e2a0012345678","email":"ada@example.com"}`), //nolint:bodyclose // the client closes the body
		}))

	clock := facadetest.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	counter := &requestCounter{n: map[string]int{}}
	client, err := facade.New("test-key", "test-secret",
		facade.WithBaseURL(base),
		facade.WithTransport(mock),
		facade.WithClock(clock),
		facade.WithMiddleware(counter.Middleware),
	)
	if err != nil {
		log.Fatal(err)
	}
	contact, err := client.Contacts.Get(context.Background(), "5f0c8a3b9d1e2a0012345678")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*contact.Email)
	fmt.Println("getContact attempts:", counter.n["getContact"])
	fmt.Println("retry waits on the fake clock:", clock.Waits())
	// Output:
	// ada@example.com
	// getContact attempts: 2
	// retry waits on the fake clock: 1
}
