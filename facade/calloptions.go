package facade

import (
	"context"
	"net/http"
	"net/textproto"
	"time"

	"github.com/leadfox-go/leadfox/internal/redact"
	"github.com/leadfox-go/leadfox/internal/transport"
)

// A CallOption changes one call: every service method takes them after
// its arguments, and [CallContext] puts them in a context for a call
// through [Client.Raw]. Each validates its argument: the call then
// returns the first invalid option's error, which matches
// [ErrInvalidArgument], before any request. A nil CallOption does
// nothing.
//
// A bulk job (UpsertMany, AddContacts, RemoveContacts) applies them to
// each of its calls, and refuses [WithResponseInto]. A List method
// validates its call options at once and applies them to every page
// request of its pager; a [WithResponseInto] then holds the answer to
// the last page request sent. A walk with [ListOptions.Prefetch] refuses
// WithResponseInto: its page fetched ahead may still be answered after
// the loop ends.
//
// Call options never apply to the token exchange, which serves every
// call of the Client.
type CallOption func(*callSettings) error

// callSettings is what the call options of one call set: what the
// transport chain obeys, and what only the facade reads.
type callSettings struct {
	chain transport.CallSettings
	into  *Response
	err   error // the first invalid option's
}

// CallSettings returns the settings the transport chain obeys.
func (s *callSettings) CallSettings() *transport.CallSettings { return &s.chain }

// reservedHeaders are the headers a call option must not set: the chain
// sets them (Authorization, User-Agent), or net/http does from the
// request itself.
var reservedHeaders = map[string]string{
	"Authorization":     "set by the Client from its token",
	"User-Agent":        "set by the Client; use WithUserAgent",
	"Content-Type":      "set from the operation's body",
	"Content-Length":    "set from the operation's body",
	"Host":              "set from the base URL",
	"Transfer-Encoding": "set by net/http",
	"Connection":        "set by net/http",
	"Cookie":            "not sent by the Client",
}

// WithHeader adds a header to every attempt of the call (the retries
// included), after any value it already has. The name must be a valid
// HTTP token and not one the Client sets itself (Authorization,
// User-Agent, Content-Type, Content-Length, Host, Transfer-Encoding,
// Connection, Cookie); the value must hold no control byte but
// horizontal tab. An error names the header, never its value. The value
// is never logged.
func WithHeader(name, value string) CallOption {
	return func(s *callSettings) error {
		if err := checkHeaderName(name); err != nil {
			return err
		}
		for i := 0; i < len(value); i++ {
			if b := value[i]; (b < 0x20 && b != '\t') || b == 0x7f {
				return invalidArg("header "+name, "value has control byte %#x at %d", b, i)
			}
		}
		if s.chain.Header == nil {
			s.chain.Header = make(http.Header)
		}
		s.chain.Header.Add(name, value)
		return nil
	}
}

func checkHeaderName(name string) error {
	if name == "" {
		return invalidArg("header name", "empty")
	}
	for i := 0; i < len(name); i++ {
		if !isTokenByte(name[i]) {
			return invalidArg("header name", "%q has byte %#x at %d, not allowed in an HTTP token", name, name[i], i)
		}
	}
	if why, ok := reservedHeaders[textproto.CanonicalMIMEHeaderKey(name)]; ok {
		return invalidArg("header name", "%s is %s", textproto.CanonicalMIMEHeaderKey(name), why)
	}
	return nil
}

