package facade

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/leadfox-go/leadfox/internal/baseurl"
)

// DefaultBaseURL is the root of the Leadfox REST API.
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
	timeout    time.Duration
	logger     *slog.Logger
	clock      Clock
}

func defaultConfig() config {
	return config{baseURL: DefaultBaseURL, clock: SystemClock{}}
}

// WithBaseURL sets the API root in place of DefaultBaseURL, for a proxy,
// a fake server or a test. It must be an absolute http or https URL
// without user information, query or fragment; a path prefix is kept and
// a trailing slash dropped.
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

// WithHTTPClient sets the http.Client whose settings (Timeout, Jar,
// CheckRedirect) and Transport the Client uses. The Client works on a
// copy and puts its own transport chain (retry, auth) in front of the
// client's Transport, which is the base transport unless WithTransport
// sets another. If this option is not given, a zero http.Client is used.
// A nil client is an error.
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
// which sends each authenticated attempt. It wins over the Transport of
// WithHTTPClient. If neither sets one, http.DefaultTransport is used. A
// nil transport is an error.
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
// response body included; an attempt that times out is retried like a
// connection error, and if it was the last one the error matches
// ErrAttemptTimeout. 0, the default, sets no bound beyond the caller's
// context. Negative is an error.
func WithAttemptTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return invalidArg("attempt timeout", "%v is negative", d)
		}
		c.timeout = d
		return nil
	}
}

// WithLogger sets the logger that receives one debug record per attempt
// and one warn record per retry. Records carry the method, the URL path,
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
