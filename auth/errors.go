package auth

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// ErrInvalidCredentials is returned, wrapped in an [*ExchangeError] that
// carries the status, when POST /v1/auth answers 401 or 403: the API key or
// the secret was rejected (a regenerated secret revokes the old one). The
// exchange is not retried, and the [Source] backs off before it exchanges
// again (see [RejectionBackoff]).
var ErrInvalidCredentials = errors.New("auth: api key or secret rejected")

// An ExchangeError reports a failed POST /v1/auth. Its Error is one line
// prefixed "auth: " and never holds the key, the secret or a token.
type ExchangeError struct {
	// StatusCode is the HTTP status of the answer, or 0 if none arrived
	// (a network failure, or the exchange timeout).
	StatusCode int

	// Snippet is the start of a non-2xx answer's body, at most 128 bytes
	// and "…" if cut, on one line, with the key, the secret, the current
	// and previous tokens (in any encoding a server may echo them in) and
	// anything that looks like a JWT replaced by "[redacted]". It is empty
	// for a 2xx answer, whose body may hold a token.
	Snippet string

	// Backoff is, for a rejection (Err is [ErrInvalidCredentials]), how
	// long the [Source] makes no new exchange and returns this error
	// instead; zero otherwise.
	Backoff time.Duration

	// Joined reports that the caller did not start this exchange but
	// waited for one another caller started, so that the exchange's
	// retries were not made on the caller's behalf: a caller with
	// attempts left may try again (see [Source.Token]).
	Joined bool

	// Err is the cause: ErrInvalidCredentials for 401 and 403, the
	// network or context error when no answer arrived, what was wrong with
	// a 2xx body, or nil for any other status.
	Err error
}

// Error returns e as one line, such as
// "auth: exchange: status 403 Forbidden: api key or secret rejected".
func (e *ExchangeError) Error() string {
	var b strings.Builder
	b.WriteString("auth: exchange")
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": status %d", e.StatusCode)
		if text := http.StatusText(e.StatusCode); text != "" {
			b.WriteString(" " + text)
		}
	}
	if e.Err != nil {
		// One "auth: " prefix per line, though the cause may have its own.
		b.WriteString(": ")
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "auth: "))
	}
	if e.Snippet != "" {
		fmt.Fprintf(&b, ": body %q", e.Snippet)
	}
	if e.Backoff > 0 {
		fmt.Fprintf(&b, " (no new exchange for %v)", e.Backoff)
	}
	return b.String()
}

// Unwrap returns e.Err.
func (e *ExchangeError) Unwrap() error { return e.Err }
