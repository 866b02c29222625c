package fake_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// newClock returns a manual clock at a fixed time.
func newClock() *clocktest.Clock {
	return clocktest.New(time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC))
}

// getWith sends GET /v1/list with that Authorization header value ("" for
// none).
func getWith(c *client, authorization string) response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.srv.URL()+"/v1/list", nil)
	if err != nil {
		c.t.Fatal(err)
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	return c.do(req)
}

// wantStatus fails the test unless res has that status and, for an
// error, a JSON error body containing msg.
func wantStatus(t testing.TB, res response, status int, msg string) {
	t.Helper()
	if res.status != status {
		t.Fatalf("status = %d, want %d (body %s)", res.status, status, res.body)
	}
	if status < 400 {
		return
	}
	if got := res.errorMessage(t); !strings.Contains(got, msg) {
		t.Errorf("error = %q, want it to contain %q", got, msg)
	}
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// claimsOf decodes the payload of a JWT without verifying it.
func claimsOf(t testing.TB, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts, want 3", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatal(err)
	}
	return claims
}

func TestAuthenticateIssuesHS256JWT(t *testing.T) {
	clk := newClock()
	srv, c := setup(t, fake.WithClock(clk), fake.WithTokenLifetime(90*time.Minute))

	header, err := base64.RawURLEncoding.DecodeString(strings.Split(c.token, ".")[0])
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(header), `{"alg":"HS256","typ":"JWT"}`; got != want {
		t.Errorf("header = %s, want %s", got, want)
	}
	claims := claimsOf(t, c.token)
	iat := float64(clk.Now().Unix())
	if got, want := claims["iat"], iat; got != want {
		t.Errorf("iat = %v, want %v", got, want)
	}
	if got, want := claims["exp"], iat+90*60; got != want {
		t.Errorf("exp = %v, want %v", got, want)
	}
	if got, want := claims["sub"], srv.ClientID(); got != want {
		t.Errorf("sub = %v, want %v", got, want)
	}
}

func TestAuthenticateAnswer(t *testing.T) {
	srv := fake.Start(t, fake.WithCredentials("key", "secret"), fake.WithClientID("5f0c8a3b9d1e2a0012345678"))
	c := &client{t: t, srv: srv}
	var got map[string]any
	c.send(http.MethodPost, "/v1/auth", map[string]string{"apikey": "key", "secret": "secret"}, nil).decode(t, &got)
	if _, ok := got["jwt"].(string); !ok {
		t.Errorf("jwt = %v, want a string", got["jwt"])
	}
	delete(got, "jwt")
	want := map[string]any{"mode": "apikey", "client": fake.ClientName, "clientid": "5f0c8a3b9d1e2a0012345678"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("POST /v1/auth (-want +got):\n%s", diff)
	}
}

func TestAuthenticateRejects(t *testing.T) {
	// The handlers' own checks, behind those of the spec (WithValidation).
	srv := fake.Start(t, fake.WithValidation(false), fake.WithCredentials("key", "Secret"))
	c := &client{t: t, srv: srv}
	tests := []struct {
		name   string
		body   any
		status int
		msg    string
	}{
		{"wrong secret", map[string]string{"apikey": "key", "secret": "nope"}, 401, "invalid apikey or secret"},
		{"wrong apikey", map[string]string{"apikey": "nope", "secret": "Secret"}, 401, "invalid apikey or secret"},
		{"secret in another case", map[string]string{"apikey": "key", "secret": "secret"}, 401, "invalid apikey or secret"},
		{"missing secret", map[string]string{"apikey": "key"}, 400, "required"},
		{"empty body", "", 400, "decode"},
		{"not JSON", "{apikey", 400, "decode"},
		{"apikey not a string", `{"apikey": 1, "secret": "x"}`, 400, "decode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			wantStatus(t, c.send(http.MethodPost, "/v1/auth", tt.body, nil), tt.status, tt.msg)
		})
	}
	if got := srv.AuthCount(); got != 0 {
		t.Errorf("AuthCount() = %d after failed exchanges, want 0", got)
	}
}

