package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/clock"
	"github.com/leadfox-go/leadfox/internal/optable"
)

// Policy is the retry policy of a chain, with every field set: package
// facade fills it from its RetryPolicy and the defaults.
type Policy struct {
	MaxAttempts   int                       // per request, the first included
	Backoff       func(n int) time.Duration // the wait before retry n without a Retry-After
	MaxRetryAfter time.Duration             // the longest Retry-After waited for
	Budget        *Budget                   // shared by the Client's chains; nil for none
}

// retryTransport is the retry layer: it sends each request through the
// attempt layer until an attempt succeeds, fails in a way that is not
// retried, or the attempts run out, waiting between attempts as its
// Policy says. Its hooks are told of every attempt: limiter, if not
// nil, paces them; log records them.
type retryTransport struct {
	next    http.RoundTripper // the attempt layer
	policy  Policy
	clock   clock.Clock
	limiter Limiter // nil: no pacing
	log     attemptLog
	// op, if not nil, is the operation of every request, whatever their
	// context says: the exchange client's requests carry the context of
	// the API call that needed a token.
	op *optable.Operation
	// timeout bounds each attempt, from the limiter's go to the end of
	// its answer's body; 0 means none.
	timeout time.Duration
	// perCall makes a request's call settings (their MaxAttempts and
	// Timeout) count.
	perCall bool
}

// RoundTrip sends req until an attempt succeeds, fails in a way that is
// not retried, or the attempts run out. Between attempts the discarded
// response body is drained and closed, and the wait ends early, with the
// context's error, when req's context ends.
func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	op := t.op
	if op == nil {
		op = OperationFrom(ctx)
	}
	maxAttempts := t.policy.MaxAttempts
	if s := settingsFrom(ctx); t.perCall && s != nil && s.MaxAttempts > 0 {
		maxAttempts = s.MaxAttempts
	}
	for n := 1; ; n++ {
		resp, err := t.attempt(req, op, n)
		cost := retryCost(resp, err)
		if cost == 0 {
			t.policy.Budget.refund(SuccessRefund)
		}
		wait, reason, retry := t.decide(req, op, resp, err, n, maxAttempts)
		if !retry {
			return resp, err
		}
		if !t.policy.Budget.Take(cost) {
			t.log.budgetSpent(ctx, req, op, n, reason)
			return resp, err
		}
		if resp != nil {
			DrainClose(resp.Body)
		}
		t.log.retry(ctx, req, op, n+1, wait, reason)
		if err := Sleep(ctx, t.clock, wait); err != nil {
			return nil, err
		}
	}
}

// attempt sends attempt n of req through the hooks and the next layer:
// the limiter's wait first, then the attempt's one copy of req (see
// newAttempt), whose timeout starts only once the limiter has let it go.
func (t *retryTransport) attempt(req *http.Request, op *optable.Operation, n int) (*http.Response, error) {
	body, err := attemptBody(req, n)
	if err != nil {
		return nil, err
	}
	var lr LimitRequest
	if t.limiter != nil {
		lr = limitRequest(req, op, n)
		if err := t.limiter.Wait(req.Context(), lr); err != nil {
			closeBody(body)
			return nil, err
		}
	}
	r, a := t.newAttempt(req, body, n)
	start := t.clock.Now()
	resp, err := t.next.RoundTrip(r)
	resp = a.end(resp, err)
	if t.limiter != nil {
		t.limiter.Done(req.Context(), lr, limitResult(resp, err, t.clock.Now()))
	}
	t.log.attempt(req.Context(), req, op, n, resp, err, t.clock.Now().Sub(start))
	return resp, err
}

// closeBody closes the body of a request that is not sent, as a
// RoundTripper must.
func closeBody(body io.ReadCloser) {
	if body != nil {
		_ = body.Close()
	}
}

// attemptBody returns the body of attempt n of req: req's own for the
// first attempt, and after that a fresh one from GetBody.
func attemptBody(req *http.Request, n int) (io.ReadCloser, error) {
	if n == 1 || req.GetBody == nil {
		return req.Body, nil
	}
	return req.GetBody()
}

// newAttempt returns the request of attempt n, the one copy of req the
// attempt makes: its body is body, its context an [attemptContext]
// carrying n and, when a timeout applies (the call's, or the chain's),
// the attempt's deadline. The caller must end the attempt with
// attemptContext.end.
func (t *retryTransport) newAttempt(req *http.Request, body io.ReadCloser, n int) (*http.Request, *attemptContext) {
	a := &attemptContext{Context: req.Context(), call: req.Context(), n: n, timeout: t.timeout}
	if s := settingsFrom(a.call); t.perCall && s != nil && s.HasTimeout {
		a.timeout = s.Timeout
	}
	if a.timeout > 0 {
		a.Context, a.cancel = context.WithTimeout(a.call, a.timeout)
	} else {
		a.timeout = 0
	}
	r := req.WithContext(a)
	r.Body = body
	return r, a
}

