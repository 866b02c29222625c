package auth

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/leadfox-go/leadfox/clock"
	"github.com/leadfox-go/leadfox/generated/client"
	"github.com/leadfox-go/leadfox/internal/authlink"
	"github.com/leadfox-go/leadfox/internal/baseurl"
	"github.com/leadfox-go/leadfox/internal/redact"
)

// Defaults of a [Source], each changed by the option of the same name.
const (
	// DefaultBaseURL is the Leadfox API root, the same as
	// facade.DefaultBaseURL.
	DefaultBaseURL = "https://rest.leadfox.co"

	// DefaultMargin is how long before its expiry a token is refreshed.
	DefaultMargin = 60 * time.Second

	// DefaultExchangeTimeout bounds one POST /v1/auth.
	DefaultExchangeTimeout = 30 * time.Second
)

// An Option configures a [Source]. An invalid option makes [NewSource]
// return its error; a nil Option does nothing.
type Option func(*config) error

// config is what the options set.
type config struct {
	endpoint string // the URL of the authenticate operation below the base URL
	client   *http.Client
	margin   time.Duration
	now      func() time.Time
	timeout  time.Duration
	redactor *redact.Redactor // nil: a new one
}

func defaultConfig() config {
	return config{
		endpoint: endpointOf(DefaultBaseURL),
		client:   http.DefaultClient,
		margin:   DefaultMargin,
		now:      time.Now,
		timeout:  DefaultExchangeTimeout,
	}
}

// WithBaseURL sets the API root the exchange is posted to, in place of
// [DefaultBaseURL]. It must be an absolute http or https URL without user
// information, query or fragment. A trailing slash is dropped and a path
// is kept: "http://host/prefix/" posts to "http://host/prefix/v1/auth".
// A final /v1 is dropped, since the operation's path starts with it:
// "http://host/v1" posts to "http://host/v1/auth".
func WithBaseURL(base string) Option {
	return func(c *config) error {
		root, err := baseurl.Parse(base)
		if err != nil {
			return fmt.Errorf("auth: base URL %w", err)
		}
		c.endpoint = endpointOf(root)
		return nil
	}
}

// endpointOf returns the URL of the authenticate operation below root, a
// base URL that [baseurl.Parse] accepted, with the operation's path as
// the generated client has it from the spec. The generated client
// resolves the path against the root as a directory, so the root ends in
// a slash, as client.NewClient makes it.
func endpointOf(root string) string {
	req, err := client.NewAuthenticateRequestWithBody(root+"/", "application/json", nil)
	if err != nil { // not expected: root parsed as an absolute URL
		panic(fmt.Sprintf("auth: the authenticate request below %q: %v", root, err))
	}
	return req.URL.String()
}

// WithHTTPClient sets the client that makes the exchange, in place of
// http.DefaultClient. A nil client is an error.
//
// Its transport must not be a [Transport]: the exchange would need a token
// to get one, and NewSource refuses a client whose Transport is one. The
// request body holds the key and secret, so its transport must not log
// bodies. Redirects are never followed, whatever the client's
// CheckRedirect says: following one would send the credentials wherever it
// points. A redirect answer is an [*ExchangeError] with its status.
func WithHTTPClient(client *http.Client) Option {
	return func(c *config) error {
		if client == nil {
			return errors.New("auth: nil HTTP client")
		}
		if _, ok := client.Transport.(*Transport); ok {
			return errors.New("auth: the exchange client must not use auth.Transport")
		}
		c.client = client
		return nil
	}
}

// WithMargin sets how long before its expiry a token is refreshed, in place
// of [DefaultMargin]. Zero refreshes at expiry; a negative margin is an
// error. A token that lives less than twice the margin is refreshed halfway
// through its life instead, so that a short-lived token is not exchanged
// again on every request.
func WithMargin(margin time.Duration) Option {
	return func(c *config) error {
		if margin < 0 {
			return fmt.Errorf("auth: negative margin %v", margin)
		}
		c.margin = margin
		return nil
	}
}

// WithClock sets the clock that expiry and backoff are measured with, in
// place of [clock.System]. A nil clock is an error. The clock must be safe
// for concurrent use; [clock.Func] adapts a func() time.Time.
func WithClock(clk clock.Clock) Option {
	return func(c *config) error {
		if clk == nil {
			return errors.New("auth: nil clock")
		}
		c.now = clk.Now
		return nil
	}
}

// WithExchangeTimeout sets how long one exchange may take, in place of
// [DefaultExchangeTimeout]. It must be positive: the exchange outlives the
// callers that stop waiting for it, and must end on its own.
func WithExchangeTimeout(timeout time.Duration) Option {
	return func(c *config) error {
		if timeout <= 0 {
			return fmt.Errorf("auth: exchange timeout %v is not positive", timeout)
		}
		c.timeout = timeout
		return nil
	}
}

func init() {
	authlink.WithRedactor = func(r *redact.Redactor) any { return withRedactor(r) }
}

// withRedactor makes the Source share r, the redactor of the facade that
// wraps it (see package internal/authlink, through which the facade
// calls it); without it the Source uses a redactor of its own. A nil r
// is an error.
func withRedactor(r *redact.Redactor) Option {
	return func(c *config) error {
		if r == nil {
			return errors.New("auth: nil redactor")
		}
		c.redactor = r
		return nil
	}
}
