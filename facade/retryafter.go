package facade

import (
	"net/http"
	"strings"
	"time"
)

// retryAfterDelay returns the wait the Retry-After header of h asks for,
// as parseRetryAfter reads it, and whether there is one. A Retry-After
// given as an HTTP date is measured on the server's clock: from the
// answer's Date header if it parses, and only otherwise from now, the
// local time, which may be hours off the server's.
func retryAfterDelay(h http.Header, now time.Time) (time.Duration, bool) {
	if date, err := http.ParseTime(strings.TrimSpace(h.Get("Date"))); err == nil {
		now = date
	}
	return parseRetryAfter(h.Get("Retry-After"), now)
}