func TestTokenRejected(t *testing.T) {
	_, c := setup(t)
	_, other := setup(t)
	parts := strings.Split(c.token, ".")
	forged := strings.Replace(string(mustDecode(t, parts[1])), `"sub":"`, `"sub":"x`, 1)
	tests := []struct {
		name          string
		authorization string
		msg           string
	}{
		{"missing", "", "missing Authorization header"},
		{"Bearer scheme", "Bearer " + c.token, `scheme must be "JWT"`},
		{"lower-case scheme", "jwt " + c.token, `scheme must be "JWT"`},
		{"no space", "JWT" + c.token, `scheme must be "JWT"`},
		{"two spaces", "JWT  " + c.token, "malformed token"},
		{"not a JWT", "JWT abc", "malformed token"},
		{"two parts", "JWT " + parts[0] + "." + parts[1], "malformed token"},
		{"alg none", "JWT " + b64(`{"alg":"none","typ":"JWT"}`) + "." + parts[1] + ".", "malformed token"},
		{"signature not base64", "JWT " + parts[0] + "." + parts[1] + ".!!", "malformed token"},
		{"signed by another server", "JWT " + other.token, "signature does not verify"},
		{"payload changed", "JWT " + parts[0] + "." + b64(forged) + "." + parts[2], "signature does not verify"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			res := getWith(c, tt.authorization)
			wantStatus(t, res, http.StatusUnauthorized, tt.msg)
			if got, want := res.header.Get("WWW-Authenticate"), "JWT"; got != want {
				t.Errorf("WWW-Authenticate = %q, want %q", got, want)
			}
		})
	}
	c.t = t
	wantStatus(t, getWith(c, "JWT "+c.token), http.StatusOK, "")
}

func mustDecode(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestTokenExpires(t *testing.T) {
	clk := newClock()
	_, c := setup(t, fake.WithClock(clk), fake.WithTokenLifetime(time.Minute))

	clk.Advance(59 * time.Second)
	wantStatus(t, getWith(c, "JWT "+c.token), http.StatusOK, "")
	clk.Advance(time.Second)
	wantStatus(t, getWith(c, "JWT "+c.token), http.StatusUnauthorized, "token expired")

	fresh := c.authenticate(c.srv.APIKey(), c.srv.Secret())
	wantStatus(t, getWith(c, "JWT "+fresh), http.StatusOK, "")
}

func TestTokenLifetimeDefault(t *testing.T) {
	_, c := setup(t)
	claims := claimsOf(t, c.token)
	exp, iat := claims["exp"].(float64), claims["iat"].(float64)
	if got, want := time.Duration(exp-iat)*time.Second, fake.DefaultTokenLifetime; got != want {
		t.Errorf("exp - iat = %v, want %v", got, want)
	}
}

func TestTokenLifetimeZeroIssuesExpiredTokens(t *testing.T) {
	_, c := setup(t, fake.WithTokenLifetime(0))
	wantStatus(t, getWith(c, "JWT "+c.token), http.StatusUnauthorized, "token expired")
}

func TestExpireTokens(t *testing.T) {
	srv, c := setup(t)
	second := c.authenticate(srv.APIKey(), srv.Secret())

	srv.ExpireTokens()
	for _, token := range []string{c.token, second} {
		wantStatus(t, getWith(c, "JWT "+token), http.StatusUnauthorized, "token revoked")
	}
	fresh := c.authenticate(srv.APIKey(), srv.Secret())
	wantStatus(t, getWith(c, "JWT "+fresh), http.StatusOK, "")
	if got, want := srv.AuthCount(), 3; got != want {
		t.Errorf("AuthCount() = %d, want %d", got, want)
	}
}

func TestAuthNeedsNoToken(t *testing.T) {
	srv := fake.Start(t)
	c := &client{t: t, srv: srv}
	if c.authenticate(srv.APIKey(), srv.Secret()) == "" {
		t.Fatal("empty token")
	}
	// Only POST /v1/auth is open: another method on it needs a token.
	wantStatus(t, c.send(http.MethodGet, "/v1/auth", nil, nil), http.StatusUnauthorized, "missing Authorization")
}
