package facade

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/leadfox-go/leadfox/auth"
)

// Sentinel errors for errors.Is. An *APIError matches the one for its
// status code; ErrInvalidArgument and ErrUnsupportedCampaignType are
// returned before any request is sent.
var (
	// ErrNotFound matches a 404 response.
	ErrNotFound = errors.New("facade: not found")
	// ErrUnauthorized matches a 401 response, which the auth transport
	// returns after it has fetched a fresh token and the replay was
	// refused too. It is auth.ErrUnauthorized.
	ErrUnauthorized = auth.ErrUnauthorized
	// ErrForbidden matches a 403 response: the user's role does not
	// allow the operation.
	ErrForbidden = errors.New("facade: forbidden")
	// ErrConflict matches a 409 response.
	ErrConflict = errors.New("facade: conflict")
	// ErrInvalidRequest matches a 400 or 422 response: the server
	// rejected the request's content.
	ErrInvalidRequest = errors.New("facade: invalid request")
	// ErrRateLimited matches a 429 response that was still refused after
	// the retries allowed by the RetryPolicy.
	ErrRateLimited = errors.New("facade: rate limited")
	// ErrServer matches any 5xx response.
	ErrServer = errors.New("facade: server error")

	// ErrInvalidArgument is matched by every error that rejects an
	// argument before a request is sent: an empty or malformed id, a nil
	// body, an empty required field, a negative page size.
	ErrInvalidArgument = errors.New("facade: invalid argument")

	// ErrUnsupportedCampaignType is matched by the error of a campaign
	// operation that meets a campaign whose type is not 2 (EmailCampaign),
	// the only type the vendor supports for API clients. No write request
	// is sent in that case.
	ErrUnsupportedCampaignType = errors.New("facade: unsupported campaign type")

	// ErrMalformedResponse is matched by the error of a 2xx response whose
	// body does not decode as the operation's result: HTML, truncated or
	// trailing JSON, or nothing at all. The request may have taken effect.
	ErrMalformedResponse = errors.New("facade: malformed response")

	// ErrAttemptTimeout is matched by the error of a request whose last
	// attempt outlived its bound ([WithAttemptTimeout], or the response
	// header timeout of [NewTransport]) while the caller's context was
	// still live. It does not match context.DeadlineExceeded,
	// which means the caller's own deadline ended the call.
	ErrAttemptTimeout = errors.New("facade: attempt timed out")
)

// maxErrorBody is the most of an error response's body that is read and
// kept in APIError.Body.
const maxErrorBody = 64 << 10

// APIError is the error returned for every response whose status is not
// 2xx. It matches, with errors.Is, the sentinel for its status (ErrNotFound,
// ErrUnauthorized, ErrForbidden, ErrConflict, ErrInvalidRequest,
// ErrRateLimited, ErrServer).
//
// An APIError holds no credential: Path is the URL path without its query
// string, and no header is kept.
type APIError struct {
	// StatusCode is the HTTP status of the response, e.g. 404.
	StatusCode int
	// Method is the request method, e.g. "GET".
	Method string
	// Path is the request's URL path, e.g. "/v1/contact/5f0c8a3b9d1e2a0012345678".
	Path string
	// Operation is the OpenAPI operationId, e.g. "getContact".
	Operation string
	// Message is the server's explanation, from a JSON "error", "message"
	// or "errors" field or else from a plain-text body. It may be empty.
	Message string
	// Body is the start of the response body, at most 64 KiB, with any
	// JWT in it replaced by "[redacted JWT]".
	Body []byte
	// RetryAfter is the wait the server asked for in a Retry-After
	// header, or 0 if it sent none.
	RetryAfter time.Duration
}

// Error returns one line: method, path, status and message.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "facade: %s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

// Is reports whether target is the sentinel error of e's status code.
func (e *APIError) Is(target error) bool {
	return target != nil && target == sentinelFor(e.StatusCode)
}

// sentinelFor returns the sentinel error of an HTTP status, or nil.
func sentinelFor(status int) error {
	switch {
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusUnauthorized:
		return ErrUnauthorized
	case status == http.StatusForbidden:
		return ErrForbidden
	case status == http.StatusConflict:
		return ErrConflict
	case status == http.StatusBadRequest, status == http.StatusUnprocessableEntity:
		return ErrInvalidRequest
	case status == http.StatusTooManyRequests:
		return ErrRateLimited
	case status >= 500 && status <= 599:
		return ErrServer
	}
	return nil
}

