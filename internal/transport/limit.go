package transport

import (
	"context"
	"net/http"
	"time"

	"github.com/leadfox-go/leadfox/internal/optable"
)

// Limiter paces the attempts of the retry layer and learns from their
// answers, for instance a rate limiter shared by every call of a Client,
// or by many processes. It must be safe for concurrent use. Package
// facade declares the contract users implement (facade.Limiter) and
// adapts it to this one.
type Limiter interface {
	// Wait is called before each attempt and blocks until the attempt
	// may be sent. An error, such as ctx's when it ends first, ends the
	// call with it.
	Wait(ctx context.Context, r LimitRequest) error
	// Done is called once with the outcome of each attempt that Wait let
	// through, with the context of the call.
	Done(ctx context.Context, r LimitRequest, res LimitResult)
}

// LimitRequest is what a Limiter is told of an attempt.
type LimitRequest struct {
	Op       *optable.Operation // nil if unknown
	Resource string             // see optable.ResourceOf
	Attempt  int                // 1 for the first
	// Bulk marks an attempt of a bulk job or a count (see WithBulk),
	// which the default limiter paces adaptively.
	Bulk bool
}

// LimitResult is the outcome of an attempt.
type LimitResult struct {
	// Status is the answer's HTTP status, 0 if the attempt got none.
	Status int
	// RetryAfter is the wait the answer's Retry-After asks for (see
	// ParseRetryAfter), 0 if it has none; HasRetryAfter tells the two
	// apart.
	RetryAfter    time.Duration
	HasRetryAfter bool
	// Err is the attempt's error when it got no answer.
	Err error
}

type bulkKey struct{}

// WithBulk returns ctx marking its calls as those of a bulk job or a
// count: many calls that the default limiter paces adaptively.
func WithBulk(ctx context.Context) context.Context {
	return context.WithValue(ctx, bulkKey{}, true)
}

// limitRequest returns what the limiter is told of attempt n of req.
func limitRequest(req *http.Request, op *optable.Operation, n int) LimitRequest {
	ctx := req.Context()
	r := LimitRequest{Op: op, Attempt: n, Bulk: ctx.Value(bulkKey{}) != nil}
	if info, _ := InfoFrom(ctx); info != nil {
		r.Resource = info.Resource
	}
	return r
}

// limitResult returns the outcome of an attempt: resp or err, with
// resp's Retry-After read at now (see RetryAfter).
func limitResult(resp *http.Response, err error, now time.Time) LimitResult {
	if err != nil || resp == nil {
		return LimitResult{Err: err}
	}
	res := LimitResult{Status: resp.StatusCode}
	res.RetryAfter, res.HasRetryAfter = RetryAfter(resp.Header, now)
	return res
}
