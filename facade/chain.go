package facade

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"time"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/internal/redact"
)

// The settings of [NewTransport].
const (
	// DefaultMaxIdleConnsPerHost is the number of idle connections to the
	// API that the default transport keeps for reuse: enough for 64
	// goroutines sharing one Client, where Go's default of 2 makes most
	// concurrent calls open a new connection (a TLS handshake each).
	DefaultMaxIdleConnsPerHost = 64
	// DefaultResponseHeaderTimeout is how long the default transport
	// waits for the head of an answer once the request is sent: 30
	// seconds. Past it the attempt fails with an error matching
	// [ErrAttemptTimeout], even when [WithAttemptTimeout] is 0.
	DefaultResponseHeaderTimeout = 30 * time.Second
)

// NewTransport returns a new instance of the base transport a Client
// uses when neither [WithTransport] nor the Transport of
// [WithHTTPClient] sets one: the settings of [http.DefaultTransport]
// (proxy from the environment, 30 s dial timeout and keep-alive, 10 s TLS
// handshake, 90 s idle timeout, HTTP/2) with a pool of
// [DefaultMaxIdleConnsPerHost] idle connections and a response header
// timeout of [DefaultResponseHeaderTimeout]. Use it to wrap the default in
// a transport of your own. Each call returns a transport with its own
// pool, safe for concurrent use.
func NewTransport() *http.Transport {
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          2 * DefaultMaxIdleConnsPerHost,
		MaxIdleConnsPerHost:   DefaultMaxIdleConnsPerHost,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		ResponseHeaderTimeout: DefaultResponseHeaderTimeout,
	}
}

// The transport chains of a Client, outermost first. Each layer does one
// job:
//
//	API calls:      call -> user agent -> retry -> middleware -> attempt -> auth -> drain -> base
//	token exchange: user agent -> retry -> attempt -> drain -> base
//
// call (callTransport) puts the operation, its resource id and the
// Client's clock in the request's context, finding the operation from
// the method and path for a call through [Client.Raw], and adds the
// call's [WithHeader] headers; user agent sets the User-Agent header;
// retry (retryTransport) applies the RetryPolicy per operation, with the
// limiter and logging hooks, and puts the attempt number in each
// attempt's context; middleware is the caller's [Middleware], outermost
// first, around each attempt; attempt (attemptTransport) bounds each
// attempt in time and buffers its 2xx body up to the size limit; auth
// (auth.Transport) sets a fresh JWT on every attempt and replays once
// after a 401; drain (drainTransport) reads a small error body to its end
// on close so its connection is reused; base sends the request. Call
// options ([CallOption]) act in the call, retry and attempt layers of the
// API chain only.

// base returns the transport at the bottom of the chain.
func (cfg *config) base() http.RoundTripper {
	switch {
	case cfg.transport != nil:
		return cfg.transport
	case cfg.httpClient != nil && cfg.httpClient.Transport != nil:
		return cfg.httpClient.Transport
	}
	return NewTransport()
}

// exchangeClient returns the http.Client of the auth package's token
// exchange: the chain without the auth layer, with op authenticate. The
// auth package follows no redirect of the exchange, whatever the client
// says.
func (cfg *config) exchangeClient(base http.RoundTripper, ua string, red *redact.Redactor) *http.Client {
	chain := cfg.retrying(cfg.exchangeAttempts(&drainTransport{next: base}), opAuthenticate, red, false)
	return &http.Client{Transport: newUserAgentTransport(chain, ua)}
}

// apiHTTPClient returns the http.Client of API calls: a copy of the
// caller's, or a new one, whose transport is the API chain over
// src and base (an error if a Middleware returns nil), and which follows a redirect only for a GET or HEAD, and
// only on the same scheme and host, so that neither a write nor the token
// goes anywhere else.
func (cfg *config) apiHTTPClient(src auth.TokenSource, base http.RoundTripper, ua string, red *redact.Redactor) (*http.Client, error) {
	var hc http.Client
	if cfg.httpClient != nil {
		hc = *cfg.httpClient
	}
	authed := &auth.Transport{Source: src, Base: &drainTransport{next: base}}
	attempts, err := wrapMiddleware(cfg.attempts(authed, true), cfg.middleware)
	if err != nil {
		return nil, err
	}
	retry := cfg.retrying(attempts, nil, red, true)
	hc.Transport = &callTransport{next: newUserAgentTransport(retry, ua), basePath: basePath(cfg.baseURL), clock: cfg.clock, redact: red}
	next := hc.CheckRedirect
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if m := via[0].Method; m != http.MethodGet && m != http.MethodHead {
			return refuseRedirect(req, via)
		}
		if first := via[0].URL; req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
			return http.ErrUseLastResponse
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return http.ErrUseLastResponse
		}
		return nil
	}
	return &hc, nil
}

// retrying returns the retry layer over next, the attempts. A non-nil op
// is the operation of every request it sends; the logging hook redacts
// through red. With perCall, it obeys the call options in a request's
// context.
func (cfg *config) retrying(next http.RoundTripper, op *operation, red *redact.Redactor, perCall bool) http.RoundTripper {
	return &retryTransport{
		op:      op,
		next:    next,
		policy:  cfg.retry.withDefaults(),
		clock:   cfg.clock,
		limiter: cfg.limiter,
		log:     attemptLog{logger: cfg.logger, redact: red},
		perCall: perCall,
	}
}

// attempts returns the attempt layer over next. With perCall, it obeys
// the call options in a request's context.
func (cfg *config) attempts(next http.RoundTripper, perCall bool) *attemptTransport {
	return &attemptTransport{next: next, timeout: cfg.timeout, maxBytes: cfg.maxResponseBytes, perCall: perCall}
}

// basePath returns the path prefix of the base URL root, "" if none.
func basePath(root string) string {
	u, err := url.Parse(root)
	if err != nil {
		return ""
	}
	return u.EscapedPath()
}

// ErrRedirect matches the error of a write (PUT, POST, DELETE) that the
// server answered with a redirect. The SDK never follows it, neither as the same method nor as a GET: the write may or
// may not have been made where it was sent, and the error says the
// status and the path of the Location (never its query).
var ErrRedirect = errors.New("facade: redirect refused")

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

// refuseRedirect is a CheckRedirect that follows nothing: it returns a
// *redirectError for req, the request the redirect would send.
func refuseRedirect(req *http.Request, via []*http.Request) error {
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	return &redirectError{method: via[0].Method, status: status, path: req.URL.EscapedPath()}
}

// userAgent returns the User-Agent header value.
func userAgent(suffix string) string {
	ua := "leadfox-go/" + Version + " go/" + runtime.Version()
	if suffix != "" {
		ua += " " + suffix
	}
	return ua
}

// userAgentTransport is the outermost layer of both chains: it sets the
// User-Agent on a shallow copy of each request, so that every attempt
// below, and every redirect, carries it.
type userAgentTransport struct {
	next  http.RoundTripper
	value []string // read-only: shared by every request's header
}

func newUserAgentTransport(next http.RoundTripper, ua string) *userAgentTransport {
	return &userAgentTransport{next: next, value: []string{ua}}
}

func (t *userAgentTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := *req
	r.Header = make(http.Header, len(req.Header)+1)
	maps.Copy(r.Header, req.Header)
	r.Header["User-Agent"] = t.value
	resp, err := t.next.RoundTrip(&r)
	if resp != nil {
		resp.Request = req
	}
	return resp, err
}
