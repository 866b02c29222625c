package redis

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/leadfox-go/leadfox/clock"
	"github.com/leadfox-go/leadfox/facade"
)

// The defaults of a Config's zero fields.
const (
	// DefaultTimeout bounds each call to Redis.
	DefaultTimeout = 250 * time.Millisecond
	// DefaultRetryEvery is how often a degraded Limiter tries Redis again.
	DefaultRetryEvery = time.Second
	// DefaultTTL is how long a tenant's state outlives its last use.
	DefaultTTL = time.Hour
)

// Config is what a [Limiter] is made from.
type Config struct {
	// Client is the Redis connection: a *redis.Client, *redis.Ring or
	// *redis.ClusterClient of github.com/redis/go-redis/v9, configured
	// (address, password, TLS, pool) by the caller. Required. The
	// Limiter never closes it.
	Client goredis.Scripter
	// Prefix names the tenant: every process given the same Prefix, on
	// the same Redis, shares one rate and one pause. Required; at most
	// 200 bytes, no spaces or control characters. [KeyPrefix] derives
	// one from the API key without putting the key in Redis.
	Prefix string
	// Rate is the tenant's rate limit in requests per second, if known:
	// the rate starts there and never goes above it. 0 (the default)
	// learns it: attempts go unpaced until the first 429, then at a rate
	// adapted to the 429s. Negative, NaN or infinite is an error.
	Rate float64
	// Fallback is the limiter used while Redis cannot be reached. nil
	// means facade.NewLimiter() with no options; give NewLimiter the
	// options (WithRateLimit, WithClock, WithLogger, WithRetry) you give
	// the Client.
	Fallback facade.Limiter
	// Logger receives the changes to and from the fallback, once each,
	// and the decreases of the shared rate after a 429, at Info, from
	// the process whose 429 caused them. nil means slog.Default().
	Logger *slog.Logger
	// Clock is what the Limiter sleeps on. nil means the system clock.
	// The shared schedule itself runs on the Redis server's clock.
	Clock clock.Clock
	// Timeout bounds each call to Redis; a call that takes longer counts
	// as Redis being unavailable. 0 means DefaultTimeout.
	Timeout time.Duration
	// RetryEvery is how often, while on the fallback, one call tries
	// Redis again. 0 means DefaultRetryEvery.
	RetryEvery time.Duration
	// TTL is how long the tenant's state stays in Redis after its last
	// update; it is renewed on every call. 0 means DefaultTTL.
	TTL time.Duration
}

// Limiter is a [facade.Limiter] whose rate and pauses live in Redis,
// shared by every process configured with the same Prefix; see the
// package doc for its contract. It is safe for concurrent use.
type Limiter struct {
	store    store
	fallback facade.Limiter
	clock    clock.Clock
	log      *slog.Logger
	timeout  time.Duration
	health   *health
	// owed counts the Waits the fallback let through whose Done it has
	// not been told yet: it is told exactly as many Dones.
	owed atomic.Int64
}

var _ facade.Limiter = (*Limiter)(nil)

// New returns a Limiter of cfg, or an error saying which field is
// invalid. It does not contact Redis: a Redis that is down is the
// fallback's job, from the first call on.
func New(cfg Config) (*Limiter, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	cfg.defaults()
	if cfg.Fallback == nil {
		fb, err := facade.NewLimiter()
		if err != nil {
			return nil, err
		}
		cfg.Fallback = fb
	}
	key := cfg.Prefix + ":limiter"
	st := newRedisStore(cfg.Client, key, cfg.TTL, cfg.Rate)
	return newLimiter(cfg, st, key), nil
}

// newLimiter returns a Limiter of cfg, checked and defaulted, on st.
func newLimiter(cfg Config, st store, key string) *Limiter {
	return &Limiter{
		store: st, fallback: cfg.Fallback, clock: cfg.Clock, log: cfg.Logger, timeout: cfg.Timeout,
		health: &health{log: cfg.Logger, key: key, retryEvery: cfg.RetryEvery},
	}
}