// isTokenByte reports whether b may appear in an HTTP token (RFC 9110).
func isTokenByte(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	switch b {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}

// WithCallAttemptTimeout bounds each attempt of the call in place of the
// Client's [WithAttemptTimeout], with the same meaning: 0 sets no bound
// beyond the context. Negative is an error.
func WithCallAttemptTimeout(d time.Duration) CallOption {
	return func(s *callSettings) error {
		if d < 0 {
			return invalidArg("call attempt timeout", "%v is negative", d)
		}
		s.chain.Timeout, s.chain.HasTimeout = d, true
		return nil
	}
}

// WithCallMaxAttempts sets the number of attempts of the call, the first
// included, in place of [RetryPolicy.MaxAttempts]: 1 disables retries
// for this call only. Which failures are retried, and the waits, stay
// the Client's. n must be at least 1.
func WithCallMaxAttempts(n int) CallOption {
	return func(s *callSettings) error {
		if n < 1 {
			return invalidArg("call max attempts", "%d is less than 1", n)
		}
		s.chain.MaxAttempts = n
		return nil
	}
}

// WithResponseInto makes the call fill *r with the last response the
// server sent: on success, and on an error that carries a response (an
// [*APIError], a body that does not decode). When the call gets no
// response (a transport error, a context ended), *r is set to the zero
// Response; when it fails before any request (an invalid argument), *r
// is not touched. r must not be nil and must not be read while the call
// runs.
func WithResponseInto(r *Response) CallOption {
	return func(s *callSettings) error {
		if r == nil {
			return invalidArg("response", "nil")
		}
		s.into = r
		return nil
	}
}

// Response is what [WithResponseInto] reports of the server's last answer
// to a call.
type Response struct {
	// StatusCode is the HTTP status, such as 200.
	StatusCode int
	// Header is the response's header, the caller's to keep. It holds
	// what the server sent, with the Client's key, secret and tokens
	// removed from its values should the server echo them.
	Header http.Header
	// RequestID is the id the server gave the request, from the first of
	// the headers X-Request-Id (any case), Request-Id and
	// X-Amzn-Requestid it sends; "" if none. Quote it to the vendor's
	// support.
	RequestID string
}

// requestIDHeaders are the headers RequestID is read from, in order.
var requestIDHeaders = []string{"X-Request-Id", "Request-Id", "X-Amzn-Requestid"}

// fill sets *r from resp, nil if the call got no response, with every
// secret red knows removed from the header values (a server may echo
// one).
func (r *Response) fill(resp *http.Response, red *redact.Redactor) {
	if resp == nil {
		*r = Response{}
		return
	}
	h := resp.Header.Clone()
	for _, vs := range h {
		for i, v := range vs {
			vs[i] = red.String(v)
		}
	}
	*r = Response{StatusCode: resp.StatusCode, Header: h, RequestID: requestID(h)}
}

// checkBulkCallOptions validates the call options of a bulk job, which
// applies them to each of its calls: WithResponseInto is refused, since
// the calls run concurrently.
func checkBulkCallOptions(opts []CallOption) error {
	s := newCallSettings(nil, opts)
	switch {
	case s.err != nil:
		return s.err
	case s.into != nil:
		return invalidArg("call options", "WithResponseInto does not apply to a bulk job, whose calls run concurrently")
	}
	return nil
}

// CallContext returns ctx carrying opts for the calls made with it: a
// service method adds its own call options after them, and a call
// through [Client.Raw] has no other way to take them. An invalid option
// is an error matching [ErrInvalidArgument]. Options already in ctx come
// first.
func CallContext(ctx context.Context, opts ...CallOption) (context.Context, error) {
	ctx = withCallOptions(ctx, opts)
	if s := callSettingsFrom(ctx); s != nil && s.err != nil {
		return nil, s.err
	}
	return ctx, nil
}

// withCallOptions returns ctx carrying the settings of opts, on top of
// those already in ctx, or ctx itself if opts is empty. The first invalid
// option's error is kept in the settings: [Client.exchange] returns it
// before sending anything.
func withCallOptions(ctx context.Context, opts []CallOption) context.Context {
	ctx = contextOrError(ctx)
	if len(opts) == 0 {
		return ctx
	}
	return transport.WithSettings(ctx, newCallSettings(callSettingsFrom(ctx), opts))
}

// newCallSettings applies opts over a copy of base (nil for none).
func newCallSettings(base *callSettings, opts []CallOption) *callSettings {
	s := &callSettings{}
	if base != nil {
		*s = *base
		s.chain.Header = base.chain.Header.Clone()
	}
	for _, opt := range opts {
		if opt == nil || s.err != nil {
			continue
		}
		s.err = opt(s)
	}
	return s
}

// callSettingsFrom returns the call settings in ctx, or nil.
func callSettingsFrom(ctx context.Context) *callSettings {
	s, _ := transport.SettingsFrom(ctx).(*callSettings)
	return s
}
