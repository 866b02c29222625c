package facade

import (
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/generated/client"
	"github.com/leadfox-go/leadfox/internal/authlink"
	"github.com/leadfox-go/leadfox/internal/redact"
	"github.com/leadfox-go/leadfox/internal/transport"
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

	api     *client.Client
	raw     *RawClient // api, for Raw
	clock   Clock
	baseURL string
	// maxResponseBytes bounds a 2xx body that reaches the decoder
	// without the attempt layer's buffer.
	maxResponseBytes int64
	logger           *slog.Logger    // of WithLogger; nil logs nothing
	keyset           *keysetRefusals // operations walked by skip/limit since keyset failed; a pointer, so that a Client copy passes go vet
	// redact removes the key, the secret and the tokens from every error
	// and log record; the auth source rotates the tokens into it.
	redact *redact.Redactor
	// maxRetryAfter is the longest Retry-After a bulk job waits for.
	maxRetryAfter time.Duration
	// budget is the retry budget of every call, which a bulk job's
	// resending of a row spends from too.
	budget *transport.Budget
}

// service is what every service holds: the Client.
type service struct {
	client *Client
}

// New returns a Client for the API key and secret of a Leadfox user.
// It sends no request: the key and secret are exchanged for a JWT on the
// first call, and again whenever the token expires or is refused.
//
// A key or secret shorter than [auth.MinCredentialLength] bytes (empty
// included), or an invalid option, is an error matching
// ErrInvalidArgument; no error quotes a key, a secret or a base URL that
// is not one (a credential pasted in the wrong place).
func New(apiKey, secret string, opts ...Option) (*Client, error) {
	if err := firstError(checkCredential("api key", apiKey), checkCredential("secret", secret)); err != nil {
		return nil, err
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
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

// checkCredential returns an error matching ErrInvalidArgument, without
// quoting v, if the credential v is too short to be redacted safely.
func checkCredential(name, v string) error {
	if err := redact.CheckLen(v); err != nil {
		return badArg(name, err)
	}
	return nil
}

// newClient builds the transport chains (see internal/transport) and the
// services.
func newClient(apiKey, secret string, cfg config) (*Client, error) {
	red := redact.New(apiKey, secret)
	tc := cfg.transportConfig(red, cfg.chainLimiter())
	src, err := auth.NewSource(apiKey, secret,
		auth.WithBaseURL(cfg.baseURL),
		auth.WithHTTPClient(transport.ExchangeClient(tc)),
		auth.WithClock(cfg.clock),
		authlink.WithRedactor(red).(auth.Option),
	)
	if err != nil {
		return nil, fmt.Errorf("facade: %w", err)
	}
	hc, err := transport.APIClient(tc, src)
	if err != nil {
		return nil, err
	}
	api, err := client.NewClient(cfg.baseURL, client.WithHTTPClient(hc))
	if err != nil {
		return nil, fmt.Errorf("facade: %w", err)
	}
	c := &Client{api: api, raw: &RawClient{api}, clock: cfg.clock, baseURL: cfg.baseURL, maxResponseBytes: cfg.maxResponseBytes, logger: cfg.logger, keyset: &keysetRefusals{}, redact: red, maxRetryAfter: cfg.retry.withDefaults().MaxRetryAfter, budget: tc.Policy.Budget}
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

// Format prints the Client as facade.Client{BaseURL: "..."} for every
// verb: never its credentials, token or transport.
func (c *Client) Format(f fmt.State, verb rune) {
	_, _ = fmt.Fprintf(f, "facade.Client{BaseURL: %q}", c.baseURL)
}