// decide is the retry policy: it reports whether attempt n's outcome is
// retried, how long to wait first, and why, for the log; maxAttempts is
// the call's.
func (t *retryTransport) decide(req *http.Request, op *optable.Operation, resp *http.Response, err error, n, maxAttempts int) (wait time.Duration, reason string, retry bool) {
	if n >= maxAttempts || req.Context().Err() != nil || !replayable(req) {
		return 0, "", false
	}
	idempotent := idempotentFor(op, req.Method)
	if err != nil {
		if (!idempotent && !unsent(err)) || !retryableError(err) {
			return 0, "", false
		}
		return t.policy.Backoff(n), "transport error", true
	}
	if !retryableStatus(resp.StatusCode, idempotent) {
		return 0, "", false
	}
	reason = http.StatusText(resp.StatusCode)
	if ra, ok := RetryAfter(resp.Header, t.clock.Now()); ok {
		if ra > t.policy.MaxRetryAfter || outlivesDeadline(req.Context(), ra) {
			return 0, "", false
		}
		return ra, reason, true
	}
	return t.policy.Backoff(n), reason, true
}

// retryCost returns what a retry after an attempt's outcome costs from the
// retry budget: ConnectionRetryCost after a transport error, RetryCost
// after a refusal (a 408, 429 or 5xx), and 0 after any other answer, an
// answer the server did not refuse.
func retryCost(resp *http.Response, err error) int {
	switch {
	case err != nil:
		return ConnectionRetryCost
	case resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return RetryCost
	}
	return 0
}

// idempotentFor reports whether a request of op may be retried after a
// connection error or a 5xx. The operation's retry class decides; method,
// the request's HTTP method, decides only for a nil op (a request that
// carries no operation): GET, HEAD, PUT and DELETE are idempotent.
func idempotentFor(op *optable.Operation, method string) bool {
	if op != nil {
		return op.Idempotent
	}
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// outlivesDeadline reports whether waiting d would end after ctx's
// deadline. The server's answer, with its RetryAfter, then tells the
// caller more than the context's error would after a wait in vain.
func outlivesDeadline(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) < d
}

// Sleep waits d on clk, or until ctx ends, whichever is first, and
// returns ctx's error if it ended.
func Sleep(ctx context.Context, clk clock.Clock, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-clk.After(d):
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
// an error that cannot heal (see cannotHeal), and a failed token exchange
// other than one the call joined (see [auth.ExchangeError].Joined) that
// failed in a way its own retries would have retried. The exchange layer
// has retried an exchange the call started: retrying it again here would
// multiply its attempts.
func retryableError(err error) bool {
	if errors.Is(err, auth.ErrInvalidCredentials) || errors.Is(err, ErrResponseTooLarge) || cannotHeal(err) {
		return false
	}
	var exchange *auth.ExchangeError
	if errors.As(err, &exchange) {
		return exchange.Joined && (isConnectionError(exchange) || retryableStatus(exchange.StatusCode, true))
	}
	return true
}

// unsent reports whether err is one that ended an attempt before its
// request could take effect: a failed token exchange, before the request
// was sent, or after the API rejected its token.
func unsent(err error) bool {
	var exchange *auth.ExchangeError
	return errors.As(err, &exchange)
}

// cannotHeal reports whether err is one that every further attempt
// would meet again: a certificate or host name the client does not trust
// (or a server that does not speak TLS), a host that does not exist, or a
// URL scheme the transport does not support (net/http has no type for
// that one, only its text).
func cannotHeal(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		record   tls.RecordHeaderError
		dns      *net.DNSError
	)
	return errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &hostname) ||
		errors.As(err, &invalid) || errors.As(err, &record) ||
		(errors.As(err, &dns) && dns.IsNotFound) ||
		strings.Contains(err.Error(), "unsupported protocol scheme")
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

// RetryAfter returns the wait the Retry-After header of h asks for, as
// ParseRetryAfter reads it, and whether there is one. A Retry-After given
// as an HTTP date is measured on the server's clock: from the answer's
// Date header if it parses, and only otherwise from now, the local time,
// which may be hours off the server's.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if date, err := http.ParseTime(strings.TrimSpace(h.Get("Date"))); err == nil {
		now = date
	}
	return ParseRetryAfter(v, now)
}

// RetryAfterLimit is facade.RetryAfterLimit: the longest wait
// [ParseRetryAfter] returns, about 136 years.
const RetryAfterLimit = (1 << 32) * time.Second

// ParseRetryAfter reads a Retry-After value, delay-seconds or an
// HTTP date, into a wait from now, at most RetryAfterLimit. A number too
// large for an int64, or beyond RetryAfterLimit in any numeric form (1e30),
// gives RetryAfterLimit; a date in the past gives 0. ok is false when v is
// empty, negative or not a valid value.
func ParseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		switch {
		case err != nil && strings.HasPrefix(v, "-"), secs < 0:
			return 0, false
		case err != nil, secs > int64(RetryAfterLimit/time.Second):
			return RetryAfterLimit, true
		}
		return time.Duration(secs) * time.Second, true
	}
	// delay-seconds is an integer; a number in another form counts only
	// as a request to wait too long.
	if secs, err := strconv.ParseFloat(v, 64); (err == nil || errors.Is(err, strconv.ErrRange)) &&
		!math.IsNaN(secs) && secs >= RetryAfterLimit.Seconds() {
		return RetryAfterLimit, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(now), 0), RetryAfterLimit), true
}
