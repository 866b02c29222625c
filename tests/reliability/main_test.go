package reliability

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// TestMain runs the suite, then checks that no goroutine outlived it and
// that nothing the suite captured holds a credential or a token.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(testsupport.Scanned(m, func() []string { return suite.leaks(testsupport.FullRun()) }))
}

// suite collects every error string, log record and token of the run.
var suite = newCapture(apiKey, secret)

// capture holds the texts to scan and the secrets to look for in them:
// the API key, the secret, and every JWT seen on the wire. It is safe
// for concurrent use.
type capture struct {
	mu      sync.Mutex
	secrets map[string]string // text -> what it is
	texts   []string
}

func newCapture(apiKey, secret string) *capture {
	return &capture{secrets: map[string]string{apiKey: "the API key", secret: "the secret"}}
}

// addText records a text to scan.
func (c *capture) addText(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.texts = append(c.texts, s)
}

// addToken records a JWT to look for: whole, and its signature alone.
func (c *capture) addToken(jwt string) {
	if jwt == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.secrets[jwt] = "a JWT"
	if i := strings.LastIndex(jwt, "."); i >= 0 && len(jwt)-i > 16 {
		c.secrets[jwt[i+1:]] = "a JWT signature"
	}
}

// addErr records err as a caller could print or log it, and the texts
// the typed errors carry.
func (c *capture) addErr(err error) {
	if err == nil {
		return
	}
	var apiErr *facade.APIError
	if errors.As(err, &apiErr) && len(apiErr.Body) > maxScannedBody {
		// %#v would spell out every byte of the body, for minutes; the
		// test that got this error fails on its size anyway.
		c.addText(fmt.Sprintf("%v | %+v | %s | %q", err, err, err, err))
		c.addText(apiErr.Message + " | " + string(apiErr.Body[:maxScannedBody]))
		return
	}
	c.addText(fmt.Sprintf("%v | %+v | %#v | %s | %q", err, err, err, err, err))
	if apiErr != nil {
		c.addText(apiErr.Message + " | " + string(apiErr.Body))
	}
	var exErr *auth.ExchangeError
	if errors.As(err, &exErr) {
		c.addText(exErr.Snippet)
	}
}

// maxScannedBody bounds the APIError.Body that addErr formats in full.
const maxScannedBody = 1 << 20

// jwtLike matches a base64url-encoded JSON object, as the header and the
// payload of any JWT are: `{"` encodes as eyJ.
var jwtLike = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}`)

// leaks returns one line per captured text that holds a secret or looks
// like a JWT. If full is set and the suite captured too little for the
// scan to prove anything, it says so instead.
func (c *capture) leaks(full bool) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if full && (len(c.texts) < 200 || len(c.secrets) < 4) {
		return []string{fmt.Sprintf("captured %d texts and %d tokens: the scan would prove nothing",
			len(c.texts), len(c.secrets)-2)}
	}
	var out []string
	for _, text := range c.texts {
		if what := c.find(text); what != "" {
			out = append(out, fmt.Sprintf("%s in %.300q", what, text))
		}
	}
	return out
}

// find names the first secret text holds, or returns "".
func (c *capture) find(text string) string {
	for s, what := range c.secrets {
		if strings.Contains(text, s) {
			return what
		}
	}
	if jwtLike.MatchString(text) {
		return "something shaped like a JWT"
	}
	return ""
}

// TestScanFindsPlantedLeaks proves the end-of-suite scan can fail: each
// planted leak is found, and clean texts pass.
func TestScanFindsPlantedLeaks(t *testing.T) {
	const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiI3In0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"
	tests := []struct {
		name, text, want string
	}{
		{"key in an error", "facade: auth failed for " + apiKey, "the API key"},
		{"secret in a log record", `level=DEBUG msg=x body={"secret":"` + secret + `"}`, "the secret"},
		{"recorded token", "Authorization: JWT " + jwt, "JWT"},
		{"token signature alone", "sig=c2lnbmF0dXJlLW9mLXRoZS10b2tlbg", "a JWT signature"},
		{"unrecorded token", "token eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "shaped like a JWT"},
		{"payload alone", "claims eyJzdWIiOiJ4IiwiZXhwIjoxfQ", "shaped like a JWT"},
		{"clean", "facade: GET /v1/contact/5f0c8a3b0000000000000001: 503 Service Unavailable", ""},
		{"redacted", "Body: bad token [redacted]", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCapture(apiKey, secret)
			c.addToken(jwt)
			c.addText(tt.text)
			leaks := c.leaks(false)
			if tt.want == "" {
				if len(leaks) != 0 {
					t.Errorf("leaks = %q, want none", leaks)
				}
				return
			}
			if len(leaks) != 1 || !strings.Contains(leaks[0], tt.want) {
				t.Errorf("leaks = %q, want one naming %q", leaks, tt.want)
			}
		})
	}
}

// TestScanNeedsEnoughCapture checks that a full run that captured almost
// nothing fails rather than pass an empty scan.
func TestScanNeedsEnoughCapture(t *testing.T) {
	c := newCapture(apiKey, secret)
	c.addText("facade: one error")
	if leaks := c.leaks(true); len(leaks) != 1 || !strings.Contains(leaks[0], "prove nothing") {
		t.Errorf("leaks = %q, want one saying the scan proves nothing", leaks)
	}
}
