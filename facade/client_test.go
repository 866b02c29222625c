package facade

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

func TestNewRejectsBadInput(t *testing.T) {
	tests := []struct {
		name           string
		apiKey, secret string
		opts           []Option
		wantArg        string
	}{
		{"empty key", "", testSecret, nil, "api key"},
		{"empty secret", testAPIKey, "", nil, "secret"},
		{"relative base URL", testAPIKey, testSecret, []Option{WithBaseURL("/v1")}, "base URL"},
		{"ftp base URL", testAPIKey, testSecret, []Option{WithBaseURL("ftp://x")}, "base URL"},
		{"base URL with query", testAPIKey, testSecret, []Option{WithBaseURL("https://x/?a=b")}, "base URL"},
		{"base URL with user", testAPIKey, testSecret, []Option{WithBaseURL("https://u:p@x/")}, "base URL"},
		{"base URL with fragment", testAPIKey, testSecret, []Option{WithBaseURL("https://x/#f")}, "base URL"},
		{"unparsable base URL", testAPIKey, testSecret, []Option{WithBaseURL("https://x/%zz")}, "base URL"},
		{"nil HTTP client", testAPIKey, testSecret, []Option{WithHTTPClient(nil)}, "HTTP client"},
		{"nil transport", testAPIKey, testSecret, []Option{WithTransport(nil)}, "transport"},
		{"empty user agent", testAPIKey, testSecret, []Option{WithUserAgent("")}, "user agent"},
		{"user agent with newline", testAPIKey, testSecret, []Option{WithUserAgent("app\r\nX-Evil: 1")}, "user agent"},
		{"negative attempts", testAPIKey, testSecret, []Option{WithRetry(RetryPolicy{MaxAttempts: -1})}, "RetryPolicy.MaxAttempts"},
		{"negative retry-after cap", testAPIKey, testSecret, []Option{WithRetry(RetryPolicy{MaxRetryAfter: -time.Second})}, "RetryPolicy.MaxRetryAfter"},
		{"negative timeout", testAPIKey, testSecret, []Option{WithAttemptTimeout(-time.Second)}, "attempt timeout"},
		{"nil clock", testAPIKey, testSecret, []Option{WithClock(nil)}, "clock"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.apiKey, tt.secret, tt.opts...)
			wantErr(t, err, ErrInvalidArgument, "New")
			if c != nil {
				t.Errorf("New returned a client with an error")
			}
			if !strings.Contains(err.Error(), tt.wantArg) {
				t.Errorf("error %q does not name %q", err, tt.wantArg)
			}
		})
	}
}

func TestNewFromEnv(t *testing.T) {
	tests := []struct {
		name                 string
		key, secret, baseURL string
		opts                 []Option
		wantErr              string // "" for success
		wantHost             string
	}{
		{"all set", testAPIKey, testSecret, "https://env.leadfox.test", nil, "", "env.leadfox.test"},
		{"option wins over env", testAPIKey, testSecret, "https://env.leadfox.test", []Option{WithBaseURL(testBase)}, "", "api.leadfox.test"},
		{"default base", testAPIKey, testSecret, "", nil, "", "rest.leadfox.co"},
		{"no key", "", testSecret, "", nil, "LEADFOX_APIKEY", ""},
		{"no secret", testAPIKey, "", "", nil, "LEADFOX_SECRET", ""},
		{"bad base", testAPIKey, testSecret, "not a url", nil, "base URL", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvAPIKey, tt.key)
			t.Setenv(EnvSecret, tt.secret)
			t.Setenv(EnvBaseURL, tt.baseURL)
			var mu sync.Mutex
			var hosts []string
			base := roundTripFunc(func(req *http.Request) (*http.Response, error) {
				mu.Lock()
				hosts = append(hosts, req.URL.Host)
				mu.Unlock()
				if req.URL.Path == "/v1/auth" {
					return authResponder(req)
				}
				return httpmock.NewStringResponse(200, contactJSON), nil
			})
			c, err := NewFromEnv(append([]Option{WithTransport(base)}, tt.opts...)...)
			suite.recordErr(err)
			if tt.wantErr != "" {
				wantErr(t, err, ErrInvalidArgument, "NewFromEnv")
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %q does not name %q", err, tt.wantErr)
				}
				return
			}
			noErr(t, err, "NewFromEnv")
			_, err = c.Contacts.Get(context.Background(), contactID)
			noErr(t, err, "Get")
			if want := []string{tt.wantHost, tt.wantHost}; !slices.Equal(hosts, want) {
				t.Errorf("hosts = %v, want %v", hosts, want)
			}
		})
	}
}

