package facade

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// BenchmarkContactsGet measures one Get through the whole chain (retry,
// auth with a cached token, decode) on a base transport that answers at
// once, so the facade's own cost shows.
func BenchmarkContactsGet(b *testing.B) {
	base := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		body := contactJSON
		if req.URL.Path == "/v1/auth" {
			body = `{"jwt":"` + testJWT + `"}`
		}
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body)), Request: req}, nil
	})
	c, err := New(testAPIKey, testSecret, WithBaseURL(testBase), WithTransport(base))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Contacts.Get(ctx, contactID); err != nil {
			b.Fatal(err)
		}
	}
}
