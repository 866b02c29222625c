package facade

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"runtime"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/generated"
)

// Version is the version of this SDK, sent in the User-Agent header.
const Version = "0.1.0"

// Environment variables read by NewFromEnv.
const (
	EnvAPIKey  = "LEADFOX_APIKEY"
	EnvSecret  = "LEADFOX_SECRET"
	EnvBaseURL = "LEADFOX_BASE_URL"
)

// Client is a client of the Leadfox REST API. Its services hold one
// method per API operation: client.Contacts.Get, client.Lists.AddContact.
//
// A Client is safe for concurrent use by multiple goroutines; create one
// and share it. Create it with New or NewFromEnv: the zero Client is not
// usable, and its service fields must not be changed. No fmt verb prints
// its credentials, which only its token source holds.
type Client struct {
	// Campaigns manages email campaigns, guarding their type.
	Campaigns *CampaignsService
	// Contacts manages contacts.
	Contacts *ContactsService
	// Emails manages email designs.
	Emails *EmailsService
	// Folders manages folders.
	Folders *FoldersService
	// Lists manages lists of contacts and their membership.
	Lists *ListsService
	// MailingLists reads the GDPR mailing lists.
	MailingLists *MailingListsService
	// Metrics reads campaign and email design metrics.
	Metrics *MetricsService
	// Properties manages custom contact properties.
	Properties *PropertiesService

	api     *generated.Client
	clock   Clock
	baseURL string
}

// service is what every service holds: the Client.
type service struct {
	client *Client
}

// New returns a Client for the API key and secret of a Leadfox user.
// It sends no request: the key and secret are exchanged for a JWT on the
// first call, and again whenever the token expires or is refused.
//
// An empty key or secret, or an invalid option, is an error matching
// ErrInvalidArgument.
func New(apiKey, secret string, opts ...Option) (*Client, error) {
	if err := firstError(checkRequired("api key", apiKey), checkRequired("secret", secret)); err != nil {
		return nil, err
	}
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	return newClient(apiKey, secret, cfg)
}

// NewFromEnv returns New(key, secret, opts...) with the key and secret
// read from LEADFOX_APIKEY and LEADFOX_SECRET. If LEADFOX_BASE_URL is set,
// it is the base URL, unless opts hold a WithBaseURL. A variable that is
// unset or empty is an error naming it.
func NewFromEnv(opts ...Option) (*Client, error) {
	apiKey, secret := os.Getenv(EnvAPIKey), os.Getenv(EnvSecret)
	if apiKey == "" {
		return nil, invalidArg(EnvAPIKey, "not set")
	}
	if secret == "" {
		return nil, invalidArg(EnvSecret, "not set")
	}
	if base := os.Getenv(EnvBaseURL); base != "" {
		opts = append([]Option{WithBaseURL(base)}, opts...)
	}
	return New(apiKey, secret, opts...)
}

// newClient builds the transport chains and the services.
func newClient(apiKey, secret string, cfg config) (*Client, error) {
	base := cfg.base()
	ua := userAgent(cfg.userAgent)
	exchange := &http.Client{Transport: cfg.retrying(&userAgentTransport{next: base, ua: ua}, opAuthenticate)}
	src, err := auth.NewSource(apiKey, secret,
		auth.WithBaseURL(cfg.baseURL),
		auth.WithHTTPClient(exchange),
		auth.WithClock(cfg.clock.Now),
	)
	if err != nil {
		return nil, fmt.Errorf("facade: %w", err)
	}
	hc := cfg.apiHTTPClient(&auth.Transport{Source: src, Base: base})
	uaValue := []string{ua}
	api, err := generated.NewClient(cfg.baseURL,
		generated.WithHTTPClient(hc),
		generated.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header["User-Agent"] = uaValue // read-only below: the auth layer clones headers
			return nil
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("facade: %w", err)
	}
	c := &Client{api: api, clock: cfg.clock, baseURL: cfg.baseURL}
	s := &service{client: c}
	c.Campaigns = (*CampaignsService)(s)
	c.Contacts = (*ContactsService)(s)
	c.Emails = (*EmailsService)(s)
	c.Folders = (*FoldersService)(s)
	c.Lists = (*ListsService)(s)
	c.MailingLists = (*MailingListsService)(s)
	c.Metrics = (*MetricsService)(s)
	c.Properties = (*PropertiesService)(s)
	return c, nil
}

// base returns the transport at the bottom of the chain.
func (cfg *config) base() http.RoundTripper {
	switch {
	case cfg.transport != nil:
		return cfg.transport
	case cfg.httpClient != nil && cfg.httpClient.Transport != nil:
		return cfg.httpClient.Transport
	}
	return http.DefaultTransport
}

// retrying wraps next in the retry transport, which also logs. A non-nil
// op is the operation of every request it sends.
func (cfg *config) retrying(next http.RoundTripper, op *operation) http.RoundTripper {
	return &retryTransport{
		op:      op,
		next:    next,
		policy:  cfg.retry.withDefaults(),
		clock:   cfg.clock,
		timeout: cfg.timeout,
		log:     attemptLog{logger: cfg.logger},
	}
}

// apiHTTPClient returns the http.Client of API calls: a copy of the
// caller's, or a new one, whose transport is the chain retry -> auth ->
// base and which follows a redirect only on the same scheme and host, so
// that the token never leaves for another server.
func (cfg *config) apiHTTPClient(authed http.RoundTripper) *http.Client {
	var hc http.Client
	if cfg.httpClient != nil {
		hc = *cfg.httpClient
	}
	hc.Transport = cfg.retrying(authed, nil)
	next := hc.CheckRedirect
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
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
	return &hc
}

// userAgent returns the User-Agent header value.
func userAgent(suffix string) string {
	ua := "leadfox-go/" + Version + " go/" + runtime.Version()
	if suffix != "" {
		ua += " " + suffix
	}
	return ua
}

// userAgentTransport sets the User-Agent on requests the facade does not
// build itself: the auth exchange.
type userAgentTransport struct {
	next http.RoundTripper
	ua   string
}

func (t *userAgentTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("User-Agent", t.ua)
	return t.next.RoundTrip(r)
}

// Format prints the Client as facade.Client{BaseURL: "..."} for every
// verb: never its credentials, token or transport.
func (c *Client) Format(f fmt.State, verb rune) {
	_, _ = fmt.Fprintf(f, "facade.Client{BaseURL: %q}", c.baseURL)
}
