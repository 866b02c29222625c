package facade

import (
	"math/rand/v2"
	"time"

	"github.com/leadfox-go/leadfox/internal/transport"
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
	// DefaultRetryBudget is the size of a Client's retry budget, in
	// tokens, when RetryPolicy.RetryBudget is 0.
	DefaultRetryBudget = 500
)

// The costs of a retry from the retry budget (see [RetryPolicy]), in
// tokens.
const (
	// RetryCost is what a retry after a 408, 429 or 5xx costs.
	RetryCost = 5
	// ConnectionRetryCost is what a retry after a transport error (a
	// connection refused, reset or cut, an attempt timeout) costs.
	ConnectionRetryCost = 10
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
// [WithMaxResponseBytes], the end of the caller's context and errors that
// no further attempt can heal (a certificate or host name the client does
// not trust, a host that does not exist, an unsupported URL scheme) are
// never retried, nor is a request whose body cannot be replayed (no
// GetBody).
// A DELETE whose answer was lost may have taken effect: its retry may
// then answer 404, an error matching [ErrNotFound].
//
// A call whose token exchange fails is retried only if it waited for an
// exchange another call started, and that exchange failed with a 408,
// 429, 5xx or transport error: then, whatever its operation (it sent
// nothing that took effect), it tries again with its own attempts. The
// call that started the exchange gets its error: the exchange was
// retried as this policy says already, and is not retried again.
//
// Every retry of a Client's calls, token exchanges and bulk jobs included,
// is paid from one retry budget of RetryBudget tokens: [RetryCost] after
// a refusal, [ConnectionRetryCost] after a transport error; every answer
// that is not a refusal (any status but 408, 429 and 5xx) gives one token
// back, up to RetryBudget. A retry the budget cannot pay for is not made:
// the attempt's error is the call's. Isolated faults among successes are
// thus retried as MaxAttempts says, while a server that refuses
// everything costs about one request per call: a bulk job of N rows
// against it (such as [ContactsService.UpsertMany]) makes at most N +
// RetryBudget/RetryCost requests (1,100 for 1,000 rows with the
// defaults), plus the token exchanges, and reports every row's error.
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

	// RetryBudget is the size of the Client's retry budget, in tokens.
	// If 0, DefaultRetryBudget is used; below RetryCost, no retry is
	// ever paid for. Negative is an error.
	RetryBudget int
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
	case p.RetryBudget < 0:
		return invalidArg("RetryPolicy.RetryBudget", "%d is negative (0 means %d)", p.RetryBudget, DefaultRetryBudget)
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
	if p.RetryBudget == 0 {
		p.RetryBudget = DefaultRetryBudget
	}
	return p
}

// policy returns p, with its defaults, as the transport chain takes it,
// with a new full retry budget.
func (p RetryPolicy) policy() transport.Policy {
	p = p.withDefaults()
	return transport.Policy{MaxAttempts: p.MaxAttempts, Backoff: p.Backoff, MaxRetryAfter: p.MaxRetryAfter, Budget: transport.NewBudget(p.RetryBudget)}
}

// DefaultAttemptTimeout bounds each attempt of a request, reading of a
// 2xx body included, unless [WithAttemptTimeout] says otherwise: one
// minute, enough for a page of [DefaultMaxResponseBytes] at about 4.5
// Mbit/s. With the default [RetryPolicy] and a context without deadline,
// a server that never answers or dribbles its body ends a call in at most
// [DefaultMaxAttempts] attempts of this long and the waits between them.
const DefaultAttemptTimeout = time.Minute

// DefaultMaxResponseBytes is the largest 2xx response body a Client reads
// unless [WithMaxResponseBytes] says otherwise: 32 MiB.
const DefaultMaxResponseBytes = 32 << 20

// ErrResponseTooLarge matches the error of a 2xx response whose body is
// longer than the limit of [WithMaxResponseBytes], whether its
// Content-Length announced it or it streamed past the limit. Such an
// error also matches [ErrMalformedResponse]; its text says the limit. It
// is not retried: the server would send the same body again.
var ErrResponseTooLarge = transport.ErrResponseTooLarge
