package fake_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/tests/fake"
)

func TestFaultStatus(t *testing.T) {
	srv, c := setup(t)
	srv.Inject(fake.Fault{Path: "/v1/list", Status: http.StatusServiceUnavailable, RetryAfter: "2", Times: 2})
	for i := range 2 {
		res := c.send(http.MethodGet, "/v1/list", nil, nil)
		wantStatus(t, res, http.StatusServiceUnavailable, "Service Unavailable")
		if got := res.header.Get("Retry-After"); got != "2" {
			t.Errorf("request %d: Retry-After = %q, want %q", i, got, "2")
		}
	}
	wantStatus(t, c.send(http.MethodGet, "/v1/list", nil, nil), http.StatusOK, "")

	var got []int
	for _, r := range srv.Requests()[1:] { // after the auth exchange
		got = append(got, r.Status)
	}
	if diff := cmp.Diff([]int{503, 503, 200}, got); diff != "" {
		t.Errorf("recorded statuses (-want +got):\n%s", diff)
	}
}

func TestFaultBody(t *testing.T) {
	tests := []struct {
		body, contentType string
	}{
		{"<html>slow down</html>", "text/plain; charset=utf-8"},
		{`{"message": "slow down"}`, "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			srv, c := setup(t)
			srv.Inject(fake.Fault{Status: http.StatusTooManyRequests, Body: tt.body})
			res := c.send(http.MethodGet, "/v1/list", nil, nil)
			if res.status != http.StatusTooManyRequests || string(res.body) != tt.body {
				t.Errorf("got %d %q, want 429 %q", res.status, res.body, tt.body)
			}
			if got := res.header.Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type = %q, want %q", got, tt.contentType)
			}
		})
	}
}

func TestFaultMatching(t *testing.T) {
	tests := []struct {
		fault        fake.Fault
		method, path string
		hit          bool
	}{
		{fake.Fault{}, "GET", "/v1/list", true},
		{fake.Fault{Method: "POST"}, "GET", "/v1/list", false},
		{fake.Fault{Method: "GET"}, "GET", "/v1/list", true},
		{fake.Fault{Path: "/v1/contact"}, "POST", "/v1/contact", true},
		{fake.Fault{Path: "/v1/contact"}, "POST", "/v1/contact/upsert", false},
		{fake.Fault{Path: "/v1/contact*"}, "POST", "/v1/contact/upsert", true},
		{fake.Fault{Path: "/v1/contact*"}, "GET", "/v1/list", false},
		{fake.Fault{Method: "POST", Path: "/v1/auth"}, "POST", "/v1/auth", true},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path+" "+tt.fault.Method+" "+tt.fault.Path, func(t *testing.T) {
			srv, c := setup(t)
			tt.fault.Status = http.StatusTeapot
			srv.Inject(tt.fault)
			body := map[string]string{"apikey": srv.APIKey(), "secret": srv.Secret(), "email": "a@example.com"}
			if got := c.send(tt.method, tt.path, body, nil).status == http.StatusTeapot; got != tt.hit {
				t.Errorf("fault applied = %v, want %v", got, tt.hit)
			}
		})
	}
}

func TestFaultsApplyInOrderAndBeforeAuth(t *testing.T) {
	srv, c := setup(t)
	srv.Inject(fake.Fault{Path: "/v1/list", Status: 500})
	srv.Inject(fake.Fault{Status: 502, Times: 2})
	c.token = ""
	for _, want := range []int{500, 502, 502, 401} {
		if got := c.send(http.MethodGet, "/v1/list", nil, nil).status; got != want {
			t.Errorf("status = %d, want %d", got, want)
		}
	}
}

func TestClearFaults(t *testing.T) {
	srv, c := setup(t)
	srv.Inject(fake.Fault{Status: 500, Times: 10})
	srv.ClearFaults()
	wantStatus(t, c.send(http.MethodGet, "/v1/list", nil, nil), http.StatusOK, "")
}

func TestFaultMalformedBody(t *testing.T) {
	srv, c := setup(t)
	srv.Inject(fake.Fault{Kind: fake.FaultMalformedBody})
	srv.Inject(fake.Fault{Kind: fake.FaultMalformedBody, Status: 201, Body: "[1, 2"})
	for _, want := range []int{200, 201} {
		res := c.send(http.MethodGet, "/v1/list", nil, nil)
		if res.status != want || json.Valid(res.body) {
			t.Errorf("got %d %q, want %d and invalid JSON", res.status, res.body, want)
		}
		if got := res.header.Get("Content-Type"); got != "application/json" {
			t.Errorf("Content-Type = %q, want application/json", got)
		}
	}
}

func TestFaultTruncatedBody(t *testing.T) {
	srv, c := setup(t)
	c.create("/v1/list", doc{"name": "Customers", "description": "everyone who paid"})
	srv.Inject(fake.Fault{Kind: fake.FaultTruncatedBody})
	cut := c.send(http.MethodGet, "/v1/list", nil, nil)
	full := c.send(http.MethodGet, "/v1/list", nil, nil)

	if want := full.body[:len(full.body)/2]; cut.status != http.StatusOK || string(cut.body) != string(want) {
		t.Errorf("got %d %q, want 200 %q", cut.status, cut.body, want)
	}
	if got, want := cut.header.Get("Content-Length"), strconv.Itoa(len(cut.body)); got != want {
		t.Errorf("Content-Length = %s, want %s", got, want)
	}
}

