package facade

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/internal/redact"
	"github.com/leadfox-go/leadfox/internal/transport"
)

// Sentinel errors for errors.Is. An *APIError matches the one for its
// status code; ErrInvalidArgument and ErrUnsupportedCampaignType are
// returned before any request is sent.
var (
	// ErrNotFound matches a 404 response.
	ErrNotFound = errors.New("facade: not found")
	// ErrUnauthorized matches a 401 response, which the auth transport
	// returns after it has fetched a fresh token and the replay was
	// refused too.
	ErrUnauthorized = errors.New("facade: unauthorized")
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

	// ErrInvalidCredentials matches the error of a call made while the
	// API rejects the key or the secret: POST /v1/auth answered 401 or
	// 403. The error is an *ExchangeError (see errors.As). After a
	// rejection the Client makes no new exchange for a while (one second,
	// doubling with each rejection in a row up to a minute, reset by a
	// successful exchange), and calls in that time fail at once with the
	// same error. It is auth.ErrInvalidCredentials.
	ErrInvalidCredentials = auth.ErrInvalidCredentials

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
	ErrMalformedResponse = transport.ErrMalformedResponse

	// ErrAttemptTimeout is matched by the error of a request whose last
	// attempt outlived its bound ([WithAttemptTimeout], or the response
	// header timeout of [NewTransport]) while the caller's context was
	// still live. It does not match context.DeadlineExceeded,
	// which means the caller's own deadline ended the call.
	ErrAttemptTimeout = transport.ErrAttemptTimeout
)

// ExchangeError is the error of a failed exchange of the key and secret
// for a token (POST /v1/auth), found with errors.As in the error of the
// call that needed the token. StatusCode is the answer's status (0 if none
// came), Snippet the start of its body with every credential removed,
// Backoff, after a rejection, how long no new exchange is made, and Err
// the cause: ErrInvalidCredentials for a rejection. Its Error never holds
// the key, the secret or a token.
type ExchangeError = auth.ExchangeError

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
	// Path is the request's URL path, e.g. "/v1/contact/5f0c8a3b9d1e2a0012345678",
	// or after a redirect the path the server sent, with any credential
	// or token in it replaced by "[redacted]".
	Path string
	// Operation is the OpenAPI operationId, e.g. "getContact".
	Operation string
	// Message is the server's explanation, from a JSON "error", "message"
	// or "errors" field, else from every member of a JSON object of
	// another shape (as "code: 404; detail: …"), else from a plain-text
	// body, on one line of at most 512 bytes (and "…"). It may be empty.
	Message string
	// Body is the start of the response body, at most 64 KiB.
	//
	// Message and Body hold no credential: the API key, the secret and
	// the current and previous tokens are replaced by "[redacted]" in any
	// form a server may echo them in (plain, JSON-escaped, URL- or
	// form-encoded, base64 or base64url, alone or inside a larger blob),
	// and so is anything shaped like a JWT.
	Body []byte
	// RetryAfter is the wait the server asked for in a Retry-After
	// header, or 0 if it sent none or one that does not parse. A wait
	// longer than RetryAfterLimit, or too large to parse as a number,
	// is RetryAfterLimit.
	RetryAfter time.Duration
	// RequestID is the id the server gave the request, from the first of
	// the headers X-Request-Id (any case), Request-Id and
	// X-Amzn-Requestid it sent, with any credential removed; "" if none.
	// Quote it to the vendor's support.
	RequestID string
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
// the APIError for resp, with every secret red knows removed from its
// body, message and path. The caller still closes the body. now is the
// time against which an HTTP-date Retry-After is measured.
func newAPIError(resp *http.Response, op string, now time.Time, red *redact.Redactor) *APIError {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	body = red.Bytes(body)
	e := &APIError{
		StatusCode: resp.StatusCode,
		Operation:  op,
		Message:    red.String(errorMessage(body)),
		Body:       body,
	}
	if ra, ok := transport.RetryAfter(resp.Header, now); ok {
		e.RetryAfter = ra
	}
	e.RequestID = red.String(requestID(resp.Header))
	if req := resp.Request; req != nil {
		e.Method = req.Method
		e.Path = red.String(req.URL.Path)
	}
	return e
}

// requestID returns the value of the first header of requestIDHeaders
// that h has, or "".
func requestID(h http.Header) string {
	for _, name := range requestIDHeaders {
		if v := h.Get(name); v != "" {
			return v
		}
	}
	return ""
}

// maxMessage bounds APIError.Message, so that Error stays one short line.
const maxMessage = 512

// errorMessage extracts a one-line message from an error body: the
// "message", "error" or "errors" field of a JSON object (or, when it has
// none, all its members, so that a body of another shape keeps its
// text), the text of a JSON array or string, or else the body itself when
// it is plain text. An HTML page or an empty body gives "".
func errorMessage(body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] == '<' {
		return ""
	}
	switch body[0] {
	case '{':
		if m := jsonMessage(body); m != "" {
			return oneLine(m)
		}
		return oneLine(flatten(body))
	case '[', '"':
		if json.Valid(body) {
			return oneLine(flatten(body))
		}
	}
	return oneLine(string(body))
}

// oneLine makes s one line of at most maxMessage bytes, ending in "…" if
// it was cut. It removes what looks like a JWT; newAPIError removes the
// rest.
func oneLine(s string) string {
	var shapeOnly *redact.Redactor
	return shapeOnly.Line(s, maxMessage)
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

// RetryAfterLimit is the longest wait an APIError's RetryAfter reports,
// about 136 years. A Retry-After asking for longer (a number of seconds
// beyond it, one too large for any integer type such as
// 99999999999999999999 or 1e30, or a date further off) reports
// RetryAfterLimit: it is far beyond any RetryPolicy.MaxRetryAfter, so the
// response comes back at once, not retried, rather than being taken for
// no Retry-After at all.
const RetryAfterLimit = (1 << 32) * time.Second

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

// redactError returns err with every secret red knows removed from
// its text: a server's status line, header line or redirect target may
// echo one, and net/http quotes them. A *url.Error keeps its type, its
// Op and its URL (path redacted) so that errors.As still finds it.
func redactError(red *redact.Redactor, err error) error {
	// redactURLError has made the *url.Error, if any, the whole of err.
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: red.String(ue.URL), Err: red.Error(ue.Err)}
	}
	return red.Error(err)
}
