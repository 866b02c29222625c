package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
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
// exchange is not cached: the next call tries again.
//
// Create a Source with [NewSource]; the zero Source is not usable. Every fmt
// verb prints a Source without its credentials.
type Source struct {
	apiKey, secret string
	cfg            config

	cache atomic.Pointer[entry]

	mu     sync.Mutex
	flight *flight // the exchange in progress, or nil; guarded by mu
}

// An entry is a cached token and when to stop using it.
type entry struct {
	tok       *Token
	refreshAt time.Time // zero: never, until invalidated
}

// A flight is one exchange and its result, shared by everyone waiting.
type flight struct {
	done chan struct{} // closed once tok and err are set
	tok  *Token
	err  error
}

// Compile-time checks that Source provides what Transport relies on.
var (
	_ TokenSource = (*Source)(nil)
	_ Invalidator = (*Source)(nil)
)

// NewSource returns a Source for apiKey and secret. An empty key or secret,
// or an invalid option, is an error; NewSource sends no request.
func NewSource(apiKey, secret string, opts ...Option) (*Source, error) {
	if apiKey == "" {
		return nil, errors.New("auth: empty api key")
	}
	if secret == "" {
		return nil, errors.New("auth: empty secret")
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
	return &Source{apiKey: apiKey, secret: secret, cfg: cfg}, nil
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
// (matching [ErrInvalidCredentials] if the key or secret was rejected). The
// returned Token is shared: it must not be modified.
func (s *Source) Token(ctx context.Context) (*Token, error) {
	if tok := s.cached(); tok != nil {
		return tok, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f := s.join(ctx)
	select {
	case <-f.done:
		return f.tok, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
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
	e := s.cache.Load()
	if e == nil || !e.refreshAt.IsZero() && !s.cfg.now().Before(e.refreshAt) {
		return nil
	}
	return e.tok
}

// join returns the exchange in progress, starting one if there is none.
func (s *Source) join(ctx context.Context) *flight {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flight != nil {
		return s.flight
	}
	// An exchange may have ended since Token looked at the cache.
	if tok := s.cached(); tok != nil {
		f := &flight{done: make(chan struct{}), tok: tok}
		close(f.done)
		return f
	}
	s.flight = &flight{done: make(chan struct{})}
	// The exchange serves every waiter, so the first one's cancellation
	// must not stop it; its own timeout bounds it instead.
	go s.fly(context.WithoutCancel(ctx), s.flight)
	return s.flight
}

// fly makes the exchange of f, caches its token and wakes the waiters.
func (s *Source) fly(ctx context.Context, f *flight) {
	e, err := s.exchange(ctx)
	s.mu.Lock()
	if err == nil {
		s.cache.Store(e)
		f.tok = e.tok
	}
	f.err = err
	s.flight = nil
	s.mu.Unlock()
	close(f.done)
}

// newEntry decides how long tok may be used: until the margin before its
// expiry, or halfway to its expiry if it lives less than twice the margin.
// A token already expired is an error, probably a wrong local clock.
func (s *Source) newEntry(tok *Token) (*entry, error) {
	if tok.Expiry.IsZero() {
		return &entry{tok: tok}, nil
	}
	life := tok.Expiry.Sub(s.cfg.now())
	if life <= 0 {
		return nil, fmt.Errorf("auth: jwt expired at %s, before use; is the local clock right?",
			tok.Expiry.Format(time.RFC3339))
	}
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
		redacted(s.apiKey), redacted(s.secret), s.cfg.endpoint, s.cfg.margin)
}

// Format implements fmt.Formatter so that no verb can print the key or
// secret: %#v prints GoString, every other verb formats String.
func (s *Source) Format(f fmt.State, verb rune) {
	format(f, verb, s.String(), s.GoString())
}