// rawClient sends each request on a new connection, so that a dropped
// one is not silently retried on another.
func rawClient(t *testing.T) *http.Client {
	tr := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func TestFaultDropConnection(t *testing.T) {
	srv, c := setup(t)
	id := c.create("/v1/contact", doc{"email": "a@example.com"})
	tests := []struct {
		name, method, path, body string
		wantErr                  error // from reading the body; nil: from Do
	}{
		{"mid-body", http.MethodPost, "/v1/contact", `{"email": "b@example.com"}`, io.ErrUnexpectedEOF},
		{"no body", http.MethodDelete, "/v1/contact/" + id, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Inject(fake.Fault{Kind: fake.FaultDropConnection})
			req, _ := http.NewRequest(tt.method, srv.URL()+tt.path, strings.NewReader(tt.body))
			req.Header.Set("Authorization", "JWT "+c.token)
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			res, err := rawClient(t).Do(req)
			if tt.wantErr == nil {
				if err == nil {
					_ = res.Body.Close()
					t.Fatalf("Do: status %d, want an error", res.StatusCode)
				}
				return
			}
			if err != nil {
				t.Fatalf("Do: %v, want the head of the response", err)
			}
			defer func() { _ = res.Body.Close() }()
			if _, err := io.ReadAll(res.Body); !errors.Is(err, tt.wantErr) {
				t.Errorf("read body: %v, want %v", err, tt.wantErr)
			}
		})
	}
	// The requests took effect; only the answers were lost.
	if _, ok := srv.ContactByEmail("b@example.com"); !ok {
		t.Error("the dropped create did not store the contact")
	}
	if _, ok := srv.Contact(id); ok {
		t.Error("the dropped delete did not delete the contact")
	}
}

// startRequest sends GET /v1/list in a goroutine under ctx, waits until
// the Server has it, and returns a channel that yields Do's error.
func startRequest(ctx context.Context, t *testing.T, c *client) <-chan error {
	t.Helper()
	before := c.srv.CountRequests("", "")
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.srv.URL()+"/v1/list", nil)
	req.Header.Set("Authorization", "JWT "+c.token)
	done := make(chan error, 1)
	go func() {
		res, err := rawClient(t).Do(req)
		if err == nil {
			_ = res.Body.Close()
		}
		done <- err
	}()
	for c.srv.CountRequests("", "") == before {
		time.Sleep(time.Millisecond)
	}
	return done
}

func TestFaultHangEndsWithTheRequest(t *testing.T) {
	srv, c := setup(t)
	srv.Inject(fake.Fault{Kind: fake.FaultHang})
	ctx, cancel := context.WithCancel(context.Background())
	done := startRequest(ctx, t, c)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Do: %v, want context.Canceled", err)
	}
	wantStatus(t, c.send(http.MethodGet, "/v1/list", nil, nil), http.StatusOK, "")
}

func TestFaultHangEndsWithClose(t *testing.T) {
	srv, c := setup(t)
	srv.Inject(fake.Fault{Kind: fake.FaultHang})
	done := startRequest(context.Background(), t, c)
	srv.Close()
	if err := <-done; err == nil {
		t.Error("Do succeeded, want an error: the hang never answers")
	}
	last := srv.Requests()[len(srv.Requests())-1]
	if last.Status != 0 {
		t.Errorf("recorded status %d, want 0", last.Status)
	}
}

func TestFaultLatency(t *testing.T) {
	srv, c := setup(t)
	srv.Inject(fake.Fault{Latency: time.Millisecond})
	srv.Inject(fake.Fault{Latency: time.Millisecond, Status: http.StatusBadGateway})
	wantStatus(t, c.send(http.MethodGet, "/v1/list", nil, nil), http.StatusOK, "")
	wantStatus(t, c.send(http.MethodGet, "/v1/list", nil, nil), http.StatusBadGateway, "Bad Gateway")

	srv.Inject(fake.Fault{Latency: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := startRequest(ctx, t, c)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Do: %v, want context.Canceled", err)
	}
}

func TestInjectPanicsOnInvalidFault(t *testing.T) {
	srv := fake.Start(t)
	for _, f := range []fake.Fault{
		{Kind: fake.FaultHang + 1},
		{Kind: -1},
		{Times: -1},
		{Status: 42},
		{Status: 1000},
	} {
		t.Run(f.Kind.String(), func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Inject(%+v) did not panic", f)
				}
			}()
			srv.Inject(f)
		})
	}
}

func TestFaultKindString(t *testing.T) {
	if got, want := fake.FaultDropConnection.String(), "FaultDropConnection"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := fake.FaultKind(9).String(), "FaultKind(9)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// TestFaultDropConnectionHTTP2 drops a stream where there is no
// connection to hijack: the stream is reset mid-body.
func TestFaultDropConnectionHTTP2(t *testing.T) {
	srv := fake.NewHandler(fake.WithCredentials("k", "s"))
	defer srv.Close()
	ts := httptest.NewUnstartedServer(srv.Handler())
	ts.EnableHTTP2 = true
	ts.StartTLS()
	defer ts.Close()

	srv.Inject(fake.Fault{Kind: fake.FaultDropConnection})
	res, err := ts.Client().Post(ts.URL+"/v1/auth", "application/json", strings.NewReader(`{"apikey": "k", "secret": "s"}`))
	if err != nil {
		t.Fatalf("Post: %v, want the head of the response", err)
	}
	defer func() { _ = res.Body.Close() }()
	if res.ProtoMajor != 2 {
		t.Fatalf("protocol %s, want HTTP/2", res.Proto)
	}
	if _, err := io.ReadAll(res.Body); err == nil {
		t.Error("read body: no error, want the stream reset")
	}
	if got := srv.AuthCount(); got != 1 {
		t.Errorf("AuthCount() = %d, want 1: the dropped exchange took effect", got)
	}
}
