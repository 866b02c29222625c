package adversarial

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// secretsAll is every secret a client of secretsServer holds.
var secretsAll = []string{secretsKey, secretsSecret, secretsToken}

// TestSecretsEchoedInErrorBody has a server answer 400 with a text body
// that echoes the key, the secret or the token in one encoding: none may
// reach the error, its fields, its printed forms or the log.
func TestSecretsEchoedInErrorBody(t *testing.T) {
	for _, secret := range secretsAll {
		for _, form := range secretsForms(secret) {
			t.Run(fmt.Sprintf("%.6s/%s", secret, form.name), func(t *testing.T) {
				secretsGetInvalid(t, func(w http.ResponseWriter, r *http.Request) {
					w.WriteHeader(http.StatusBadRequest)
					_, _ = io.WriteString(w, "bad request from "+form.echo+" end")
				})
			})
		}
	}
}

// TestSecretsEchoedInJSONMessage has the server put the secret, in each
// encoding, inside the JSON string of an error message, JSON-escaped.
func TestSecretsEchoedInJSONMessage(t *testing.T) {
	for _, secret := range secretsAll {
		for _, form := range secretsForms(secret) {
			t.Run(fmt.Sprintf("%.6s/%s", secret, form.name), func(t *testing.T) {
				secretsGetInvalid(t, func(w http.ResponseWriter, r *http.Request) {
					w.WriteHeader(http.StatusUnprocessableEntity)
					// The echo is already JSON text for the json forms.
					msg := form.echo
					if !strings.HasPrefix(form.name, "json") {
						b, _ := json.Marshal(msg)
						msg = string(b[1 : len(b)-1])
					}
					_, _ = fmt.Fprintf(w, `{"error":"invalid credentials %s given"}`, msg)
				})
			})
		}
	}
}

// secretsGetInvalid gets a contact from a server whose API answers with
// api, expects ErrInvalidRequest, and checks that no secret of the client
// reached the error or the log.
func secretsGetInvalid(t *testing.T, api http.HandlerFunc) {
	t.Helper()
	srv := secretsServer(t, api)
	rec := &testsupport.LogRecorder{}
	_, err := secretsNewClient(t, srv.URL, rec).Contacts.Get(t.Context(), secretsID)
	if !errors.Is(err, facade.ErrInvalidRequest) {
		t.Fatalf("Get error = %v, want ErrInvalidRequest", err)
	}
	secretsCheckError(t, err, secretsAll...)
	secretsCheck(t, "log", rec.Text(), secretsAll...)
}

// TestSecretsEchoedInHeaders has the server send a status line or a
// header line that net/http quotes in its error: the secret must not
// reach the error or the log through it.
func TestSecretsEchoedInHeaders(t *testing.T) {
	raw := map[string]func(echo string) string{
		"status line": func(echo string) string { return "HTTP/1.1 " + echo + " OK\r\n\r\n" },
		"header line": func(echo string) string {
			return "HTTP/1.1 400 Bad Request\r\nX-Echo" + echo + "\r\nContent-Length: 0\r\n\r\n"
		},
		"bad response": func(echo string) string { return echo + "\r\n\r\n" },
	}
	for name, write := range raw {
		for _, secret := range secretsAll {
			for _, form := range secretsForms(secret) {
				if strings.ContainsAny(form.echo, " ") {
					continue // net/http quotes the status code up to its first space
				}
				t.Run(fmt.Sprintf("%s/%.6s/%s", name, secret, form.name), func(t *testing.T) {
					srv := secretsServer(t, func(w http.ResponseWriter, r *http.Request) {
						conn, _, err := http.NewResponseController(w).Hijack()
						if err != nil {
							t.Error(err)
							return
						}
						_, _ = io.WriteString(conn, write(form.echo))
						_ = conn.Close()
					})
					rec := &testsupport.LogRecorder{}
					c := secretsNewClient(t, srv.URL, rec, facade.WithRetry(facade.RetryPolicy{MaxAttempts: 1}))
					_, err := c.Contacts.Get(t.Context(), secretsID)
					secretsCheckError(t, err, secretsAll...)
					secretsCheck(t, "log", rec.Text(), secretsAll...)
				})
			}
		}
	}
}

