package facade

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"

	"github.com/leadfox-go/leadfox/auth"
)

func TestAPIErrorSentinels(t *testing.T) {
	all := []error{ErrNotFound, ErrUnauthorized, ErrForbidden, ErrConflict, ErrInvalidRequest, ErrRateLimited, ErrServer}
	tests := []struct {
		status int
		want   error // nil: matches none
	}{
		{400, ErrInvalidRequest}, {401, ErrUnauthorized}, {403, ErrForbidden}, {404, ErrNotFound},
		{409, ErrConflict}, {422, ErrInvalidRequest}, {429, ErrRateLimited},
		{500, ErrServer}, {503, ErrServer}, {599, ErrServer}, {418, nil}, {302, nil},
	}
	for _, tt := range tests {
		e := &APIError{StatusCode: tt.status}
		for _, s := range all {
			if got, want := errors.Is(e, s), errors.Is(tt.want, s); got != want {
				t.Errorf("errors.Is(APIError %d, %v) = %v, want %v", tt.status, s, got, want)
			}
		}
	}
}

// TestSentinelsAreFacades checks that every sentinel the facade defines
// prints the facade's prefix; ErrInvalidCredentials is auth's, since the
// *ExchangeError that carries it is.
func TestSentinelsAreFacades(t *testing.T) {
	for _, s := range []error{ErrNotFound, ErrUnauthorized, ErrForbidden, ErrConflict, ErrInvalidRequest,
		ErrRateLimited, ErrServer, ErrInvalidArgument, ErrUnsupportedCampaignType, ErrMalformedResponse,
		ErrAttemptTimeout} {
		if !strings.HasPrefix(s.Error(), "facade: ") {
			t.Errorf("sentinel %q does not start with \"facade: \"", s)
		}
	}
	if got, want := ErrUnauthorized.Error(), "facade: unauthorized"; got != want {
		t.Errorf("ErrUnauthorized = %q, want %q", got, want)
	}
}

func TestAPIErrorMessage(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"error field", `{"error":"contact not found"}`, "contact not found"},
		{"message field", `{"message":"bad filter"}`, "bad filter"},
		{"message wins", `{"error":"E","message":"M"}`, "M"},
		{"errors strings", `{"errors":["email is required","name too long"]}`, "email is required; name too long"},
		{"errors objects", `{"errors":[{"field":"email","message":"is required"}]}`, "is required"},
		{"errors map", `{"errors":{"name":"too long","email":"is required"}}`, "email: is required; name: too long"},
		{"error object", `{"error":{"code":12,"message":"quota"}}`, "quota"},
		{"no known field", `{"status":"fail","code":7}`, "code: 7; status: fail"},
		{"json array", `["first","second"]`, "first; second"},
		{"json string", `"plain"`, "plain"},
		{"text", "  upstream\n timed out \n", "upstream timed out"},
		{"html", "<html><body><h1>502 Bad Gateway</h1></body></html>", ""},
		{"empty", "", ""},
		{"truncated json", `{"error":"cut`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errorMessage([]byte(tt.body)); got != tt.want {
				t.Errorf("errorMessage(%q) = %q, want %q", tt.body, got, tt.want)
			}
		})
	}
}

func TestAPIErrorMessageIsBounded(t *testing.T) {
	got := errorMessage([]byte(strings.Repeat("é", 2000)))
	if len(got) > maxMessage+len("…") || !strings.HasSuffix(got, "…") {
		t.Errorf("message of %d bytes, want at most %d ending in …", len(got), maxMessage+len("…"))
	}
	if !strings.HasPrefix(got, "éé") || strings.ContainsRune(got, '\uFFFD') {
		t.Errorf("message was cut inside a rune: %q", got[len(got)-10:])
	}
}

