package facade

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"

	"github.com/leadfox-go/leadfox/internal/jsonobj"
	"github.com/leadfox-go/leadfox/internal/optable"
	"github.com/leadfox-go/leadfox/internal/redact"
	"github.com/leadfox-go/leadfox/internal/transport"
)

// send is a call of the generated client, bound to its arguments.
type send func(ctx context.Context) (*http.Response, error)

// responseOf is a response type of the generated client whose 200 body
// is a T. Naming it at each call makes the facade decode the type the spec
// declares: a changed response schema (an envelope, another type) is a
// compile error, not a silent difference.
type responseOf[T any] interface {
	GetJSON200() *T
}

// do runs one operation: it puts op in the context for the transport
// chain, sends the request, and decodes a 2xx body into a new T, the 200
// body of the generated response type R. Any other status is an
// *APIError. A body that does not decode as T (HTML, truncated JSON,
// nothing at all) is an error naming the operation and the status.
func do[R responseOf[T], T any](ctx context.Context, c *Client, op *optable.Operation, call send) (*T, error) {
	v := new(T)
	err := c.exchange(ctx, op, call, func(body []byte, status int) error {
		if err := decodeJSONBytes(body, v); err != nil {
			return &malformedError{op: op.ID, status: status, err: err}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// doNoContent runs one operation as do does, for an operation whose 2xx
// body carries nothing the caller needs: the body is discarded.
func doNoContent(ctx context.Context, c *Client, op *optable.Operation, call send) error {
	return c.exchange(ctx, op, call, nil)
}

// exchange sends the request of op and hands the body of a 2xx response
// to read, if not nil: the bytes the attempt layer buffered (see
// successBody). It returns the transport's error, with the URL's query
// removed, an *APIError for any other status, or read's error. The body
// is always drained (boundedly) and closed; a 2xx body, which the attempt
// layer has read whole, costs nothing to drain.
//
// The call options in ctx (see withCallOptions) are checked first: an
// invalid one is returned before any request. A WithResponseInto is
// filled from the response.
func (c *Client) exchange(ctx context.Context, op *optable.Operation, call send, read func(body []byte, status int) error) error {
	settings := callSettingsFrom(ctx)
	if settings != nil && settings.err != nil {
		return settings.err
	}
	resp, err := call(transport.WithOperation(ctx, op)) //nolint:bodyclose // DrainClose below closes it
	if resp != nil {
		defer transport.DrainClose(resp.Body)
	}
	return handleResponse(settings, op.Name(), c.clock, c.redact, c.maxResponseBytes, resp, err, read)
}

// handleResponse is the second half of exchange, shared with [Decode]:
// opName names the operation in errors, which red redacts. The caller
// drains (boundedly) and closes resp's body.
func handleResponse(settings *callSettings, opName string, clock Clock, red *redact.Redactor, maxBytes int64, resp *http.Response, err error, read func(body []byte, status int) error) error {
	if settings != nil && settings.into != nil {
		settings.into.fill(resp, red)
	}
	if err != nil {
		return markNetwork(fmt.Errorf("facade: %s: %w", opName, redactError(red, redactURLError(err))))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newAPIError(resp, opName, clock.Now(), red)
	}
	if read == nil {
		return nil
	}
	body, err := transport.SuccessBody(resp.Body, maxBytes)
	if err != nil {
		return &malformedError{op: opName, status: resp.StatusCode, err: err}
	}
	return read(body, resp.StatusCode)
}

var errEmptyBody = errors.New("empty body")

// malformedError is the error of a 2xx body that does not decode. It
// matches ErrMalformedResponse and the decoder's error.
type malformedError struct {
	op     string
	status int
	err    error
}

func (e *malformedError) Error() string {
	return fmt.Sprintf("facade: %s: decode %d response: %v", e.op, e.status, e.err)
}

func (e *malformedError) Unwrap() []error { return []error{ErrMalformedResponse, e.err} }

// decodeJSONBytes decodes data, one JSON value, into v in one pass. A v
// of a generated type decodes itself, checking data in full, with no
// scan by encoding/json first. If decoding fails on input that is not
// JSON, it returns the error decodeJSONStream gives, for the same causes
// (errEmptyBody for an empty body, io.ErrUnexpectedEOF for a cut one)
// whatever the path.
func decodeJSONBytes(data []byte, v any) error {
	var err error
	if u, ok := v.(json.Unmarshaler); ok {
		err = u.UnmarshalJSON(data)
	} else {
		err = json.Unmarshal(data, v)
	}
	var syntax *jsonobj.SyntaxError
	var jsonSyntax *json.SyntaxError
	isSyntax := errors.As(err, &syntax) || errors.As(err, &jsonSyntax)
	if err == nil || !isSyntax {
		return err
	}
	fresh := reflect.New(reflect.TypeOf(v).Elem())
	if serr := decodeJSONStream(bytes.NewReader(data), fresh.Interface()); serr != nil {
		return serr
	}
	return err // not expected: both accept exactly one valid value
}

// decodeJSONStream decodes exactly one JSON value from r into v with a
// json.Decoder.
func decodeJSONStream(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	if err := dec.Decode(v); err != nil {
		if err == io.EOF {
			return errEmptyBody
		}
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

// redactURLError returns err with the URL of a *url.Error cut to its
// scheme, host and path: the query may hold filters on personal data and
// the clientid.
func redactURLError(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	u, perr := url.Parse(ue.URL)
	if perr != nil {
		return &url.Error{Op: ue.Op, URL: "(unparsable URL)", Err: ue.Err}
	}
	clean := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	return &url.Error{Op: ue.Op, URL: clean.String(), Err: ue.Err}
}
