package transport

import (
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/clock"
	"github.com/leadfox-go/leadfox/internal/optable"
	"github.com/leadfox-go/leadfox/internal/redact"
)

// Config is what the chains of one Client are built from: package facade
// fills it from its options.
type Config struct {
	Base       http.RoundTripper // the transport at the bottom of both chains
	HTTPClient *http.Client      // the caller's, copied for API calls; nil for none
	BaseURL    string            // the API root, for the call layer's routing
	UserAgent  string            // the whole User-Agent value
	Policy     Policy
	Clock      clock.Clock
	// Timeout bounds each attempt, 0 for none; MaxResponseBytes bounds a
	// 2xx body.
	Timeout          time.Duration
	MaxResponseBytes int64
	Limiter          Limiter // paces every API attempt; nil for none
	Logger           *slog.Logger
	Redact           *redact.Redactor
	// Wrap wraps each attempt of an API call in the caller's middleware;
	// nil for none.
	Wrap func(next http.RoundTripper) (http.RoundTripper, error)
}

// The transport chains of a Client, outermost first. Each layer does one
// job:
//
//	API calls:      call -> retry -> middleware -> attempt -> auth -> drain -> base
//	token exchange: user agent -> retry -> attempt -> drain -> base
//
// call (callTransport) puts the operation, its resource id and the
// Client's clock in the request's context, finding the operation from
// the method and path for a call through facade's Client.Raw, and sets
// the call's headers (the User-Agent and those of the call settings) in
// its one copy of the request; user agent sets the User-Agent header of
// the exchange; retry (retryTransport) applies the Policy per operation,
// with the limiter and logging hooks, and gives each attempt its one
// copy of the request, whose context carries the attempt's number and,
// when a timeout applies, its deadline; middleware is the caller's,
// outermost first, around each attempt, within its deadline; attempt
// (attemptTransport) buffers a 2xx body up to the size limit within the
// deadline and reports its end as ErrAttemptTimeout; auth
// (auth.Transport) sets a fresh JWT on every attempt and replays once
// after a 401; drain (drainTransport) reads a small error body to its
// end on close so its connection is reused; base sends the request. Call
// settings act in the call and retry layers of the API chain only.

// ExchangeClient returns the http.Client of the auth package's token
// exchange: the chain without the auth layer and the limiter, every
// request of op authenticate, an answer buffered no further than
// auth.MaxResponseBytes. The auth package follows no redirect of the
// exchange, whatever the client says.
func ExchangeClient(cfg *Config) *http.Client {
	attempts := cfg.attempts(&drainTransport{next: cfg.Base})
	// An answer is buffered no further than auth reads of it.
	attempts.maxBytes = min(attempts.maxBytes, auth.MaxResponseBytes)
	chain := cfg.retrying(attempts, optable.Authenticate, nil, false)
	return &http.Client{Transport: newUserAgentTransport(chain, cfg.UserAgent)}
}

// APIClient returns the http.Client of API calls: a copy of the
// caller's, or a new one, whose transport is the API chain over src and
// cfg.Base (Wrap's error if it fails), and which follows a redirect only
// for a GET or HEAD, and only on the same scheme and host, so that
// neither a write nor the token goes anywhere else.
func APIClient(cfg *Config, src auth.TokenSource) (*http.Client, error) {
	var hc http.Client
	if cfg.HTTPClient != nil {
		hc = *cfg.HTTPClient
	}
	var attempts http.RoundTripper = cfg.attempts(&auth.Transport{Source: src, Base: &drainTransport{next: cfg.Base}})
	if cfg.Wrap != nil {
		var err error
		if attempts, err = cfg.Wrap(attempts); err != nil {
			return nil, err
		}
	}
	retry := cfg.retrying(attempts, nil, cfg.Limiter, true)
	hc.Transport = &callTransport{next: retry, userAgent: []string{cfg.UserAgent}, basePath: basePath(cfg.BaseURL), clock: cfg.Clock, redact: cfg.Redact}
	hc.CheckRedirect = checkRedirect(hc.CheckRedirect)
	return &hc, nil
}

// checkRedirect returns the CheckRedirect of the API client over next,
// the caller's (nil for net/http's default of ten redirects): a write's
// redirect is refused with an error matching ErrRedirect, a GET's or
// HEAD's to another scheme or host is not followed (the caller gets the
// redirect itself), and next decides any other.
func checkRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
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
}

// retrying returns the retry layer over next, the attempts, paced by
// limiter (nil for none) and each bounded by cfg.Timeout. A non-nil op is
// the operation of every request it sends. With perCall, it obeys the
// call settings in a request's context.
func (cfg *Config) retrying(next http.RoundTripper, op *optable.Operation, limiter Limiter, perCall bool) http.RoundTripper {
	return &retryTransport{
		op:      op,
		next:    next,
		policy:  cfg.Policy,
		clock:   cfg.Clock,
		timeout: cfg.Timeout,
		limiter: limiter,
		log:     attemptLog{logger: cfg.Logger, redact: cfg.Redact},
		perCall: perCall,
	}
}

// attempts returns the attempt layer over next.
func (cfg *Config) attempts(next http.RoundTripper) *attemptTransport {
	return &attemptTransport{next: next, maxBytes: cfg.MaxResponseBytes}
}

// basePath returns the path prefix of the base URL root, "" if none.
func basePath(root string) string {
	u, err := url.Parse(root)
	if err != nil {
		return ""
	}
	return u.EscapedPath()
}

// refuseRedirect is a CheckRedirect that follows nothing: it returns a
// *redirectError for req, the request the redirect would send.
func refuseRedirect(req *http.Request, via []*http.Request) error {
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	return &redirectError{method: via[0].Method, status: status, path: req.URL.EscapedPath()}
}

// userAgentTransport is the outermost layer of the exchange chain: it
// sets the User-Agent on a shallow copy of each request, so that every
// attempt below, and every redirect, carries it. (The API chain's call
// layer sets it in the copy it makes anyway.)
type userAgentTransport struct {
	next  http.RoundTripper
	value []string // read-only: shared by every request's header
}

func newUserAgentTransport(next http.RoundTripper, ua string) *userAgentTransport {
	return &userAgentTransport{next: next, value: []string{ua}}
}

func (t *userAgentTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := *req
	r.Header = withHeaders(req.Header, t.value, nil)
	resp, err := t.next.RoundTrip(&r)
	if resp != nil {
		resp.Request = req
	}
	return resp, err
}

// withHeaders returns a new header holding h, the User-Agent ua (shared,
// not copied: no layer may modify it) and extra's values after h's.
func withHeaders(h http.Header, ua []string, extra http.Header) http.Header {
	out := make(http.Header, len(h)+len(extra)+1)
	maps.Copy(out, h)
	out["User-Agent"] = ua
	for k, vs := range extra {
		out[k] = append(slices.Clip(out[k]), vs...)
	}
	return out
}
