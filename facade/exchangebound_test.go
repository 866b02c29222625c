package facade

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/leadfox-go/leadfox/auth"
)

// endless is a body of endless spaces that counts what was read of it.
type endless struct{ read *atomic.Int64 }

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.read.Add(int64(len(p)))
	return len(p), nil
}

// TestExchangeAnswerReadIsBounded: a 2xx answer to the token exchange
// that never ends is read no further than auth.MaxResponseBytes (and the
// reader's buffer), not up to the API calls' 32 MiB.
func TestExchangeAnswerReadIsBounded(t *testing.T) {
	var read atomic.Int64
	rt := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		if !strings.HasSuffix(req.URL.Path, "/v1/auth") {
			return nil, errors.New("no API call expected")
		}
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(endless{&read}), Request: req}, nil
	})
	c, err := New(testAPIKey, testSecret, WithBaseURL(testBase), WithTransport(rt), WithClock(newFakeClock()),
		WithRetry(RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	_, err = c.Contacts.Get(t.Context(), contactID)
	if err == nil {
		t.Fatal("Get with an endless exchange answer: no error")
	}
	if n, limit := read.Load(), int64(auth.MaxResponseBytes+64<<10); n > limit {
		t.Errorf("read %d bytes of the exchange answer, want at most %d", n, limit)
	}
}