// check returns an error naming the first invalid field of cfg.
func (cfg *Config) check() error {
	switch {
	case cfg.Client == nil:
		return errors.New("ratelimit/redis: Config.Client is nil")
	case cfg.Prefix == "":
		return errors.New("ratelimit/redis: Config.Prefix is empty")
	case len(cfg.Prefix) > 200:
		return fmt.Errorf("ratelimit/redis: Config.Prefix is %d bytes, want at most 200", len(cfg.Prefix))
	case strings.ContainsFunc(cfg.Prefix, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return errors.New("ratelimit/redis: Config.Prefix holds a space or control character")
	case cfg.Rate < 0 || math.IsNaN(cfg.Rate) || math.IsInf(cfg.Rate, 0):
		return fmt.Errorf("ratelimit/redis: Config.Rate %v: want a finite rate of at least 0", cfg.Rate)
	case cfg.Timeout < 0 || cfg.RetryEvery < 0 || cfg.TTL < 0:
		return fmt.Errorf("ratelimit/redis: negative duration in Config (Timeout %v, RetryEvery %v, TTL %v)", cfg.Timeout, cfg.RetryEvery, cfg.TTL)
	case cfg.TTL > 0 && cfg.TTL < time.Millisecond:
		return fmt.Errorf("ratelimit/redis: Config.TTL %v: want at least 1ms", cfg.TTL)
	}
	return nil
}

// defaults fills the zero fields of cfg but Fallback.
func (cfg *Config) defaults() {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.System{}
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.RetryEvery == 0 {
		cfg.RetryEvery = DefaultRetryEvery
	}
	if cfg.TTL == 0 {
		cfg.TTL = DefaultTTL
	}
}

// KeyPrefix returns a Prefix for the tenant of apiKey: a hash of it, so
// that the key itself never reaches Redis, under "leadfox:ratelimit:".
// Every process using the same API key gets the same prefix.
func KeyPrefix(apiKey string) string {
	sum := sha256.Sum256([]byte("leadfox shared rate limit\x00" + apiKey))
	return "leadfox:ratelimit:" + hex.EncodeToString(sum[:16])
}

// Wait blocks until the shared schedule has a slot for the attempt and
// no shared pause is on, or until ctx ends, and then returns ctx's
// error. While Redis cannot be reached it waits on the fallback instead.
func (l *Limiter) Wait(ctx context.Context, req facade.LimitRequest) error {
	mode := modeAcquire
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		use, gen := l.health.try(l.clock.Now())
		if !use {
			return l.waitFallback(ctx, req)
		}
		a, err := l.ask(ctx, mode, req.Bulk)
		switch {
		case err != nil && ctx.Err() != nil:
			l.health.abandon(gen)
			return ctx.Err()
		case err != nil && mode == modeConfirm:
			// The slot is reserved: go, and leave Redis to the next call.
			l.health.failed(gen, l.clock.Now(), err)
			return nil
		case err != nil:
			l.health.failed(gen, l.clock.Now(), err)
			return l.waitFallback(ctx, req)
		}
		l.health.succeeded(gen, l.clock.Now())
		if a.granted && a.wait == 0 {
			return nil
		}
		if err := l.sleep(ctx, a.wait); err != nil {
			return err
		}
		mode = modeAcquire
		if a.granted {
			mode = modeConfirm
		}
	}
}

// ask makes the call to Redis of mode, bounded by the Limiter's timeout.
func (l *Limiter) ask(ctx context.Context, mode string, bulk bool) (answer, error) {
	return bounded(ctx, l.timeout, func(ctx context.Context) (answer, error) {
		if mode == modeConfirm {
			return l.store.confirm(ctx)
		}
		return l.store.acquire(ctx, bulk)
	})
}

// bounded returns f's result, or an error once timeout has passed or
// ctx has ended, whichever comes first: a go-redis client honours a
// context's deadline only with ContextTimeoutEnabled, and otherwise
// waits its own ReadTimeout (3 s by default). f runs on a goroutine of
// its own, which ends with f's call (bounded by the client's timeouts);
// a panic in it is returned as an error.
func bounded[T any](ctx context.Context, timeout time.Duration, f func(context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{err: fmt.Errorf("ratelimit/redis: panic in a call to Redis: %v", p)}
			}
		}()
		v, err := f(ctx)
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
	}
	select {
	case r := <-done: // both were ready
		return r.v, r.err
	default:
		var zero T
		return zero, fmt.Errorf("no answer from Redis within %v: %w", timeout, ctx.Err())
	}
}

// waitFallback waits on the fallback, counting what it lets through.
func (l *Limiter) waitFallback(ctx context.Context, req facade.LimitRequest) error {
	if err := l.fallback.Wait(ctx, req); err != nil {
		return err
	}
	l.owed.Add(1)
	return nil
}

// sleep waits d on the Limiter's clock, or until ctx ends.
func (l *Limiter) sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-l.clock.After(d):
		return nil
	}
}

// Done reports the outcome to the shared state, in one call to Redis
// bounded by the Limiter's timeout (none while Redis is unavailable),
// and to the fallback if the fallback let an attempt through whose
// outcome it has not been told.
func (l *Limiter) Done(ctx context.Context, req facade.LimitRequest, res facade.LimitResult) {
	if l.takeOwed() {
		l.fallback.Done(ctx, req, res)
	}
	up, gen := l.health.up()
	if !up {
		return
	}
	lowered, err := bounded(context.WithoutCancel(ctx), l.timeout, func(ctx context.Context) (float64, error) {
		return l.store.report(ctx, res)
	})
	switch {
	case err != nil:
		l.health.failed(gen, l.clock.Now(), err)
	case lowered > 0:
		l.log.Info("leadfox: shared rate lowered after a 429", "key", l.health.key, "rps", lowered)
	}
}

// takeOwed reports whether the fallback is owed a Done, and counts it
// paid.
func (l *Limiter) takeOwed() bool {
	for {
		n := l.owed.Load()
		if n <= 0 {
			return false
		}
		if l.owed.CompareAndSwap(n, n-1) {
			return true
		}
	}
}