// TestSecretsEchoedInExchangeError has POST /v1/auth refuse the
// credentials with a body that echoes what it was sent, in each encoding.
func TestSecretsEchoedInExchangeError(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusBadRequest} {
		for _, secret := range []string{secretsKey, secretsSecret} {
			for _, form := range secretsForms(secret) {
				t.Run(fmt.Sprintf("%d/%.6s/%s", status, secret, form.name), func(t *testing.T) {
					srv := secretsServerAuth(t, func(w http.ResponseWriter, r *http.Request) {
						w.WriteHeader(status)
						_, _ = io.WriteString(w, "rejected "+form.echo)
					})
					rec := &testsupport.LogRecorder{}
					_, err := secretsNewClient(t, srv.URL, rec).Contacts.Get(t.Context(), secretsID)
					secretsCheckError(t, err, secretsAll...)
					secretsCheck(t, "log", rec.Text(), secretsAll...)
				})
			}
		}
	}
}

// TestSecretsEchoedTokens has the server reject the first token and echo
// it, the previous token, with the current one, in an error body.
func TestSecretsEchoedTokens(t *testing.T) {
	const first, second = "opq-First/Tok+En=1aB2cD3eF4", "eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOjJ9.U2Vjb25k"
	for _, form := range secretsForms(first) {
		t.Run(form.name, func(t *testing.T) {
			n := 0
			srv := secretsHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/v1/auth" {
					n++
					secretsWriteAuth(w, map[bool]string{true: first, false: second}[n == 1])
					return
				}
				if r.Header.Get("Authorization") == "JWT "+first {
					http.Error(w, "revoked", http.StatusUnauthorized)
					return
				}
				w.WriteHeader(http.StatusConflict)
				_, _ = fmt.Fprintf(w, "old %s new %s", form.echo, second)
			})
			rec := &testsupport.LogRecorder{}
			_, err := secretsNewClient(t, srv.URL, rec).Contacts.Get(t.Context(), secretsID)
			if !errors.Is(err, facade.ErrConflict) {
				t.Fatalf("Get error = %v, want ErrConflict", err)
			}
			secretsCheckError(t, err, first, second)
			secretsCheck(t, "log", rec.Text(), first, second)
		})
	}
}

// TestSecretsRedirectPathHoldsToken has the server redirect a GET to a
// path that holds the token, and answer 404 there: the error's path must
// not carry it.
func TestSecretsRedirectPathHoldsToken(t *testing.T) {
	for _, token := range []string{secretsToken, "eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOjN9.U2lnbmF0dXJl"} {
		t.Run(token[:6], func(t *testing.T) {
			srv := secretsHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.URL.Path == "/v1/auth":
					secretsWriteAuth(w, token)
				case strings.HasPrefix(r.URL.Path, "/v1/contact/"+secretsID):
					http.Redirect(w, r, "/v1/moved/"+strings.ReplaceAll(token, "/", "%2F"), http.StatusFound)
				default:
					http.Error(w, "gone", http.StatusNotFound)
				}
			})
			rec := &testsupport.LogRecorder{}
			_, err := secretsNewClient(t, srv.URL, rec).Contacts.Get(t.Context(), secretsID)
			if !errors.Is(err, facade.ErrNotFound) {
				t.Fatalf("Get error = %v, want ErrNotFound", err)
			}
			secretsCheckError(t, err, token)
			secretsCheck(t, "log", rec.Text(), token)
		})
	}
}

// TestSecretsBaseURLRejectsCredentials checks that a base URL with user
// information or a query is refused, and that the error does not quote
// either.
func TestSecretsBaseURLRejectsCredentials(t *testing.T) {
	for _, base := range []string{
		"https://user:" + "pw-Zq81x" + "@rest.leadfox.co",
		"https://" + "pw-Zq81x" + "@rest.leadfox.co",
		"https://rest.leadfox.co/?token=" + "pw-Zq81x",
		"https://rest.leadfox.co/#" + "pw-Zq81x",
	} {
		_, err := facade.New(secretsKey, secretsSecret, facade.WithBaseURL(base))
		if !errors.Is(err, facade.ErrInvalidArgument) {
			t.Errorf("WithBaseURL(%q): error = %v, want ErrInvalidArgument", base, err)
			continue
		}
		secretsCheckError(t, err, "pw-Zq81x")
	}
}
