package adversarial

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// The credentials of the secrets tests. Each holds a '/', a '+' or a
// space, so that JSON (`\/`), URL and form encodings all change it.
const (
	secretsKey    = "key-Ak9/xQ2+pZ7 wLm4Rt8"
	secretsSecret = "sec/Ret+9q Zx3-Hv6~Jn2Pw"
	secretsToken  = "opq-7Hk2/Zm+Qa9=Lp3xWv8Nd5" // opaque: no dot
	secretsID     = "5f0c8a3b9d1e2a0012345678"
)

// newSecretsClock returns the clock of the secrets tests: Now is set by
// hand (Advance) and every wait fires at once without moving it, so a
// retry costs nothing and the token's life is the test's to spend.
func newSecretsClock(now time.Time) *clocktest.Clock {
	c := clocktest.New(now)
	c.SetMode(clocktest.Instant)
	return c
}

// secretsNewClient returns a client of base whose records go to rec.
func secretsNewClient(t *testing.T, base string, rec *testsupport.LogRecorder, opts ...facade.Option) *facade.Client {
	t.Helper()
	opts = append([]facade.Option{
		facade.WithBaseURL(base),
		facade.WithLogger(slog.New(rec)),
		facade.WithClock(newSecretsClock(time.Now())),
	}, opts...)
	c, err := facade.New(secretsKey, secretsSecret, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// secretsServer starts a loopback server whose /v1/auth issues
// secretsToken and whose other paths run api.
func secretsServer(t *testing.T, api http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/auth" {
			secretsWriteAuth(w, secretsToken)
			return
		}
		api(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func secretsWriteAuth(w http.ResponseWriter, token string) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"jwt": token, "mode": "apikey", "client": "Acme", "clientid": secretsID})
}

// A secretsForm is one way a server may echo a secret: the text it sends
// and the part of that text that gives the secret away.
type secretsForm struct {
	name, echo, leak string
}

// secretsForms returns s in every encoding a server may echo it in.
func secretsForms(s string) []secretsForm {
	quoted, _ := json.Marshal(s)
	jsonText := string(quoted[1 : len(quoted)-1])
	var allU strings.Builder
	for i, r := range s {
		if i%2 == 0 {
			fmt.Fprintf(&allU, `\u%04x`, r)
		} else {
			fmt.Fprintf(&allU, `\u%04X`, r)
		}
	}
	lowerHex := regexp.MustCompile(`%[0-9A-F]{2}`).ReplaceAllStringFunc(url.QueryEscape(s), strings.ToLower)
	forms := []secretsForm{
		{name: "plain", echo: s},
		{name: "json", echo: jsonText},
		{name: "json slash", echo: strings.ReplaceAll(jsonText, "/", `\/`)},
		{name: "json \\u", echo: allU.String()},
		{name: "query", echo: url.QueryEscape(s)},
		{name: "query lower hex", echo: lowerHex},
		{name: "path", echo: url.PathEscape(s)},
		{name: "all %XX", echo: percentAll(s)},
	}
	encodings := map[string]*base64.Encoding{
		"base64": base64.StdEncoding, "base64 raw": base64.RawStdEncoding,
		"base64url": base64.URLEncoding, "base64url raw": base64.RawURLEncoding,
	}
	for name, enc := range encodings {
		forms = append(forms, secretsForm{name: name, echo: enc.EncodeToString([]byte(s))})
		for offset := range 3 {
			prefix, suffix := strings.Repeat("P", offset+3), "SUFFIX"
			blob := enc.EncodeToString([]byte(prefix + s + suffix))
			start := (8*len(prefix) + 5) / 6
			end := 8 * (len(prefix) + len(s)) / 6
			forms = append(forms, secretsForm{name: fmt.Sprintf("%s at offset %d", name, len(prefix)), echo: blob, leak: blob[start:end]})
		}
	}
	forms = append(forms, secretsMoreForms(s)...)
	for i := range forms {
		if forms[i].leak == "" {
			forms[i].leak = forms[i].echo
		}
	}
	return forms
}

// secretsMoreForms returns the forms of s of testsupport.Encodings that
// secretsForms does not write itself: hex, URL-encoding twice, HTML
// character references, UTF-16, and s split by white space.
func secretsMoreForms(s string) []secretsForm {
	enc := testsupport.Encodings(s)
	var forms []secretsForm
	for _, name := range []string{
		"hex", "HEX", "url-encoded twice", "every byte %25XX", "html decimal", "html hex",
		"html HEX padded", "html named", "json \\U", "utf-16le", "utf-16be",
		"split by space", "split by \\n", "split by \\r\\n", "split by tab",
	} {
		forms = append(forms, secretsForm{name: name, echo: enc[name]})
	}
	return forms
}

func percentAll(s string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

// dropSpace returns s without its white space.
func dropSpace(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// secretsCheck fails if text holds any secret in any of its forms.
func secretsCheck(t *testing.T, what, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		for _, f := range secretsForms(s) {
			if strings.Contains(text, f.leak) {
				t.Errorf("%s holds the secret %.6s… (%s): %q", what, s, f.name, text)
				return
			}
		}
		if strings.Contains(dropSpace(text), dropSpace(s)) {
			t.Errorf("%s holds the secret %.6s… split by white space: %q", what, s, text)
		}
	}
}

// secretsCheckError checks err under every verb and, for an APIError or
// an ExchangeError, its fields.
func secretsCheckError(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("error = nil, want one")
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		secretsCheck(t, "error under "+verb, fmt.Sprintf(verb, err), secrets...)
	}
	var apiErr *facade.APIError
	if errors.As(err, &apiErr) {
		secretsCheck(t, "APIError.Message", apiErr.Message, secrets...)
		secretsCheck(t, "APIError.Body", string(apiErr.Body), secrets...)
		secretsCheck(t, "APIError.Path", apiErr.Path, secrets...)
		secretsCheck(t, "APIError %#v", fmt.Sprintf("%#v", apiErr), secrets...)
	}
}

// secretsHTTPServer starts a loopback server running h, closed at cleanup.
func secretsHTTPServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// secretsServerAuth starts a server whose /v1/auth runs exchange and whose
// other paths answer 200 with an empty contact.
func secretsServerAuth(t *testing.T, exchange http.HandlerFunc) *httptest.Server {
	t.Helper()
	return secretsHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/auth" {
			exchange(w, r)
			return
		}
		_, _ = io.WriteString(w, `{"_id":"`+secretsID+`","email":"ada@example.com"}`)
	})
}
