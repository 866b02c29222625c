package facade

import (
	"net/http"

	"github.com/leadfox-go/leadfox/auth"
)

// exchangeAttempts returns the attempt layer of the token exchange over
// next: the API calls' (see config.attempts), but buffering no more of an
// answer than auth reads of it, auth.MaxResponseBytes, instead of the
// API's WithMaxResponseBytes.
func (cfg *config) exchangeAttempts(next http.RoundTripper) *attemptTransport {
	a := cfg.attempts(next, false)
	a.maxBytes = min(a.maxBytes, auth.MaxResponseBytes)
	return a
}
