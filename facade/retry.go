package facade

import (
	"context"
	"errors"
	"fmt"
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
// Which failures are retried is fixed by the request: GET, PUT and DELETE,
// and the POST operations the spec marks x-idempotent, are retried after a
// connection error and after a 408, 429, 500, 502, 503 or 504; any other
// POST only after a 429. A request whose body cannot be replayed (no
// GetBody) is never retried.
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

// retryTransport retries failed attempts according to a RetryPolicy,
// gives each attempt its own timeout, and reports every attempt and
// retry to the attempt log.
type retryTransport struct {
	next    http.RoundTripper
	policy  RetryPolicy // with defaults
	clock   Clock
	timeout time.Duration // per attempt; 0 means none
	log     attemptLog
	// op, if not nil, is the operation of every request, whatever their
	// context says: the exchange client's requests carry the context of
	// the API call that needed a token.
	op *operation
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
	for n := 1; ; n++ {
		resp, err := t.attempt(req, op, n)
		wait, reason, retry := t.decide(req, op, resp, err, n)
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

// attempt sends attempt n of req and logs its outcome. The body of a 2xx
// response is read whole within the attempt, so that a connection cut or
// an attempt timeout while it streams fails this attempt, which may be
// retried, instead of the caller's decode.
func (t *retryTransport) attempt(req *http.Request, op *operation, n int) (*http.Response, error) {
	r, err := attemptRequest(req, n)
	if err != nil {
		return nil, err
	}
	start := t.clock.Now()
	resp, err := t.send(r)
	t.log.attempt(req.Context(), req, op, n, resp, err, t.clock.Now().Sub(start))
	return resp, err
}

// send sends r once, within the attempt timeout if there is one. A 2xx
// body is buffered before the timeout ends; any other body is left to
// stream, bounded by its reader, and the timeout ends when it is closed.
func (t *retryTransport) send(r *http.Request) (*http.Response, error) {
	if t.timeout <= 0 {
		resp, err := t.next.RoundTrip(r)
		if err != nil {
			return nil, err
		}
		return bufferSuccess(resp)
	}
	ctx, cancel := context.WithTimeout(r.Context(), t.timeout)
	resp, err := t.next.RoundTrip(r.WithContext(ctx))
	if err == nil && isSuccess(resp.StatusCode) {
		resp, err = bufferSuccess(resp)
	}
	if err != nil {
		cancel()
		return nil, t.attemptError(r.Context(), ctx, err)
	}
	if isSuccess(resp.StatusCode) {
		cancel()
		return resp, nil
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// attemptError returns err, or ErrAttemptTimeout if the attempt's own
// deadline ended it while the caller's context is still live: the caller
// must not mistake it for the end of its own deadline.
func (t *retryTransport) attemptError(parent, attempt context.Context, err error) error {
	if parent.Err() == nil && errors.Is(attempt.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w (%v)", ErrAttemptTimeout, t.timeout)
	}
	return err
}

// isSuccess reports whether status is 2xx.
func isSuccess(status int) bool { return status >= 200 && status <= 299 }

// bufferSuccess reads the body of a 2xx response into memory and closes
// the connection's body. Any other response is returned as is.
func bufferSuccess(resp *http.Response) (*http.Response, error) {
	if !isSuccess(resp.StatusCode) {
		return resp, nil
	}
	b, err := readBody(resp.Body, resp.ContentLength)
	_ = resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read %d response body: %w", resp.StatusCode, err)
	}
	resp.Body = newBufferedBody(b)
	resp.ContentLength = int64(len(b))
	return resp, nil
}

// maxPrealloc bounds the buffer allocated up front from a Content-Length,
// which the server, not the SDK, chooses.
const maxPrealloc = 8 << 20

// readBody reads r to its end, allocating once when n, the announced
// length, is known and right: one spare byte of capacity detects, without
// another buffer, a body longer than announced.
func readBody(r io.Reader, n int64) ([]byte, error) {
	if n < 0 || n > maxPrealloc {
		return io.ReadAll(r)
	}
	b := make([]byte, n, n+1)
	if _, err := io.ReadFull(r, b); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch _, err := io.ReadFull(r, b[n:n+1]); {
	case errors.Is(err, io.EOF):
		return b, nil
	case err != nil:
		return nil, err
	}
	rest, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return append(b[:n+1], rest...), nil
}

// attemptRequest returns the request of attempt n: req itself for the
// first, and after that a copy with a fresh body from GetBody.
func attemptRequest(req *http.Request, n int) (*http.Request, error) {
	if n == 1 || req.GetBody == nil {
		return req, nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, err
	}
	r := req.WithContext(req.Context())
	r.Body = body
	return r, nil
}

// decide reports whether attempt n's outcome is retried, how long to wait
// first, and why, for the log.
func (t *retryTransport) decide(req *http.Request, op *operation, resp *http.Response, err error, n int) (wait time.Duration, reason string, retry bool) {
	if n >= t.policy.MaxAttempts || req.Context().Err() != nil || !replayable(req) {
		return 0, "", false
	}
	idempotent := op.idempotentFor(req.Method)
	if err != nil {
		if !idempotent || !isConnectionError(err) {
			return 0, "", false
		}
		return t.policy.Backoff(n), "connection error", true
	}
	if !retryableStatus(resp.StatusCode, idempotent) {
		return 0, "", false
	}
	reason = http.StatusText(resp.StatusCode)
	if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), t.clock.Now()); ok {
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

// isConnectionError reports whether err is a failure to get a response:
// a network error, a connection reset or refused, a response cut short,
// or the end of an attempt's own timeout. A rejected key or secret is not.
func isConnectionError(err error) bool {
	if errors.Is(err, auth.ErrInvalidCredentials) {
		return false
	}
	var netErr net.Error
	return errors.As(err, &netErr) ||
		errors.Is(err, ErrAttemptTimeout) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED)
}

// maxDrain bounds how much of a discarded body is read so that its
// connection can be reused.
const maxDrain = 64 << 10

// drainClose drains and closes body.
func drainClose(body io.ReadCloser) {
	drain(body)
	_ = body.Close()
}

// drain reads and discards at most maxDrain bytes of r.
func drain(r io.Reader) {
	_, _ = io.CopyN(io.Discard, r, maxDrain)
}

// cancelOnClose ends an attempt's context when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