func TestUserAgent(t *testing.T) {
	f := setup(t, WithUserAgent("acme-crm/2.1"))
	exchange := f.on(http.MethodPost, "/v1/auth", authResponder)
	rec := f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(200, contactJSON))
	_, err := f.client.Contacts.Get(context.Background(), contactID)
	noErr(t, err, "Get")
	want := "leadfox-go/" + Version + " go/" + runtime.Version() + " acme-crm/2.1"
	if got := rec.seen()[0].UserAgent; got != want {
		t.Errorf("API User-Agent = %q, want %q", got, want)
	}
	if got := exchange.seen()[0].UserAgent; got != want {
		t.Errorf("exchange User-Agent = %q, want %q", got, want)
	}
}

// TestClientPrintsNoCredentials checks every fmt verb of a Client.
func TestClientPrintsNoCredentials(t *testing.T) {
	f := setup(t)
	f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(200, contactJSON))
	_, err := f.client.Contacts.Get(context.Background(), contactID) // a token is cached now
	noErr(t, err, "Get")
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		got := fmt.Sprintf(verb, f.client)
		if secret := findSecret(got); secret != "" {
			t.Errorf("Sprintf(%q, client) holds the %s: %q", verb, secret, got)
		}
	}
	if got, want := fmt.Sprint(f.client), `facade.Client{BaseURL: "https://api.leadfox.test"}`; got != want {
		t.Errorf("Sprint(client) = %q, want %q", got, want)
	}
}

// TestRedirectKeepsTokenHome checks that a redirect to another host is
// not followed: the auth layer would send the token there.
func TestRedirectKeepsTokenHome(t *testing.T) {
	f := setup(t)
	f.on(http.MethodGet, "/v1/contact/"+contactID, func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusFound, "")
		resp.Header.Set("Location", "https://evil.test/steal")
		return resp, nil
	})
	evil := 0
	f.mock.RegisterResponder(http.MethodGet, "https://evil.test/steal", func(*http.Request) (*http.Response, error) {
		evil++
		return httpmock.NewStringResponse(200, contactJSON), nil
	})
	_, err := f.client.Contacts.Get(context.Background(), contactID)
	suite.recordErr(err)
	if err == nil {
		t.Fatal("Get followed a cross-host redirect and succeeded")
	}
	if evil != 0 {
		t.Errorf("requests to the other host = %d, want 0", evil)
	}
}

func TestRedirectOnSameHost(t *testing.T) {
	f := setup(t)
	f.on(http.MethodGet, "/v1/contact/"+contactID, func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusMovedPermanently, "")
		resp.Header.Set("Location", testBase+"/v1/contact/"+contactID+"/")
		return resp, nil
	})
	rec := f.on(http.MethodGet, "/v1/contact/"+contactID+"/", respondJSON(200, contactJSON))
	_, err := f.client.Contacts.Get(context.Background(), contactID)
	noErr(t, err, "Get")
	if got := rec.seen()[0].Auth; got != "JWT "+testJWT {
		t.Errorf("Authorization after redirect = %q, want the JWT", got)
	}
}

// TestConcurrentUse runs many calls at once on one Client (go test -race
// checks the sharing) and expects one token exchange.
func TestConcurrentUse(t *testing.T) {
	f := setup(t)
	exchange := f.on(http.MethodPost, "/v1/auth", authResponder)
	f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(200, contactJSON))
	f.on(http.MethodPost, "/v1/contact/upsert", respondJSON(200, contactJSON))
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Go(func() {
			var err error
			if i%2 == 0 {
				_, err = f.client.Contacts.Get(context.Background(), contactID)
			} else {
				_, err = f.client.Contacts.Upsert(context.Background(), &ContactCreate{Email: "a@example.com"})
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		noErr(t, err, "concurrent call")
	}
	if n := len(exchange.seen()); n != 1 {
		t.Errorf("exchanges = %d, want 1", n)
	}
}

// TestHTTPClientOption checks that the caller's http.Client transport is
// the base and its settings are kept, and that the caller's value is not
// modified.
func TestHTTPClientOption(t *testing.T) {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodPost, testBase+"/v1/auth", authResponder)
	mock.RegisterResponder(http.MethodGet, testBase+"/v1/contact/"+contactID, respondJSON(200, contactJSON))
	hc := &http.Client{Transport: mock, Timeout: time.Minute}
	c, err := New(testAPIKey, testSecret, WithBaseURL(testBase), WithHTTPClient(hc))
	noErr(t, err, "New")
	_, err = c.Contacts.Get(context.Background(), contactID)
	noErr(t, err, "Get")
	if hc.Transport != mock || hc.CheckRedirect != nil {
		t.Error("New modified the caller's http.Client")
	}
	if n := mock.GetTotalCallCount(); n != 2 {
		t.Errorf("requests through the caller's transport = %d, want 2", n)
	}
}
