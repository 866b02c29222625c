package transport

import (
	"errors"
	"fmt"
	"net/http"
)

// The errors the chain produces. Package facade exports each under the
// same name, with the contract users read.
var (
	// ErrMalformedResponse is facade.ErrMalformedResponse.
	ErrMalformedResponse = errors.New("facade: malformed response")
	// ErrAttemptTimeout is facade.ErrAttemptTimeout.
	ErrAttemptTimeout = errors.New("facade: attempt timed out")
	// ErrResponseTooLarge is facade.ErrResponseTooLarge; it also matches
	// ErrMalformedResponse.
	ErrResponseTooLarge = errors.New("facade: response too large")
	// ErrRedirect is facade.ErrRedirect.
	ErrRedirect = errors.New("facade: redirect refused")
)

// tooLargeError is the error of a body past the limit.
type tooLargeError struct {
	limit     int64
	announced int64 // the Content-Length if it alone showed the excess, else -1
}

func (e *tooLargeError) Error() string {
	if e.announced >= 0 {
		return fmt.Sprintf("response body of %d bytes (Content-Length) is over the limit of %d bytes (WithMaxResponseBytes)", e.announced, e.limit)
	}
	return fmt.Sprintf("response body is longer than the limit of %d bytes (WithMaxResponseBytes)", e.limit)
}

func (e *tooLargeError) Unwrap() []error { return []error{ErrResponseTooLarge, ErrMalformedResponse} }

// redirectError is the error of a refused redirect.
type redirectError struct {
	method string
	status int
	path   string // of the Location
}

func (e *redirectError) Error() string {
	return fmt.Sprintf("%s answered %d %s with Location %s: a write is never redirected", e.method, e.status, http.StatusText(e.status), e.path)
}

func (e *redirectError) Is(target error) bool { return target == ErrRedirect }
