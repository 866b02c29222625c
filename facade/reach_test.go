package facade

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

// What users of other SDKs reach for: the request id on an *APIError, one
// way to ask whether a call failed on the network, and Schedule and Send
// that check the answer shows the campaign active.

// TestAPIErrorCarriesTheRequestID checks that the id the server gave a
// failed request is on its *APIError, with any echoed secret removed.
func TestAPIErrorCarriesTheRequestID(t *testing.T) {
	f := setup(t)
	f.on(http.MethodGet, "/v1/contact/"+contactID, func(*http.Request) (*http.Response, error) {
		resp := jsonResponse(http.StatusNotFound, `{"error":"no such contact"}`)
		resp.Header.Set("X-Request-Id", "req-7f3a "+testSecret)
		return resp, nil
	})
	_, err := f.client.Contacts.Get(context.Background(), contactID)
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("Get = %v, want an *APIError", err)
	}
	if apiErr.RequestID != "req-7f3a [redacted]" {
		t.Errorf("RequestID = %q, want %q", apiErr.RequestID, "req-7f3a [redacted]")
	}
}

// TestErrNetwork checks which failures match ErrNetwork: those that got
// no HTTP response from the network, and not an answer of the API, a
// context the caller ended, or an argument refused.
func TestErrNetwork(t *testing.T) {
	fail := func(err error) httpmock.Responder {
		return func(*http.Request) (*http.Response, error) { return nil, err }
	}
	tests := []struct {
		name    string
		respond httpmock.Responder
		cancel  bool
		network bool
	}{
		{"connection refused", fail(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}), false, true},
		{"unknown host", fail(&net.DNSError{Err: "no such host", Name: "api.leadfox.test", IsNotFound: true}), false, true},
		{"connection reset", fail(syscall.ECONNRESET), false, true},
		{"response cut short", fail(io.ErrUnexpectedEOF), false, true},
		{"server error", respondJSON(http.StatusInternalServerError, `{"error":"boom"}`), false, false},
		{"caller's context ended", respondJSON(http.StatusOK, `{}`), true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t, WithRetry(RetryPolicy{MaxAttempts: 1}))
			f.on(http.MethodGet, "/v1/contact/"+contactID, tt.respond)
			ctx, cancel := context.WithCancel(context.Background())
			if tt.cancel {
				cancel()
			}
			defer cancel()
			_, err := f.client.Contacts.Get(ctx, contactID)
			if err == nil || errors.Is(err, ErrNetwork) != tt.network {
				t.Errorf("Get = %v; errors.Is(err, ErrNetwork) = %v, want %v", err, errors.Is(err, ErrNetwork), tt.network)
			}
		})
	}
	_, err := setup(t).client.Contacts.Get(context.Background(), "bad")
	if errors.Is(err, ErrNetwork) {
		t.Errorf("Get(bad id) = %v, matches ErrNetwork", err)
	}
}

// TestScheduleAndSendCheckTheAnswerIsActive checks that a server that
// answers a write of status "a" with the campaign still a draft (it
// ignored the write) makes Schedule and Send fail, saying so.
func TestScheduleAndSendCheckTheAnswerIsActive(t *testing.T) {
	const draft = `{"_id":"` + campaignID + `","type":2,"status":"d","emails":[{"email":"` + emailID + `"}],"lists":[{"list":null}]}`
	start := testNow.Add(time.Hour)
	for _, tt := range []struct {
		name string
		call func(*fixture) error
	}{
		{"Schedule", func(f *fixture) error {
			_, err := f.client.Campaigns.Schedule(context.Background(), campaignID, start)
			return err
		}},
		{"Send", func(f *fixture) error {
			_, err := f.client.Campaigns.Send(context.Background(), campaignID)
			return err
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			f.on(http.MethodGet, "/v1/campaign/"+campaignID, respondJSON(http.StatusOK, draft))
			f.on(http.MethodPut, "/v1/campaign/"+campaignID, respondJSON(http.StatusOK, draft))
			err := tt.call(f)
			if err == nil || !strings.Contains(err.Error(), `status "d"`) || !strings.Contains(err.Error(), "the write was made") {
				t.Errorf("%s = %v, want an error saying the answer shows status \"d\" after the write", tt.name, err)
			}
		})
	}
}
