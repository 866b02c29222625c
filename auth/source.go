package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/leadfox-go/leadfox/internal/redact"
)

// Bounds of the wait after a rejected key or secret: see [Source].
const (
	// RejectionBackoff is how long a Source makes no new exchange after
	// the first rejection of its key or secret.
	RejectionBackoff = time.Second

	// MaxRejectionBackoff is the longest such wait: it doubles with each
	// rejection in a row, from RejectionBackoff up to this.
	MaxRejectionBackoff = time.Minute
)

// A Source is the [TokenSource] for a Leadfox API key and secret. It
// exchanges them at POST /v1/auth, caches the token, and exchanges again
// when the token comes within the margin of its expiry ([WithMargin]) or
// after [Source.Invalidate] dropped it. A token whose expiry is unknown is
// used until it is invalidated.
//
// A Source is safe for concurrent use by multiple goroutines. When many need
// a token at once, one exchange is made and all of them get its result; a
// caller whose context is done stops waiting, while the exchange goes on for
// the others, bounded by its own timeout ([WithExchangeTimeout]). A failed
// exchange is not cached: the next call tries again, with one exception.
// If the exchange panics (in the transport of [WithHTTPClient]), every
// caller still waiting for it panics with the same value, in its own
// goroutine, never in the Source's; a caller that stopped waiting does
// not see it.
//
// When the API rejects the key or secret (401 or 403, [ErrInvalidCredentials]),
// the Source backs off: for [RejectionBackoff], then twice as long after
// each further rejection in a row, up to [MaxRejectionBackoff], Token and
// Renew return the rejection's [*ExchangeError] at once, without
// exchanging. A successful exchange resets the wait. A loop of calls with a
// bad secret thus makes about log2(T) + 1 exchanges in T seconds (4 in
// 10 s, 7 in a minute), then one a minute, rather than one per call.
//
// Create a Source with [NewSource]; the zero Source is not usable. Every fmt
// verb prints a Source without its credentials.
type Source struct {
	apiKey, secret redact.Secret // out of reach of every printer
	cfg            config

	cache atomic.Pointer[entry]

	red *redact.Redactor

	mu       sync.Mutex
	flight   *flight        // the exchange in progress, or nil; guarded by mu
	rejected *ExchangeError // the last rejection while backing off, or nil; guarded by mu
	retryAt  time.Time      // no exchange before this while rejected != nil; guarded by mu
	backoff  time.Duration  // the last wait after a rejection; guarded by mu
}

// An entry is a cached token and when to stop using it.
type entry struct {
	tok       *Token
	refreshAt time.Time // zero: never, until invalidated
}

// A flight is one exchange and its result, shared by everyone waiting.
type flight struct {
	done     chan struct{} // closed once tok and err, or panicked, are set
	tok      *Token
	err      error
	panicked any // what the exchange panicked with, or nil
}

// Compile-time checks that Source provides what Transport relies on.
var (
	_ TokenSource = (*Source)(nil)
	_ Invalidator = (*Source)(nil)
	_ Renewer     = (*Source)(nil)
)

