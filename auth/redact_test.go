package auth_test

import (
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/auth"
)

// TestNothingPrintsSecrets formats every kind of value and error this
// package returns under many verbs, and looks for the credentials and the
// JWT in the output, verbatim or hex-encoded.
func TestNothingPrintsSecrets(t *testing.T) {
	jwt := jwtAt(t, 7, t0.Add(time.Hour))
	payload := strings.Split(jwt, ".")[1]
	secrets := []string{testKey, testSecret, jwt, payload, "hunter2"}
	values := returnedValues(t, jwt)
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%30.4v", "%-8s"}
	for name, v := range values {
		for _, verb := range verbs {
			out := fmt.Sprintf(verb, v)
			for _, secret := range secrets {
				for _, form := range []string{secret, hex.EncodeToString([]byte(secret)), strings.ToUpper(hex.EncodeToString([]byte(secret)))} {
					if strings.Contains(out, form) {
						t.Errorf("%s under %s = %s\nholds a secret (%.12s...)", name, verb, out, form)
					}
				}
			}
		}
	}
}

// returnedValues returns, by name, a value of each kind this package
// returns to a caller that holds the test credentials and jwt.
func returnedValues(t *testing.T, jwt string) map[string]any {
	echo := "bad apikey " + testKey + " or secret " + testSecret
	values := map[string]any{}
	src := (&fake{issue: issue(jwt)}).source(t, auth.WithClock(newClock()))
	tok := mustToken(t, src, jwt)
	values["*Token"], values["Token"], values["[]*Token"] = tok, *tok, []*auth.Token{tok}
	values["*Source"] = src
	values["*Transport"] = &auth.Transport{Source: src}

	exchangeErrors := map[string]http.HandlerFunc{
		"401 echoing":          answer(http.StatusUnauthorized, echo),
		"500 echoing":          answer(http.StatusInternalServerError, echo+" "+jwt),
		"200 bad payload":      answer(http.StatusOK, `{"jwt":"`+strings.Replace(jwt, ".", ".!", 1)+`"}`),
		"200 two parts":        answer(http.StatusOK, `{"jwt":"`+jwt[:strings.LastIndex(jwt, ".")]+`"}`),
		"200 expired":          issue(jwtAt(t, 7, t0.Add(-time.Hour))),
		"200 jwt not a string": answer(http.StatusOK, `{"jwt":{"v":"`+jwt+`"}}`),
	}
	for name, h := range exchangeErrors {
		_, err := (&fake{issue: h}).source(t, auth.WithClock(newClock())).Token(t.Context())
		if err == nil {
			t.Fatalf("%s: Token error = nil, want one", name)
		}
		values["Token error, "+name] = err
	}

	_, err := auth.NewSource(testKey, testSecret, auth.WithBaseURL("https://u:hunter2@rest.leadfox.co"))
	values["NewSource error"] = err
	_, err = auth.ParseToken(jwt + " ")
	values["ParseToken error"] = err

	rejecting := &fake{issue: issue(jwt), api: answer(http.StatusUnauthorized, echo)}
	client, _ := setup(t, rejecting)
	resp, err := client.Get("http://leadfox.test/v1/contact")
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, resp)
	values["401 *http.Response"] = resp

	failing := &http.Client{Transport: &auth.Transport{Source: (&fake{issue: answer(http.StatusForbidden, echo)}).source(t)}}
	resp, err = failing.Get("http://leadfox.test/v1/contact")
	if err == nil {
		_ = resp.Body.Close()
	}
	if !errors.Is(err, auth.ErrInvalidCredentials) {
		t.Fatalf("Get error = %v, want one matching ErrInvalidCredentials", err)
	}
	values["RoundTrip error"] = err
	return values
}
