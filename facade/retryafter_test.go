package facade

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

// TestRetryAfterDateWithSkewedClock: a 429 whose Retry-After is a date 3
// s after its Date, with the local clock an hour behind the server's,
// reports RetryAfter 3 s, not an hour.
func TestRetryAfterDateWithSkewedClock(t *testing.T) {
	f := setup(t, WithRetry(RetryPolicy{MaxAttempts: 1}))
	server := testNow.Add(time.Hour)
	f.mock.RegisterResponder(http.MethodGet, testBase+"/v1/contact/"+contactID, func(req *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusTooManyRequests, `{"error":"slow down"}`)
		resp.Header.Set("Date", server.Format(http.TimeFormat))
		resp.Header.Set("Retry-After", server.Add(3*time.Second).Format(http.TimeFormat))
		return resp, nil
	})
	_, err := f.client.Contacts.Get(t.Context(), contactID)
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok {
		t.Fatalf("Get error = %v, want an *APIError", err)
	}
	if apiErr.RetryAfter != 3*time.Second {
		t.Errorf("RetryAfter = %v, want 3s (measured on the server's clock)", apiErr.RetryAfter)
	}
}

// TestRetryWaitsOnServerClock: with the local clock an hour behind the
// server's, a 429 asking to retry at a date 3 s after its Date is retried
// after 3 s, not given up on as an hour's wait.
func TestRetryWaitsOnServerClock(t *testing.T) {
	f := setup(t, WithRetry(RetryPolicy{MaxAttempts: 2, Backoff: linearBackoff}))
	server := testNow.Add(time.Hour)
	first := true
	f.mock.RegisterResponder(http.MethodGet, testBase+"/v1/contact/"+contactID, func(req *http.Request) (*http.Response, error) {
		if !first {
			return httpmock.NewStringResponse(http.StatusOK, `{"_id":"`+contactID+`"}`), nil
		}
		first = false
		resp := httpmock.NewStringResponse(http.StatusTooManyRequests, `{"error":"slow down"}`)
		resp.Header.Set("Date", server.Format(http.TimeFormat))
		resp.Header.Set("Retry-After", server.Add(3*time.Second).Format(http.TimeFormat))
		return resp, nil
	})
	start := f.clock.Now()
	if _, err := f.client.Contacts.Get(t.Context(), contactID); err != nil {
		t.Fatalf("Get: %v", err)
	}
	if waited := f.clock.Now().Sub(start); waited != 3*time.Second {
		t.Errorf("waited %v before the retry, want 3s", waited)
	}
}