// NewSource returns a Source for apiKey and secret. A key or secret
// shorter than [MinCredentialLength] bytes (empty included), or an invalid
// option, is an error; NewSource sends no request.
func NewSource(apiKey, secret string, opts ...Option) (*Source, error) {
	if err := checkCredentials(apiKey, secret); err != nil {
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
	client := *cfg.client
	client.CheckRedirect = refuseRedirect
	cfg.client = &client
	red := cfg.redactor
	if red == nil {
		red = redact.New()
	}
	red.Add(apiKey, secret)
	return &Source{apiKey: redact.NewSecret(apiKey), secret: redact.NewSecret(secret), cfg: cfg, red: red}, nil
}

// MinCredentialLength is the length, in bytes, of the shortest API key
// or secret NewSource accepts: a shorter one could not be kept out of
// errors and logs in the encoded forms a server may echo it in without
// removing ordinary text too.
const MinCredentialLength = redact.MinLen

// checkCredentials returns an error, quoting neither, if apiKey or secret
// is too short to be redacted safely.
func checkCredentials(apiKey, secret string) error {
	if err := redact.CheckLen(apiKey); err != nil {
		return fmt.Errorf("auth: api key: %w", err)
	}
	if err := redact.CheckLen(secret); err != nil {
		return fmt.Errorf("auth: secret: %w", err)
	}
	return nil
}

// refuseRedirect keeps the credentials from following a redirect: the
// redirect answer is returned as it is, and fails the exchange.
func refuseRedirect(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}

// Token returns the cached token if it is still fresh, and otherwise waits
// for an exchange, joining the one in progress if there is one.
//
// The error is ctx.Err() if ctx is done first, or an [*ExchangeError]
// (matching [ErrInvalidCredentials] if the key or secret was rejected,
// now or, while the Source backs off, before), whose Joined field is true
// if the exchange was started by another caller. The returned Token and
// error are shared: they must not be modified.
func (s *Source) Token(ctx context.Context) (*Token, error) {
	if tok := s.cached(); tok != nil {
		return tok, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, led := s.join(ctx)
	return waitFor(ctx, f, led)
}

// Renew returns a token of a later generation than rejected, a token
// the API refused: each exchange issues a new generation, and a 401
// invalidates the generation it was sent with, not the ones after it.
// If rejected was already replaced, Renew returns the token that
// replaced it, or joins the exchange replacing it, without a new
// exchange; only a rejection of the latest token starts one, shared by
// every rejection that comes while it is in flight. However many requests
// a revocation rejects, it thus costs one exchange per generation it
// killed. A newer token that the same revocation killed is refused in its
// turn, and its own 401 starts the exchange that replaces it.
// Renew drops rejected from the cache, as [Source.Invalidate] does.
// Errors are those of [Source.Token].
func (s *Source) Renew(ctx context.Context, rejected *Token) (*Token, error) {
	s.Invalidate(rejected)
	return s.Token(ctx)
}

// waitFor returns the result of f, or ctx.Err() if ctx ends first. Unless
// the caller led f (started it), f's *ExchangeError is returned as a copy
// marked Joined. If the exchange of f panicked, waitFor panics with the
// same value.
func waitFor(ctx context.Context, f *flight, led bool) (*Token, error) {
	select {
	case <-f.done:
		if f.panicked != nil {
			panic(f.panicked)
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	var exErr *ExchangeError
	if led || !errors.As(f.err, &exErr) {
		return f.tok, f.err
	}
	joined := *exErr
	joined.Joined = true
	return nil, &joined
}

// Invalidate drops the cached token if it is still rejected, a token that
// Token returned (compared by identity), so that the next call to Token
// makes a new exchange. A token that was already replaced is left alone:
// when many requests are rejected with the same token, one new exchange is
// made, not one per request. [Transport] calls Invalidate on a 401 answer.
func (s *Source) Invalidate(rejected *Token) {
	if e := s.cache.Load(); e != nil && e.tok == rejected {
		s.cache.CompareAndSwap(e, nil)
	}
}

// cached returns the cached token, or nil if there is none or it is due
// for refresh. It is all that Token does while the token is fresh.
func (s *Source) cached() *Token {
	if e := s.fresh(); e != nil {
		return e.tok
	}
	return nil
}

// fresh returns the cache entry, or nil if there is none or it is due for
// refresh.
func (s *Source) fresh() *entry {
	e := s.cache.Load()
	if e == nil || !e.refreshAt.IsZero() && !s.cfg.now().Before(e.refreshAt) {
		return nil
	}
	return e
}

// join returns the flight to wait for, and whether the caller leads it:
// it started the exchange, or the flight has already ended and was never
// shared. It starts an exchange if none is in progress and the cache has
// no fresh token; while the Source backs off after a rejection, it
// returns that rejection instead.
func (s *Source) join(ctx context.Context) (f *flight, led bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flight != nil {
		return s.flight, false
	}
	// An exchange may have ended since the caller looked at the cache.
	if e := s.fresh(); e != nil {
		return done(e.tok, nil), true
	}
	if s.rejected != nil && s.cfg.now().Before(s.retryAt) {
		return done(nil, s.rejected), true
	}
	s.flight = &flight{done: make(chan struct{})}
	// The exchange serves every waiter, so the first one's cancellation
	// must not stop it; its own timeout bounds it instead.
	go s.fly(context.WithoutCancel(ctx), s.flight)
	return s.flight, true
}

// done returns a flight that has already ended with tok and err.
func done(tok *Token, err error) *flight {
	f := &flight{done: make(chan struct{}), tok: tok, err: err}
	close(f.done)
	return f
}

// fly makes the exchange of f, caches its token and wakes the waiters. A
// panic of the exchange (of the caller's transport) is kept in f, for
// the waiters to raise again in their own goroutines, and caches nothing.
func (s *Source) fly(ctx context.Context, f *flight) {
	var (
		e   *entry
		err error
	)
	func() {
		defer func() { f.panicked = recover() }()
		e, err = s.exchange(ctx)
	}()
	s.mu.Lock()
	switch {
	case f.panicked != nil: // nothing to cache
	case err == nil:
		// The redactor knows the token before anyone can use it.
		s.red.Rotate(e.tok.Value())
		s.cache.Store(e)
		f.tok = e.tok
		s.rejected, s.backoff = nil, 0
	default:
		s.noteRejection(err)
	}
	f.err = err
	s.flight = nil
	s.mu.Unlock()
	close(f.done)
}

// noteRejection starts or lengthens the backoff if err is a rejection of
// the key or secret. The caller holds s.mu.
func (s *Source) noteRejection(err error) {
	var exErr *ExchangeError
	if !errors.Is(err, ErrInvalidCredentials) || !errors.As(err, &exErr) {
		return
	}
	s.backoff = min(max(2*s.backoff, RejectionBackoff), MaxRejectionBackoff)
	exErr.Backoff = s.backoff // not yet shared
	s.rejected, s.retryAt = exErr, s.cfg.now().Add(s.backoff)
}

// newEntry decides how long tok, received at the local time received,
// may be used. Its life is read on the server's clock (see
// [Token.Expiry]): exp minus issued (the iat claim) or minus serverNow
// (the answer's Date), the shorter if both are known, and only if neither
// is, exp minus received. tok.Expiry is moved to the local clock, and the
// token is used until the margin before it, or halfway there if it lives
// less than twice the margin. A token already dead is an error.
func (s *Source) newEntry(tok *Token, received, issued, serverNow time.Time) (*entry, error) {
	if tok.Expiry.IsZero() {
		return &entry{tok: tok}, nil
	}
	life, clock := tok.Expiry.Sub(received), "local"
	if !issued.IsZero() {
		life, clock = tok.Expiry.Sub(issued), "iat"
	}
	if !serverNow.IsZero() && (issued.IsZero() || tok.Expiry.Sub(serverNow) < life) {
		life, clock = tok.Expiry.Sub(serverNow), "server"
	}
	if life <= 0 {
		return nil, fmt.Errorf("auth: jwt expired at %s, before use (by the %s clock)",
			tok.Expiry.UTC().Format(time.RFC3339), clock)
	}
	tok.Expiry = received.Add(life)
	margin := min(s.cfg.margin, life/2)
	return &entry{tok: tok, refreshAt: tok.Expiry.Add(-margin)}, nil
}

// String describes s without its credentials.
func (s *Source) String() string {
	return fmt.Sprintf("auth.Source{endpoint:%s margin:%v}", s.cfg.endpoint, s.cfg.margin)
}

// GoString describes s in Go syntax, without its credentials.
func (s *Source) GoString() string {
	return fmt.Sprintf("&auth.Source{apiKey:%q, secret:%q, endpoint:%q, margin:%d}",
		redacted(s.apiKey.Reveal()), redacted(s.secret.Reveal()), s.cfg.endpoint, s.cfg.margin)
}

// Format implements fmt.Formatter so that no verb can print the key or
// secret: %#v prints GoString, every other verb formats String.
func (s *Source) Format(f fmt.State, verb rune) {
	format(f, verb, s.String(), s.GoString())
}
