package facade

import (
	"net"
	"net/http"
	"runtime"
	"time"

	"github.com/leadfox-go/leadfox/internal/redact"
	"github.com/leadfox-go/leadfox/internal/transport"
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

// transportConfig returns what the transport chains of a Client (see
// the package doc of internal/transport) are built from: cfg's settings,
// with limiter pacing API calls and red redacting the credentials from
// logs and errors.
func (cfg *config) transportConfig(red *redact.Redactor, limiter transport.Limiter) *transport.Config {
	return &transport.Config{
		Base:             cfg.base(),
		HTTPClient:       cfg.httpClient,
		BaseURL:          cfg.baseURL,
		UserAgent:        userAgent(cfg.userAgent),
		Policy:           cfg.retry.policy(),
		Clock:            cfg.clock,
		Timeout:          cfg.timeout,
		MaxResponseBytes: cfg.maxResponseBytes,
		Limiter:          limiter,
		Logger:           cfg.logger,
		Redact:           red,
		Wrap:             cfg.wrapMiddleware,
	}
}

// ErrRedirect matches the error of a write (PUT, POST, DELETE) that the
// server answered with a redirect. The SDK never follows it, neither as the same method nor as a GET: the write may or
// may not have been made where it was sent, and the error says the
// status and the path of the Location (never its query).
var ErrRedirect = transport.ErrRedirect

// userAgent returns the User-Agent header value.
func userAgent(suffix string) string {
	ua := "leadfox-go/" + Version + " go/" + runtime.Version()
	if suffix != "" {
		ua += " " + suffix
	}
	return ua
}