// TestAPIErrorFromResponse checks the error a caller gets for a non-2xx
// answer: one line, the path without the query, the body capped.
func TestAPIErrorFromResponse(t *testing.T) {
	f := setup(t)
	big := `{"error":"too big"` + strings.Repeat(" ", 100<<10) + `}`
	f.on(http.MethodGet, "/v1/contact", func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusBadRequest, big)
		resp.Header.Set("Retry-After", "12")
		return resp, nil
	})
	p, err := f.client.Contacts.List(&ListOptions{PageSize: 5})
	noErr(t, err, "List")
	_, err = p.Collect(context.Background())
	wantErr(t, err, ErrInvalidRequest, "Collect")
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %T is not an *APIError", err)
	}
	want := &APIError{StatusCode: 400, Method: "GET", Path: "/v1/contact", Operation: "listContacts",
		Message: "", RetryAfter: 12 * time.Second}
	if diff := cmp.Diff(want, apiErr, cmp.FilterPath(func(p cmp.Path) bool { return p.String() == "Body" }, cmp.Ignore())); diff != "" {
		t.Errorf("APIError (-want +got):\n%s", diff)
	}
	if got := len(apiErr.Body); got != maxErrorBody {
		t.Errorf("len(Body) = %d, want %d", got, maxErrorBody)
	}
	if got, want := apiErr.Error(), "facade: GET /v1/contact: 400 Bad Request"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestAPIErrorString(t *testing.T) {
	e := &APIError{StatusCode: 404, Method: "GET", Path: "/v1/contact/" + contactID, Message: "no such contact"}
	if got, want := e.Error(), "facade: GET /v1/contact/"+contactID+": 404 Not Found: no such contact"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestUndecodableBody checks that a 2xx body that is not the expected JSON
// is an error naming the operation and the status, never a zero value.
func TestUndecodableBody(t *testing.T) {
	tests := []struct {
		name, body string
	}{
		{"html", "<html>maintenance</html>"},
		{"truncated", `{"_id":"` + contactID + `","email":"ada@`},
		{"empty", ""},
		{"trailing data", contactJSON + ` {"x":1}`},
		{"wrong type", `["not","an","object"]`},
		{"properties an array", `{"properties":[{"age":42}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(200, tt.body))
			got, err := f.client.Contacts.Get(context.Background(), contactID)
			suite.recordErr(err)
			if err == nil || got != nil {
				t.Fatalf("Get = %v, %v; want nil and an error", got, err)
			}
			if msg := err.Error(); !strings.Contains(msg, "getContact") || !strings.Contains(msg, "200") {
				t.Errorf("error %q does not name the operation and the status", msg)
			}
			if !errors.Is(err, ErrMalformedResponse) {
				t.Errorf("error %q does not match ErrMalformedResponse", err)
			}
		})
	}
}

// TestUnauthorized checks that a token refused twice (the auth transport
// replays once) becomes an APIError matching ErrUnauthorized, and that
// rejected credentials match auth.ErrInvalidCredentials.
func TestUnauthorized(t *testing.T) {
	f := setup(t)
	rec := f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(401, `{"error":"jwt expired"}`))
	_, err := f.client.Contacts.Get(context.Background(), contactID)
	wantErr(t, err, ErrUnauthorized, "Get")
	if got := len(rec.seen()); got != 2 {
		t.Errorf("requests = %d, want 2 (one replay with a fresh token)", got)
	}

	f = setup(t)
	// A server that echoes the credentials it refused: they must not
	// reach the error (the suite scan checks it).
	f.on(http.MethodPost, "/v1/auth", func(req *http.Request) (*http.Response, error) {
		body, _ := io.ReadAll(req.Body)
		return httpmock.NewStringResponse(401, `{"error":"bad credentials","got":`+string(body)+`}`), nil
	})
	_, err = f.client.Contacts.Get(context.Background(), contactID)
	wantErr(t, err, auth.ErrInvalidCredentials, "Get with bad credentials")
	if n := f.apiCalls(); n != 0 {
		t.Errorf("API requests = %d, want 0", n)
	}
}

// TestTransportErrorHasNoQuery checks that a transport error names the URL
// without its query, which may hold a filter on personal data.
func TestTransportErrorHasNoQuery(t *testing.T) {
	f := setup(t, WithRetry(RetryPolicy{MaxAttempts: 1}))
	f.on(http.MethodGet, "/v1/contact", httpmock.NewErrorResponder(connRefused))
	p, err := f.client.Contacts.List(&ListOptions{Filter: mustFilter("email", "ada@example.com")})
	noErr(t, err, "List")
	_, err = p.Collect(context.Background())
	wantErr(t, err, connRefused, "Collect")
	if msg := err.Error(); strings.Contains(msg, "ada") || strings.Contains(msg, "filters") || !strings.Contains(msg, "/v1/contact") {
		t.Errorf("error %q: want the path and no query", msg)
	}
}

// TestAPIErrorRedactsEchoedToken checks that a token a proxy echoes in its
// error page is kept neither in the message nor in the body.
func TestAPIErrorRedactsEchoedToken(t *testing.T) {
	f := setup(t)
	f.on(http.MethodGet, "/v1/contact/"+contactID, func(req *http.Request) (*http.Response, error) {
		return httpmock.NewStringResponse(400, "bad request; headers: Authorization: "+req.Header.Get("Authorization")), nil
	})
	_, err := f.client.Contacts.Get(context.Background(), contactID)
	wantErr(t, err, ErrInvalidRequest, "Get")
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %T is not an *APIError", err)
	}
	for what, text := range map[string]string{"Message": apiErr.Message, "Body": string(apiErr.Body), "Error()": err.Error()} {
		if strings.Contains(text, testJWT) || !strings.Contains(text, "[redacted]") {
			t.Errorf("%s = %q, want the token replaced by [redacted]", what, text)
		}
	}
}
