package facade

import (
	"maps"
	"net/http"
	"slices"

	"github.com/leadfox-go/leadfox/internal/redact"
)

// Middleware wraps the transport of each attempt of an API call: it
// returns a RoundTripper that calls next. [WithMiddleware] installs it,
// once, when [New] builds the Client.
//
// It sits between the retry layer and the attempt layer, so it sees every
// attempt, retries included, with [OperationFrom] of the request's context
// giving the operation, the resource id and the attempt number. Below it
// the attempt layer bounds the attempt in time and buffers a 2xx body
// (a Middleware measuring latency measures the whole answer), and the
// auth layer sets the token: the requests a Middleware sees carry no
// Authorization header, and the token exchange never passes through it.
//
// The RoundTripper it returns must follow the [http.RoundTripper]
// contract: safe for concurrent use, not modifying the request (clone it
// to change it), closing the request body on error. An error it returns
// is an error of the attempt, retried as a transport error would be (see
// [RetryPolicy]).
type Middleware func(next http.RoundTripper) http.RoundTripper

// WithMiddleware adds middleware to the Client, around every attempt of
// every API call. The first given, and the first of the first
// WithMiddleware, is the outermost: it sees the request first and the
// response last. A nil Middleware, or one that returns a nil
// RoundTripper, is an error.
func WithMiddleware(mw ...Middleware) Option {
	return func(c *config) error {
		for i, m := range mw {
			if m == nil {
				return invalidArg("middleware", "%d is nil", i)
			}
		}
		c.middleware = append(slices.Clip(c.middleware), mw...)
		return nil
	}
}

// wrapMiddleware returns next wrapped in mw, mw[0] outermost.
func wrapMiddleware(next http.RoundTripper, mw []Middleware) (http.RoundTripper, error) {
	for i := len(mw) - 1; i >= 0; i-- {
		next = mw[i](next)
		if next == nil {
			return nil, invalidArg("middleware", "%d returned a nil RoundTripper", i)
		}
	}
	return next, nil
}

// callTransport is the outermost layer of the API chain: it puts the
// request's operation, resource id and the Client's clock in the context
// (for [OperationFrom], the retry layer's policy and [Decode]), finding
// the operation from the method and path when the caller did not name it
// (a call through [Client.Raw]), and adds the headers of the call's
// [WithHeader] options.
type callTransport struct {
	next     http.RoundTripper
	basePath string // the base URL's path prefix, "" if none
	clock    Clock
	redact   *redact.Redactor // of the Client, for Decode's errors
}

func (t *callTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	path := req.URL.EscapedPath()
	if len(path) >= len(t.basePath) && path[:len(t.basePath)] == t.basePath {
		path = path[len(t.basePath):]
	}
	info := &requestInfo{op: operationFrom(ctx), clock: t.clock, redact: t.redact}
	if info.op == nil {
		info.op, info.resource = routeTable.match(req.Method, path)
		ctx = withOperation(ctx, info.op)
	} else {
		info.resource = routeTable.resourceOf(info.op, path)
	}
	info.Context = ctx
	r := req.WithContext(info)
	if s := callSettingsFrom(ctx); s != nil && len(s.header) > 0 {
		r.Header = make(http.Header, len(req.Header)+len(s.header))
		maps.Copy(r.Header, req.Header)
		for k, vs := range s.header {
			r.Header[k] = append(slices.Clip(r.Header[k]), vs...)
		}
	}
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		return nil, &opError{op: info.op.name(), settings: callSettingsFrom(ctx), redact: t.redact, err: err}
	}
	return resp, nil
}

// opError is the call layer's error: err, with the name of the operation
// and the call settings for [Decode], which gets no response to read them
// from. It says and matches what err does.
type opError struct {
	op       string
	settings *callSettings // nil if none
	redact   *redact.Redactor
	err      error
}

func (e *opError) Error() string { return e.err.Error() }

func (e *opError) Unwrap() error { return e.err }
