package facade

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/internal/testsupport"
	"github.com/leadfox-go/leadfox/internal/transport"
	"github.com/leadfox-go/leadfox/query"
)

// Credentials of the test account. The suite fails if any of them shows
// up in a log record or an error.
const (
	testAPIKey = "apikey-7f3a9c2e-NEVER-LOGGED"
	testSecret = "secret-41d8b6f0-NEVER-LOGGED"
	testBase   = "https://api.leadfox.test"
)

// testJWT expires in 2100, long after the fake clock's now.
var testJWT = testsupport.JWTPayload(`{"sub":"user-1","exp":4102444800}`)

// testNow is the time of the fake clock at the start of every test.
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// Ids of test resources.
const (
	contactID  = "5f0c8a3b9d1e2a0012345678"
	contact2ID = "5f0c8a3b9d1e2a0012345679"
	listID     = "5f0c8a3b9d1e2a00123456aa"
	campaignID = "5f0c8a3b9d1e2a00123456bb"
	folderID   = "5f0c8a3b9d1e2a00123456cc"
	emailID    = "5f0c8a3b9d1e2a00123456dd"
	propertyID = "5f0c8a3b9d1e2a00123456ee"
	mailingID  = "5f0c8a3b9d1e2a00123456ff"
)

// fixture is a Client whose base transport is an httpmock transport, so
// that the whole chain (retry, auth) runs above the mock.
type fixture struct {
	client *Client
	mock   *httpmock.MockTransport
	clock  *clocktest.Clock
	logs   *testsupport.LogRecorder
}

// setup returns a fixture whose mock answers POST /v1/auth with testJWT.
// The client retries with a deterministic backoff (n seconds before retry
// n) unless opts say otherwise, and logs at debug level into the suite's
// capture.
func setup(t *testing.T, opts ...Option) *fixture {
	t.Helper()
	f := &fixture{
		mock:  httpmock.NewMockTransport(),
		clock: newFakeClock(),
		logs:  newLogRecorder(),
	}
	f.mock.RegisterResponder(http.MethodPost, testBase+"/v1/auth", authResponder)
	all := append([]Option{
		WithBaseURL(testBase),
		WithTransport(f.mock),
		WithClock(f.clock),
		WithLogger(slog.New(f.logs)),
		WithRetry(RetryPolicy{Backoff: linearBackoff}),
	}, opts...)
	c, err := New(testAPIKey, testSecret, all...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	suite.recordValue(c)
	f.client = c
	return f
}

func linearBackoff(n int) time.Duration { return time.Duration(n) * time.Second }

func authResponder(req *http.Request) (*http.Response, error) {
	var body struct{ APIKey, Secret string }
	_ = json.NewDecoder(req.Body).Decode(&body) // a bad body leaves the fields empty
	if body.APIKey != testAPIKey || body.Secret != testSecret {
		return httpmock.NewStringResponse(http.StatusUnauthorized, `{"error":"bad credentials"}`), nil
	}
	return httpmock.NewJsonResponse(http.StatusOK, map[string]string{
		"jwt": testJWT, "mode": "apikey", "client": "Acme", "clientid": "client-1",
	})
}

// apiCalls returns the number of requests that reached the mock, the
// auth exchange excluded.
func (f *fixture) apiCalls() int {
	n := 0
	for key, count := range f.mock.GetCallCountInfo() {
		if !strings.HasSuffix(key, "/v1/auth") {
			n += count
		}
	}
	return n
}

// calls returns the number of requests with method whose path starts with
// prefix that reached the mock.
func (f *fixture) calls(method, prefix string) int {
	n := 0
	for key, count := range f.mock.GetCallCountInfo() {
		m, url, _ := strings.Cut(key, " ")
		if m == method && strings.HasPrefix(url, testBase+prefix) {
			n += count
		}
	}
	return n
}

// seen is a request as the mock received it.
type seen struct {
	Method, Path string
	Query        url.Values
	Auth         string
	UserAgent    string
	Body         []byte
	Operation    string
	Header       http.Header
}

// recorder is a responder that records each request and answers with the
// next of its responses, repeating the last.
type recorder struct {
	mu        sync.Mutex
	requests  []seen
	responses []httpmock.Responder
}

// respondJSON answers with status and a JSON body.
func respondJSON(status int, body string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		return jsonResponse(status, body), nil
	}
}

func jsonResponse(status int, body string) *http.Response {
	resp := httpmock.NewStringResponse(status, body)
	resp.Header.Set("Content-Type", "application/json")
	return resp
}

func (r *recorder) respond(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	r.mu.Lock()
	n := len(r.requests)
	r.requests = append(r.requests, seen{
		Method: req.Method, Path: req.URL.Path, Query: req.URL.Query(),
		Auth: req.Header.Get("Authorization"), UserAgent: req.Header.Get("User-Agent"),
		Body: body, Operation: transport.OperationFrom(req.Context()).Name(), Header: req.Header.Clone(),
	})
	next := r.responses[min(n, len(r.responses)-1)]
	r.mu.Unlock()
	return next(req)
}

func (r *recorder) seen() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seen(nil), r.requests...)
}

// on registers a recorder for method and path answering with responses.
func (f *fixture) on(method, path string, responses ...httpmock.Responder) *recorder {
	r := &recorder{responses: responses}
	f.mock.RegisterResponder(method, testBase+path, r.respond)
	return r
}

// newFakeClock returns the clock of a test: an auto clocktest.Clock at
// testNow, whose waits fire at once and move it on.
func newFakeClock() *clocktest.Clock { return clocktest.NewAuto(testNow) }

// newLogRecorder returns a log recorder that copies the text of every
// record into the suite's capture.
func newLogRecorder() *testsupport.LogRecorder {
	return &testsupport.LogRecorder{OnRecord: suite.add}
}

// noErr fails the test if err is not nil.
func noErr(t *testing.T, err error, what string) {
	t.Helper()
	suite.recordErr(err)
	if err != nil {
		t.Fatalf("%s: unexpected error: %v", what, err)
	}
}

// wantErr fails the test unless errors.Is(err, target).
func wantErr(t *testing.T, err, target error, what string) {
	t.Helper()
	suite.recordErr(err)
	if !errors.Is(err, target) {
		t.Fatalf("%s: error = %v, want one matching %v", what, err, target)
	}
}

// jsonEqual fails the test unless got and want are equal JSON documents.
func jsonEqual(t *testing.T, got []byte, want, what string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: body %q is not JSON: %v", what, got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("%s: want %q is not JSON: %v", what, want, err)
	}
	if diff := cmp.Diff(w, g); diff != "" {
		t.Errorf("%s: JSON body mismatch (-want +got):\n%s", what, diff)
	}
}

// cmpModels compares models, their unions by JSON value.
var cmpModels = cmp.Options{
	cmp.Transformer("CampaignList", func(l CampaignList) any { return unionValue(l) }),
	cmp.Transformer("BatchConfiguration", func(b BatchConfiguration) any { return unionValue(b) }),
}

func unionValue(m json.Marshaler) any {
	b, err := m.MarshalJSON()
	if err != nil {
		return err.Error()
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return string(b)
	}
	return v
}

// mustFilter returns the filter path = value.
func mustFilter(path, value string) query.Filter {
	return query.And(query.Eq(path, value))
}

// campaignType converts an int to a campaign type code.
func campaignType(v int) CampaignCreateType { return CampaignCreateType(v) }

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
