package facade

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/leadfox-go/leadfox/auth"
)

// Defaults of RetryPolicy.
const (
	// DefaultMaxAttempts is the number of attempts per request, the
	// first included, when RetryPolicy.MaxAttempts is 0.
	DefaultMaxAttempts = 3
	// DefaultMaxRetryAfter is the longest Retry-After that is honoured
	// when RetryPolicy.MaxRetryAfter is 0.
	DefaultMaxRetryAfter = 30 * time.Second
	// DefaultBackoffBase is the wait DefaultBackoff starts from.
	DefaultBackoffBase = 500 * time.Millisecond
	// DefaultBackoffMax is the longest wait of DefaultBackoff.
	DefaultBackoffMax = 8 * time.Second
)

// RetryPolicy says how often and how long a failed request is retried.
// The zero value is the default policy: 3 attempts, DefaultBackoff, and a
// Retry-After honoured up to 30 seconds.
//
// Which failures are retried is fixed per operation by the effective spec
// (api/openapi.effective.yaml): an operation sent with GET, PUT or DELETE,
// or one the overlay marks x-idempotent ([ContactsService.Upsert],
// [ListsService.AddContact] and the token exchange), is retried after any
// transport error that may come after the request was sent (a
// connection refused, reset or cut, a status line cut short, an attempt
// timeout) and after a 408, 429, 500, 502, 503 or 504; any other
// operation only after a 429. Rejected credentials, a body past
// [WithMaxResponseBytes] and the end of the caller's context are never
// retried, nor is a request whose body cannot be replayed (no GetBody).
// A DELETE whose answer was lost may have taken effect: its retry may
// then answer 404, an error matching [ErrNotFound].
type RetryPolicy struct {
	// MaxAttempts is the number of attempts per request, the first
	// included. If 0, DefaultMaxAttempts is used; 1 disables retries.
	// Negative is an error.
	MaxAttempts int

	// Backoff is the wait before each retry when the response has no
	// Retry-After. If nil, DefaultBackoff is used.
	Backoff Backoff

	// MaxRetryAfter is the longest Retry-After that is waited for. A
	// response asking for longer, or for longer than the caller's context
	// has left, is returned as is, not retried, so its
	// APIError.RetryAfter tells the caller when to come back. If 0,
	// DefaultMaxRetryAfter is used. Negative is an error.
	MaxRetryAfter time.Duration
}

// Backoff returns the wait before retry n, where n is 1 for the wait after
// the first attempt. It must be safe for concurrent use.
type Backoff func(n int) time.Duration

// DefaultBackoff is the Backoff of ExponentialBackoff(DefaultBackoffBase,
// DefaultBackoffMax): before retry n it waits between half and all of
// 0.5 s, 1 s, 2 s, 4 s, then 8 s.
func DefaultBackoff(n int) time.Duration {
	return jittered(DefaultBackoffBase, DefaultBackoffMax, n)
}

// ExponentialBackoff returns a Backoff that doubles from base with each
// retry, up to limit, and draws the wait at random from the upper half of
// that value ("equal jitter"), so that clients that failed together do
// not retry together. It is an error matching ErrInvalidArgument unless
// 0 < base <= limit.
func ExponentialBackoff(base, limit time.Duration) (Backoff, error) {
	if base <= 0 || limit < base {
		return nil, invalidArg("backoff", "base %v and limit %v: want 0 < base <= limit", base, limit)
	}
	return func(n int) time.Duration { return jittered(base, limit, n) }, nil
}

