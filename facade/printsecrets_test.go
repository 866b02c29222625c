package facade

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// printVerbs are the fmt verbs a caller might print a value with.
var printVerbs = []string{"%s", "%q", "%v", "%+v", "%#v", "%x", "%X", "%d", "%T %v"}

// TestNoPrinterShowsCredentials: no fmt verb, slog.Any (text or JSON) or
// json.Marshal of a Client, of a Client value, or of a struct holding one
// (exported or not) shows the API key, the secret or the current token,
// in any encoding, once a token has been issued.
func TestNoPrinterShowsCredentials(t *testing.T) {
	f := setup(t)
	f.mock.RegisterResponder(http.MethodGet, testBase+"/v1/contact/"+contactID, httpmock.NewStringResponder(http.StatusOK, `{"_id":"`+contactID+`"}`))
	if _, err := f.client.Contacts.Get(t.Context(), contactID); err != nil {
		t.Fatalf("Contacts.Get: %v", err)
	}
	type holder struct {
		Exported Client
		hidden   Client
		ptr      *Client
	}
	values := map[string]any{
		"*Client": f.client, "Client": *f.client,
		"struct holding Clients":  holder{Exported: *f.client, hidden: *f.client, ptr: f.client},
		"*struct holding Clients": &holder{Exported: *f.client, hidden: *f.client, ptr: f.client},
	}
	for name, v := range values {
		for _, verb := range printVerbs {
			checkPrinted(t, fmt.Sprintf("%s of %s", verb, name), fmt.Sprintf(verb, v, v))
		}
		var text, js bytes.Buffer
		slog.New(slog.NewTextHandler(&text, nil)).Info("client", slog.Any("c", v))
		slog.New(slog.NewJSONHandler(&js, nil)).Info("client", slog.Any("c", v))
		checkPrinted(t, "slog text of "+name, text.String())
		checkPrinted(t, "slog JSON of "+name, js.String())
		b, _ := json.Marshal(v) // an error is no leak
		checkPrinted(t, "json.Marshal of "+name, string(b))
	}
}

// checkPrinted fails if text holds a credential of the test account in
// any encoding.
func checkPrinted(t *testing.T, what, text string) {
	t.Helper()
	for name, secret := range map[string]string{"api key": testAPIKey, "secret": testSecret, "token": testJWT} {
		if form := testsupport.Leak(text, secret); form != "" {
			t.Errorf("%s shows the %s (%s)", what, name, form)
		}
	}
}

// TestConfigErrorsQuoteNoCredential: a base URL that is really a
// credential (two environment variables swapped) is not quoted by the
// error of New, NewFromEnv or auth.NewSource.
func TestConfigErrorsQuoteNoCredential(t *testing.T) {
	for _, base := range []string{testSecret, "https:" + testSecret, "ftp://" + testSecret, "//" + testSecret + "/x"} {
		_, err := New(testAPIKey, testSecret, WithBaseURL(base))
		checkConfigErr(t, "New", err)
		_, err = auth.NewSource(testAPIKey, testSecret, auth.WithBaseURL(base))
		checkConfigErr(t, "auth.NewSource", err)
		t.Setenv(EnvAPIKey, testAPIKey)
		t.Setenv(EnvSecret, testSecret)
		t.Setenv(EnvBaseURL, base)
		_, err = NewFromEnv()
		checkConfigErr(t, "NewFromEnv", err)
	}
}

func checkConfigErr(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s with a credential as base URL: no error", what)
	}
	checkPrinted(t, what+" error", fmt.Sprintf("%v %+v %#v", err, err, err))
}

// TestShortCredentialsRefused: a key or secret too short to be redacted
// safely is refused by New and auth.NewSource, with an error that says
// why and quotes neither.
func TestShortCredentialsRefused(t *testing.T) {
	for _, c := range []struct{ key, secret string }{{"k3y", testSecret}, {testAPIKey, "s3cr"}, {"1234567", testSecret}} {
		_, err := New(c.key, c.secret)
		wantErr(t, err, ErrInvalidArgument, "New with a short credential")
		if err != nil && !bytes.Contains([]byte(err.Error()), []byte("shorter than the 8 bytes")) {
			t.Errorf("New error = %q, want it to say the credential is shorter than 8 bytes", err)
		}
		if _, err := auth.NewSource(c.key, c.secret); err == nil {
			t.Errorf("auth.NewSource(%d-byte key, %d-byte secret): no error", len(c.key), len(c.secret))
		}
	}
}
