package facade

import (
	"context"
	"time"

	"github.com/leadfox-go/leadfox/internal/optable"
	"github.com/leadfox-go/leadfox/internal/ratelimit"
	"github.com/leadfox-go/leadfox/internal/transport"
)

// A Limiter decides when each attempt of a Client's API calls may be
// sent, and learns from how the server answered: the Client asks it
// before every attempt, retries included, and tells it the outcome of
// every attempt it let through. The token exchange never goes through
// it. A Client has one, shared by all its goroutines: by default the
// in-process limiter of [NewLimiter]; [WithLimiter] installs another,
// such as one that processes sharing one tenant's budget share through a
// store.
//
// An implementation must:
//   - be safe for concurrent use;
//   - return from Wait as soon as ctx ends, with ctx's error (a Limiter
//     that blocks a caller past its context holds a job hostage);
//   - treat Done as a report, not a decision: it must not block, and it
//     is called exactly once for every Wait that returned nil;
//   - share the pause a 429's Retry-After asks for with every caller, not
//     only the one that got it: a pool of workers that each wait alone
//     keeps the server refusing.
//
// An error from Wait ends the call with it, before any request is sent.
// A panic in a Limiter's method is not recovered.
type Limiter interface {
	// Wait blocks until the attempt req describes may be sent, or until
	// ctx ends, and then returns ctx's error.
	Wait(ctx context.Context, req LimitRequest) error
	// Done reports the outcome of an attempt that Wait let through; ctx
	// is the call's.
	Done(ctx context.Context, req LimitRequest, res LimitResult)
}

// LimitRequest is what a [Limiter] is told of an attempt.
type LimitRequest struct {
	// Operation is the attempt's operation, the resource it acts on and
	// the attempt's number, as [OperationFrom] gives them to a
	// Middleware.
	Operation Operation
	// Bulk is true for an attempt of a bulk job (such as
	// [ContactsService.UpsertMany]) or a Count: many calls sent as fast
	// as the limiter allows, which the default limiter paces adaptively
	// even when it paces no other call.
	Bulk bool
}

// LimitResult is the outcome of an attempt, as a [Limiter] is told it.
type LimitResult struct {
	// Status is the answer's HTTP status, such as 429; 0 if the attempt
	// got no answer, and then Err says why.
	Status int
	// RetryAfter is the wait the answer's Retry-After header asks for,
	// as delay-seconds or an HTTP date, at most [RetryAfterLimit];
	// HasRetryAfter is false when the answer has none (RetryAfter is then
	// 0).
	RetryAfter    time.Duration
	HasRetryAfter bool
	// Err is the error of an attempt that got no answer.
	Err error
}

// WithLimiter makes l the Client's limiter in place of the in-process
// one of [NewLimiter]. It cannot be combined with [WithRateLimit] or
// [WithAdaptiveRateLimit], which configure the in-process limiter: give
// those to NewLimiter instead. A nil l is an error.
func WithLimiter(l Limiter) Option {
	return func(c *config) error {
		if l == nil {
			return invalidArg("limiter", "nil")
		}
		c.limiter = l
		return nil
	}
}

// NewLimiter returns the in-process limiter that [New] gives a Client of
// the same options: [WithRateLimit], [WithAdaptiveRateLimit], and the
// clock ([WithClock]), the logger ([WithLogger]) and the longest
// Retry-After waited for ([WithRetry]) it uses. Other options are
// checked and ignored. It is the Limiter to fall back on, or to wrap, in
// a [Limiter] of your own; each call returns a new one, which shares
// nothing with any Client's.
func NewLimiter(opts ...Option) (Limiter, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return publicLimiter{cfg.rateLimiter()}, nil
}

// publicLimiter is the in-process limiter as a [Limiter].
type publicLimiter struct{ l *ratelimit.Limiter }

func (p publicLimiter) Wait(ctx context.Context, req LimitRequest) error {
	return p.l.Wait(ctx, req.internal())
}

func (p publicLimiter) Done(ctx context.Context, req LimitRequest, res LimitResult) {
	p.l.Done(ctx, req.internal(), transport.LimitResult(res))
}

// internal returns r as the transport chain states it.
func (r LimitRequest) internal() transport.LimitRequest {
	return transport.LimitRequest{Op: optable.ByID(r.Operation.ID), Resource: r.Operation.ResourceID, Attempt: r.Operation.Attempt, Bulk: r.Bulk}
}

// chainLimiter is a [Limiter] of the caller's as the transport chain
// takes it.
type chainLimiter struct{ l Limiter }

func (c chainLimiter) Wait(ctx context.Context, r transport.LimitRequest) error {
	return c.l.Wait(ctx, publicRequest(r))
}

func (c chainLimiter) Done(ctx context.Context, r transport.LimitRequest, res transport.LimitResult) {
	c.l.Done(ctx, publicRequest(r), LimitResult(res))
}

// publicRequest returns r as a [Limiter] is told it.
func publicRequest(r transport.LimitRequest) LimitRequest {
	return LimitRequest{Operation: Operation{ID: r.Op.Name(), ResourceID: r.Resource, Attempt: r.Attempt}, Bulk: r.Bulk}
}

// chainLimiter returns the limiter of the transport chain: the caller's
// of WithLimiter, or the in-process one.
func (cfg *config) chainLimiter() transport.Limiter {
	switch l := cfg.limiter.(type) {
	case nil:
		return cfg.rateLimiter()
	case publicLimiter:
		return l.l
	default:
		return chainLimiter{l}
	}
}
