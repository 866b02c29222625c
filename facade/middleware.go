package facade

import (
	"net/http"
	"slices"
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

// wrapMiddleware returns next wrapped in the Client's middleware,
// middleware[0] outermost.
func (cfg *config) wrapMiddleware(next http.RoundTripper) (http.RoundTripper, error) {
	mw := cfg.middleware
	for i := len(mw) - 1; i >= 0; i-- {
		next = mw[i](next)
		if next == nil {
			return nil, invalidArg("middleware", "%d returned a nil RoundTripper", i)
		}
	}
	return next, nil
}