// newAPIError reads at most maxErrorBody bytes of resp's body and returns
// the APIError for resp. The caller still closes the body. now is the
// time against which an HTTP-date Retry-After is measured.
func newAPIError(resp *http.Response, op string, now time.Time) *APIError {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	body = jwtPattern.ReplaceAll(body, []byte("[redacted JWT]"))
	e := &APIError{
		StatusCode: resp.StatusCode,
		Operation:  op,
		Message:    errorMessage(body),
		Body:       body,
	}
	if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
		e.RetryAfter = ra
	}
	if req := resp.Request; req != nil {
		e.Method = req.Method
		e.Path = req.URL.Path
	}
	return e
}

// jwtPattern matches a JWT: three base64url segments, the first (the
// header) starting {"... Some proxies echo request headers in their error
// pages; the token is removed from an error body before it is kept.
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)

// maxMessage bounds APIError.Message, so that Error stays one short line.
const maxMessage = 512

// errorMessage extracts a one-line message from an error body: the
// "message", "error" or "errors" field of a JSON object, the text of a
// JSON array or string, or else the body itself when it is plain text. An
// HTML page or an empty body gives "".
func errorMessage(body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] == '<' {
		return ""
	}
	switch body[0] {
	case '{':
		return oneLine(jsonMessage(body))
	case '[', '"':
		if json.Valid(body) {
			return oneLine(flatten(body))
		}
	}
	return oneLine(string(body))
}

// jsonMessage returns the message of a JSON error object, or "" if the
// object has none or is not valid JSON.
func jsonMessage(body []byte) string {
	var fields struct {
		Error   json.RawMessage `json:"error"`
		Message json.RawMessage `json:"message"`
		Errors  json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(body, &fields) != nil {
		return ""
	}
	for _, raw := range []json.RawMessage{fields.Message, fields.Error, fields.Errors} {
		if s := flatten(raw); s != "" {
			return s
		}
	}
	return ""
}

// flatten turns a JSON error field into text: a string as is, an object
// by its "message" field (or else its fields as "key: value", sorted), an
// array by its elements joined with "; ".
func flatten(raw json.RawMessage) string {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return ""
	}
	return flattenValue(v)
}

func flattenValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		parts := make([]string, 0, len(v))
		for _, e := range v {
			if s := flattenValue(e); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "; ")
	case map[string]any:
		if m, ok := v["message"].(string); ok {
			return m
		}
		keys := slices.Sorted(maps.Keys(v))
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			if s := flattenValue(v[k]); s != "" {
				parts = append(parts, k+": "+s)
			}
		}
		return strings.Join(parts, "; ")
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// oneLine collapses runs of white space to one space and truncates s to
// maxMessage bytes, on a rune boundary.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= maxMessage {
		return s
	}
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// parseRetryAfter parses a Retry-After value, either delay-seconds or an
// HTTP date, into a wait from now. A date in the past gives 0. ok is false
// when v is empty or malformed.
func parseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(maxRetryAfterSeconds) {
			secs = maxRetryAfterSeconds
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// maxRetryAfterSeconds keeps a huge Retry-After from overflowing a Duration.
const maxRetryAfterSeconds = 1 << 32

// argError is an argument rejected before any request was sent.
type argError struct {
	name, reason string
	err          error // the cause, if any
}

// invalidArg returns an error matching ErrInvalidArgument that names the
// argument and says what is wrong with it.
func invalidArg(name, format string, args ...any) error {
	return &argError{name: name, reason: fmt.Sprintf(format, args...)}
}

// badArg returns an error matching ErrInvalidArgument that names the
// argument and wraps err, the reason it was rejected.
func badArg(name string, err error) error {
	return &argError{name: name, reason: err.Error(), err: err}
}

func (e *argError) Error() string {
	return "facade: invalid " + e.name + ": " + e.reason
}

func (e *argError) Is(target error) bool { return target == ErrInvalidArgument }

func (e *argError) Unwrap() error { return e.err }