// jittered returns a wait in [d/2, d], d = min(base*2^(n-1), limit).
func jittered(base, limit time.Duration, n int) time.Duration {
	d := limit
	if n >= 1 && n < 32 && base<<(n-1) > 0 && base<<(n-1) < limit {
		d = base << (n - 1)
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

func (p RetryPolicy) validate() error {
	switch {
	case p.MaxAttempts < 0:
		return invalidArg("RetryPolicy.MaxAttempts", "%d is negative (0 means %d)", p.MaxAttempts, DefaultMaxAttempts)
	case p.MaxRetryAfter < 0:
		return invalidArg("RetryPolicy.MaxRetryAfter", "%v is negative (0 means %v)", p.MaxRetryAfter, DefaultMaxRetryAfter)
	}
	return nil
}

// withDefaults returns p with its zero fields replaced by the defaults.
func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts == 0 {
		p.MaxAttempts = DefaultMaxAttempts
	}
	if p.Backoff == nil {
		p.Backoff = DefaultBackoff
	}
	if p.MaxRetryAfter == 0 {
		p.MaxRetryAfter = DefaultMaxRetryAfter
	}
	return p
}

// retryTransport is the retry layer: it sends each request through the
// attempt layer until an attempt succeeds, fails in a way that is not
// retried, or the attempts run out, waiting between attempts as its
// RetryPolicy says. Its hooks are told of every attempt: limiter, if not
// nil, paces them; log records them.
type retryTransport struct {
	next    http.RoundTripper // the attempt layer
	policy  RetryPolicy       // with defaults
	clock   Clock
	limiter attemptLimiter // nil: no pacing
	log     attemptLog
	// op, if not nil, is the operation of every request, whatever their
	// context says: the exchange client's requests carry the context of
	// the API call that needed a token.
	op *operation
	// perCall makes a request's call options (WithCallMaxAttempts) count.
	perCall bool
}

// attemptLimiter paces the attempts of the retry layer, for instance a
// rate limiter shared by every call of a Client. It must be safe for
// concurrent use.
type attemptLimiter interface {
	// wait is called before each attempt of req, an operation of op
	// (nil if unknown), and blocks until the attempt may be sent. An
	// error, such as ctx's when it ends first, ends the call with it.
	wait(ctx context.Context, req *http.Request, op *operation) error
	// done is called with the outcome of each attempt that wait let
	// through: resp (its body unread) or err.
	done(req *http.Request, op *operation, resp *http.Response, err error)
}

// RoundTrip sends req until an attempt succeeds, fails in a way that is
// not retried, or the attempts run out. Between attempts the discarded
// response body is drained and closed, and the wait ends early, with the
// context's error, when req's context ends.
func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	op := t.op
	if op == nil {
		op = operationFrom(ctx)
	}
	maxAttempts := t.policy.MaxAttempts
	if s := callSettingsFrom(ctx); t.perCall && s != nil && s.maxAttempts > 0 {
		maxAttempts = s.maxAttempts
	}
	for n := 1; ; n++ {
		resp, err := t.attempt(req, op, n)
		wait, reason, retry := t.decide(req, op, resp, err, n, maxAttempts)
		if !retry {
			return resp, err
		}
		if resp != nil {
			drainClose(resp.Body)
		}
		t.log.retry(ctx, req, op, n+1, wait, reason)
		if err := t.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// attempt sends attempt n of req through the hooks and the next layer.
func (t *retryTransport) attempt(req *http.Request, op *operation, n int) (*http.Response, error) {
	r, err := attemptRequest(req, n)
	if err != nil {
		return nil, err
	}
	if t.limiter != nil {
		if err := t.limiter.wait(req.Context(), r, op); err != nil {
			closeRequestBody(r)
			return nil, err
		}
	}
	start := t.clock.Now()
	resp, err := t.next.RoundTrip(r)
	if t.limiter != nil {
		t.limiter.done(r, op, resp, err)
	}
	t.log.attempt(req.Context(), req, op, n, resp, err, t.clock.Now().Sub(start))
	return resp, err
}

// closeRequestBody closes the body of a request that is not sent, as a
// RoundTripper must.
func closeRequestBody(r *http.Request) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
}

// attemptRequest returns the request of attempt n: a copy of req whose
// context carries n (see OperationFrom), with req's body for the first
// attempt and after that a fresh body from GetBody.
func attemptRequest(req *http.Request, n int) (*http.Request, error) {
	r := req.WithContext(withAttempt(req.Context(), n))
	if n == 1 || req.GetBody == nil {
		return r, nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, err
	}
	r.Body = body
	return r, nil
}

// decide is the retry policy: it reports whether attempt n's outcome is
// retried, how long to wait first, and why, for the log; maxAttempts is
// the call's.
func (t *retryTransport) decide(req *http.Request, op *operation, resp *http.Response, err error, n, maxAttempts int) (wait time.Duration, reason string, retry bool) {
	if n >= maxAttempts || req.Context().Err() != nil || !replayable(req) {
		return 0, "", false
	}
	idempotent := op.idempotentFor(req.Method)
	if err != nil {
		if !idempotent || !retryableError(err) {
			return 0, "", false
		}
		return t.policy.Backoff(n), "transport error", true
	}
	if !retryableStatus(resp.StatusCode, idempotent) {
		return 0, "", false
	}
	reason = http.StatusText(resp.StatusCode)
	if ra, ok := retryAfterDelay(resp.Header, t.clock.Now()); ok {
		if ra > t.policy.MaxRetryAfter || outlivesDeadline(req.Context(), ra) {
			return 0, "", false
		}
		return ra, reason, true
	}
	return t.policy.Backoff(n), reason, true
}

// outlivesDeadline reports whether waiting d would end after ctx's
// deadline. The server's answer, with its RetryAfter, then tells the
// caller more than the context's error would after a wait in vain.
func outlivesDeadline(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) < d
}

// sleep waits d on the clock, or until ctx ends, whichever is first.
func (t *retryTransport) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.clock.After(d):
		return nil
	}
}

// retryableStatus reports whether a response status is retried, for an
// idempotent request or for any other.
func retryableStatus(status int, idempotent bool) bool {
	switch status {
	case http.StatusTooManyRequests:
		return true
	case http.StatusRequestTimeout, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return idempotent
	}
	return false
}

// replayable reports whether req's body can be sent again.
func replayable(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

// retryableError reports whether a transport error is worth another
// attempt of a request that is safe to replay. net/http does not say
// whether a request was sent before an error (a status line cut short is
// a plain error), so every error is, except those that another attempt
// would meet again: rejected credentials, a body past the size limit,
// and a token exchange that failed other than by a connection error.
func retryableError(err error) bool {
	if errors.Is(err, auth.ErrInvalidCredentials) || errors.Is(err, ErrResponseTooLarge) {
		return false
	}
	var exchange *auth.ExchangeError
	if errors.As(err, &exchange) {
		return isConnectionError(exchange)
	}
	return true
}

// isConnectionError reports whether err is a failure to get a response:
// a network error, a connection reset or refused, a response cut short,
// or the end of an attempt's own timeout.
func isConnectionError(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) ||
		errors.Is(err, ErrAttemptTimeout) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED)
}
