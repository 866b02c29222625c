package fake

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/clock"
	"github.com/leadfox-go/leadfox/generated/server"
)

// DefaultTokenLifetime is the lifetime of the tokens a Server issues unless
// [WithTokenLifetime] says otherwise.
const DefaultTokenLifetime = time.Hour

// ClientName is the Client (tenant) name that POST /v1/auth returns.
const ClientName = "Leadfox Fake"

// Server is an in-memory Leadfox API. It implements every operation of
// openapi.yaml through the generated strict server interface, keeps its
// data in memory, and can be told to misbehave (see [Server.Inject]).
//
// Create it with [NewServer], [Start] or [NewHandler]; the zero Server is not
// usable. All methods are safe for concurrent use, also while requests are
// being served. Servers share no state: two Servers in one process have
// their own data, credentials, signing keys and request logs.
type Server struct {
	cfg     config
	tokens  *tokenIssuer
	store   *store
	faults  faultList
	log     requestLog
	results resultCache
	limiter *rateLimiter // the rate limit; nil without
	upserts upsertCounter

	handler http.Handler
	ts      *httptest.Server // nil when created by NewHandler

	done      chan struct{} // closed by Close; ends latency and hangs
	closeOnce sync.Once
}

// config is what the options set.
type config struct {
	apiKey   string
	secret   string
	clientID string
	lifetime time.Duration
	now      func() time.Time

	noValidation bool // see WithValidation
	// rateLimit is what the rate-limit options set.
	rateLimit rateLimitConfig
}

// Option configures a Server. Options are applied in order; a later option
// overrides an earlier one. The functions that make Options panic on an
// invalid value: it is a mistake in the test, not a condition to handle.
type Option func(*config)

// WithCredentials sets the API key and secret that POST /v1/auth accepts.
// Without it, each Server makes up random ones (see [Server.APIKey] and
// [Server.Secret]).
// Both must be non-empty.
func WithCredentials(apiKey, secret string) Option {
	if apiKey == "" || secret == "" {
		panic("fake: WithCredentials: empty API key or secret")
	}
	return func(c *config) { c.apiKey, c.secret = apiKey, secret }
}

// WithTokenLifetime sets how long an issued JWT stays valid; the default
// is [DefaultTokenLifetime]. JWT expiry has one-second resolution: the token's
// exp claim is the issue time plus d, truncated to the second. A lifetime
// of zero or less issues tokens that are already expired, which every
// request then rejects with 401.
func WithTokenLifetime(d time.Duration) Option {
	return func(c *config) { c.lifetime = d }
}

// WithClock sets the clock the Server reads for token issue and expiry,
// the created and time fields it stamps, send times and the request log.
// The default is [clock.System]. clk must not be nil and must be safe for
// concurrent use; [clock.Func] adapts a func() time.Time.
func WithClock(clk clock.Clock) Option {
	if clk == nil {
		panic("fake: WithClock: nil clock")
	}
	return func(c *config) { c.now = clk.Now }
}

// WithClientID sets the Client id: the clientid of POST /v1/auth and the
// _owner of every resource. Without it, each Server makes up a random
// ObjectId. id must be non-empty.
func WithClientID(id string) Option {
	if id == "" {
		panic("fake: WithClientID: empty id")
	}
	return func(c *config) { c.clientID = id }
}

// NewServer starts a [Server] on a loopback [httptest.Server]. The caller
// must call [Server.Close] when done; [Start] does that through t.Cleanup.
func NewServer(opts ...Option) *Server {
	s := NewHandler(opts...)
	s.ts = httptest.NewServer(s.handler)
	return s
}

// Start is [NewServer] that registers [Server.Close] with t.Cleanup.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// NewHandler returns a [Server] that is not listening: mount [Server.Handler] on
// your own server, at the root (the API's paths start with /v1/). Its URL
// is empty. Close still ends requests held by latency or hang faults.
func NewHandler(opts ...Option) *Server {
	cfg := config{
		apiKey:   randomHex(16),
		secret:   randomHex(16),
		clientID: randomHex(12),
		lifetime: DefaultTokenLifetime,
		now:      time.Now,
	}
	for _, opt := range opts {
		opt(&cfg)
	}
	s := &Server{
		cfg:    cfg,
		tokens: newTokenIssuer(cfg.lifetime, cfg.now, cfg.clientID),
		store:  newStore(cfg.clientID, cfg.now),
		done:   make(chan struct{}),
	}
	s.limiter = newRateLimiter(cfg.rateLimit, cfg.now)
	s.handler = s.routes()
	return s
}

// routes builds the handler chain, outermost first: the Date header,
// request accounting, the body limit, fault injection, the rate limit, the JWT check,
// validation against the effective spec, then the generated router.
func (s *Server) routes() http.Handler {
	strict := server.NewStrictHandlerWithOptions(api{s}, nil, server.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  badRequestHandler,
		ResponseErrorHandlerFunc: responseErrorHandler,
	})
	mux := http.NewServeMux()
	server.HandlerWithOptions(strict, server.StdHTTPServerOptions{
		BaseRouter:       mux,
		ErrorHandlerFunc: badRequestHandler,
	})
	return s.dated(s.record(limitBody(s.injectFaults(s.limitRate(s.requireJWT(s.validate(jsonMuxErrors(mux))))))))
}

// dated sets the Date header of every answer from the Server's clock, as
// a real server's Date agrees with the iat and exp of the tokens it
// issues: clients read a token's lifetime on the server's clock.
func (s *Server) dated(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", s.cfg.now().UTC().Format(http.TimeFormat))
		next.ServeHTTP(w, r)
	})
}

// Handler returns the Server's HTTP handler, the same one [NewServer]
// serves. It is safe for concurrent use.
func (s *Server) Handler() http.Handler { return s.handler }

// URL returns the base URL of the API, without a trailing slash, such as
// "http://127.0.0.1:54321". It is empty for a Server made by [NewHandler].
func (s *Server) URL() string {
	if s.ts == nil {
		return ""
	}
	return s.ts.URL
}

// APIKey returns the API key that POST /v1/auth accepts.
func (s *Server) APIKey() string { return s.cfg.apiKey }

// Secret returns the secret that POST /v1/auth accepts.
func (s *Server) Secret() string { return s.cfg.secret }

// ClientID returns the Client id: the clientid of POST /v1/auth and the
// _owner of every resource.
func (s *Server) ClientID() string { return s.cfg.clientID }

// Close ends every request held by a latency or hang fault, then shuts
// the listener down and waits for outstanding requests. It is safe to call
// more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		if s.ts != nil {
			s.ts.Close()
		}
	})
}

// randomHex returns n random bytes as 2n hex digits.
func randomHex(n int) string {
	return hex.EncodeToString(randomBytes(n))
}

// randomBytes returns n bytes from crypto/rand, which never fails.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}
