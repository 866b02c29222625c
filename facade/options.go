package facade

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/leadfox-go/leadfox/internal/baseurl"
)

// DefaultBaseURL is the root of the Leadfox REST API, the spec's
// production server, that a Client calls unless [WithBaseURL] says
// otherwise; package auth's DefaultBaseURL is the same.
const DefaultBaseURL = "https://rest.leadfox.co"

// An Option configures a Client. Each Option validates its argument:
// New returns the first invalid option's error, which matches
// ErrInvalidArgument. A nil Option does nothing.
type Option func(*config) error

// config is what the options set. It holds no credential.
type config struct {
	baseURL    string
	httpClient *http.Client
	transport  http.RoundTripper
	userAgent  string // the caller's suffix
	retry      RetryPolicy
	timeout    time.Duration // per attempt; 0 means none
	// maxResponseBytes bounds a 2xx body.
	maxResponseBytes int64
	logger           *slog.Logger
	clock            Clock
	// limiter is WithLimiter's; nil for the in-process one.
	limiter Limiter
	// rateLimit is what WithRateLimit and WithAdaptiveRateLimit set.
	rateLimit rateLimitConfig
	// middleware wraps each attempt of an API call, [0] outermost.
	middleware []Middleware
}

// newConfig returns the defaults with opts applied: the first invalid
// option's error, or an error for options that contradict each other.
func newConfig(opts []Option) (config, error) {
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return config{}, err
		}
	}
	if cfg.limiter != nil && cfg.rateLimit != (rateLimitConfig{}) {
		return config{}, invalidArg("limiter", "WithLimiter replaces the in-process limiter that WithRateLimit and WithAdaptiveRateLimit configure: give those to NewLimiter instead")
	}
	return cfg, nil
}

func defaultConfig() config {
	return config{
		baseURL:          DefaultBaseURL,
		clock:            SystemClock{},
		timeout:          DefaultAttemptTimeout,
		maxResponseBytes: DefaultMaxResponseBytes,
	}
}

// WithBaseURL sets the API root in place of [DefaultBaseURL], for a proxy,
// a fake server or a test. It must be an absolute http or https URL
// without user information, query or fragment; a path prefix is kept and
// a trailing slash dropped. A final /v1 is dropped too, since every path
// of the API starts with it: "https://rest.leadfox.co/v1", as the vendor
// prints the address, is the same root as DefaultBaseURL.
func WithBaseURL(base string) Option {
	return func(c *config) error {
		root, err := baseurl.Parse(base)
		if err != nil {
			return invalidArg("base URL", "%v", err)
		}
		c.baseURL = root
		return nil
	}
}

// WithHTTPClient sets the [http.Client] whose settings (Timeout, Jar,
// CheckRedirect) and Transport the Client uses. The Client works on a
// copy and puts its own transport chain (user agent, retry, attempt,
// auth) in front of the client's Transport, which is the base transport
// unless [WithTransport] sets another; if it is nil, [NewTransport] gives
// the base. CheckRedirect is asked only about redirects of a GET to the
// same scheme and host: every other redirect is refused first. If this
// option is not given, a zero http.Client is used. A nil client is an
// error.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return invalidArg("HTTP client", "nil")
		}
		c.httpClient = hc
		return nil
	}
}

// WithTransport sets the base transport, at the bottom of the chain,
// which sends each authenticated attempt and each token exchange. It wins
// over the Transport of [WithHTTPClient]. If neither sets one, the
// Client makes its own with [NewTransport]. A nil transport is an error.
func WithTransport(rt http.RoundTripper) Option {
	return func(c *config) error {
		if rt == nil {
			return invalidArg("transport", "nil")
		}
		c.transport = rt
		return nil
	}
}

// WithUserAgent appends product to the User-Agent header, after
// "leadfox-go/<Version> go/<Go version>". It must be non-empty printable
// ASCII.
func WithUserAgent(product string) Option {
	return func(c *config) error {
		if product == "" {
			return invalidArg("user agent", "empty")
		}
		for i := 0; i < len(product); i++ {
			if b := product[i]; b < 0x20 || b > 0x7e {
				return invalidArg("user agent", "byte %#x at %d is not printable ASCII", b, i)
			}
		}
		c.userAgent = product
		return nil
	}
}

// WithRetry sets the retry policy in place of the zero RetryPolicy, which
// is the default. RetryPolicy{MaxAttempts: 1} disables retries.
func WithRetry(p RetryPolicy) Option {
	return func(c *config) error {
		if err := p.validate(); err != nil {
			return err
		}
		c.retry = p
		return nil
	}
}

// WithAttemptTimeout bounds each attempt of a request, reading of a 2xx
// response body included, in place of [DefaultAttemptTimeout]; an attempt
// that times out is retried like a connection error, and if it was the
// last one the error matches [ErrAttemptTimeout]. Raise it if a page of
// your calls may take longer than that to arrive. 0 sets no bound beyond
// the caller's context (and the response header timeout of
// [NewTransport], if it is the base). Negative is an error.
func WithAttemptTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return invalidArg("attempt timeout", "%v is negative", d)
		}
		c.timeout = d
		return nil
	}
}

// WithMaxResponseBytes sets the largest 2xx response body the Client
// reads, in place of [DefaultMaxResponseBytes]. The limit holds while the
// body streams, with or without a Content-Length: past it the call fails
// with an error matching [ErrResponseTooLarge] and [ErrMalformedResponse]
// that says the limit, and the connection is closed without reading the
// rest. Memory for one body stays within about twice the limit. Error
// bodies are bounded apart from it (see [APIError]). n must be positive.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return invalidArg("max response bytes", "%d is not positive", n)
		}
		c.maxResponseBytes = n
		return nil
	}
}

// WithLogger sets the logger that receives one debug record per attempt,
// one warn record per retry and one ("leadfox: retry budget spent") per
// retry the retry budget refused (see [RetryPolicy]), and the warn
// records of List walks (a
// keyset fallback, a page cut to the limit, a page repeating the previous
// one), which carry the operation. Records carry the method, the URL path,
// the operationId, the status, the attempt number and durations; never a
// header, a body, a query string, a key, a secret or a token. If nil, the
// default, nothing is logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// WithClock sets the clock in place of SystemClock: the retry waits, the
// campaign schedule check and token expiry use it. For tests. A nil clock
// is an error.
func WithClock(clk Clock) Option {
	return func(c *config) error {
		if clk == nil {
			return invalidArg("clock", "nil")
		}
		c.clock = clk
		return nil
	}
}
