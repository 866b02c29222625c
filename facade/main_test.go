package facade

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// TestMain checks, after a successful run, that no goroutine leaked and
// that no log record or error the suite produced holds a credential.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(testsupport.Scanned(m, suite.leaks))
}

// suite collects every log record written through a setup client and
// every error checked by the assertion helpers, across the whole run.
var suite capture

type capture struct {
	mu    sync.Mutex
	texts []string
}

func (c *capture) add(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.texts = append(c.texts, s)
}

// recordErr captures err under every fmt verb a caller might log it with.
func (c *capture) recordErr(err error) {
	if err != nil {
		c.add(fmt.Sprintf("%v | %+v | %#v | %s", err, err, err, err))
	}
}

// recordValue captures v under every fmt verb.
func (c *capture) recordValue(v any) {
	c.add(fmt.Sprintf("%v | %+v | %#v", v, v, v))
}

// leaks returns the captured texts that hold a credential, or, if the
// suite captured too little to tell, a line saying so.
func (c *capture) leaks() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if testsupport.FullRun() && len(c.texts) < 50 {
		return []string{fmt.Sprintf("only %d texts captured: the scan would prove nothing", len(c.texts))}
	}
	var out []string
	for _, s := range c.texts {
		if secret := findSecret(s); secret != "" {
			out = append(out, fmt.Sprintf("%s in %q", secret, s))
		}
	}
	return out
}

// findSecret names the first credential s holds, or returns "".
func findSecret(s string) string {
	for name, secret := range map[string]string{
		"api key": testAPIKey, "secret": testSecret, "jwt": testJWT,
		"jwt signature": testJWT[strings.LastIndex(testJWT, ".")+1:],
	} {
		if strings.Contains(s, secret) {
			return name
		}
	}
	return ""
}
