package facade

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/leadfox-go/leadfox/internal/bulkrun"
	"github.com/leadfox-go/leadfox/internal/transport"
)

// The settings of [BulkOptions].
const (
	// DefaultBulkConcurrency is the number of rows a bulk job has in
	// flight when [BulkOptions].Concurrency is 0: small, since the
	// server's rate limit, not the client, bounds a bulk job.
	DefaultBulkConcurrency = 8
	// MaxBulkConcurrency is the largest [BulkOptions].Concurrency.
	MaxBulkConcurrency = 256
	// DefaultBulkRateLimitRetries is how many more times a row is sent
	// after a 429 outlasted its request's retries, when
	// [BulkOptions].RateLimitRetries is 0.
	DefaultBulkRateLimitRetries = 10
	// bulkWindow is how many rows per worker a job reads ahead of the
	// oldest row without a result: the bound of its memory.
	bulkWindow = 4
)

// ErrNotAttempted matches the error of a row of a bulk job that was read
// but never sent, because the job stopped first (its context ended, or
// [BulkOptions].StopOnError saw another row fail). Sending it again is
// safe.
var ErrNotAttempted = errors.New("facade: bulk row not attempted")

// BulkOptions configures a bulk job, such as [ContactsService.UpsertMany].
// The zero value, like a nil *BulkOptions, runs [DefaultBulkConcurrency]
// rows at once, paces them adaptively, retries a rate-limited row up to
// [DefaultBulkRateLimitRetries] times, and goes on past failed rows.
type BulkOptions struct {
	// Concurrency is the number of rows in flight at once. If 0,
	// DefaultBulkConcurrency. Negative or above MaxBulkConcurrency is an
	// error.
	Concurrency int
	// StopOnError, if true, stops the job at the first row that fails:
	// no further row is read, rows in flight finish, and rows read but
	// not started fail with ErrNotAttempted. If false, a failed row
	// never stops the others.
	StopOnError bool
	// DisableAdaptive, if true, leaves the job's requests to the
	// Client's own pacing ([WithRateLimit], [WithAdaptiveRateLimit]);
	// if false, they are paced adaptively, as WithAdaptiveRateLimit
	// describes, with every other adaptive request of the Client.
	DisableAdaptive bool
	// RateLimitRetries is how many more times a row is sent after its
	// request still ended in a 429 (an error matching ErrRateLimited)
	// once its RetryPolicy's attempts were spent. Each time the row
	// waits for the 429's Retry-After, if it is no longer than the
	// RetryPolicy's MaxRetryAfter (a longer one fails the row), and for
	// the limiter; and the Client's retry budget pays for it as for a
	// retry (see [RetryPolicy]), or the row fails. If 0,
	// DefaultBulkRateLimitRetries. Negative means none.
	RateLimitRetries int
}

// withDefaults validates o and fills its zero fields.
func (o *BulkOptions) withDefaults() (BulkOptions, error) {
	var v BulkOptions
	if o != nil {
		v = *o
	}
	switch {
	case v.Concurrency < 0 || v.Concurrency > MaxBulkConcurrency:
		return v, invalidArg("BulkOptions.Concurrency", "%d: want 0 (for %d) to %d", v.Concurrency, DefaultBulkConcurrency, MaxBulkConcurrency)
	case v.Concurrency == 0:
		v.Concurrency = DefaultBulkConcurrency
	}
	switch {
	case v.RateLimitRetries == 0:
		v.RateLimitRetries = DefaultBulkRateLimitRetries
	case v.RateLimitRetries < 0:
		v.RateLimitRetries = 0
	}
	return v, nil
}

// BulkResult is the outcome of one row of a bulk job.
type BulkResult[In, Out any] struct {
	// Index is the row's position in the input, from 0.
	Index int
	// Input is the row as read.
	Input In
	// Output is what the API returned for the row; the zero Out if Err
	// is not nil.
	Output Out
	// Err is nil if the row succeeded. Otherwise it is the row's error:
	// an *APIError, an error matching ErrInvalidArgument for a row
	// rejected before any request, the context's error for a row whose
	// request the context ended (it may or may not have taken effect),
	// or an error matching ErrNotAttempted for a row never sent.
	Err error
}

// BulkTotals counts the rows of a bulk job.
type BulkTotals struct {
	// Read is the number of rows read from the input. Each has a result;
	// the rows from index Read on were not attempted.
	Read int
	// Succeeded and Failed count the rows read: Read = Succeeded +
	// Failed.
	Succeeded, Failed int
	// NotAttempted counts the failed rows that were never sent (their
	// Err matches ErrNotAttempted).
	NotAttempted int
	// Complete reports whether the whole input was read, so that every
	// row has its result.
	Complete bool
	// Err is why the job stopped before the end of its input: the
	// context's error, or, with StopOnError, the first failed row's
	// error. It is nil if the job went through its input, or stopped
	// because the caller's loop broke.
	Err error
}

// BulkProgress is the state of a bulk job at one moment, for a progress
// line: unlike [BulkTotals], it counts each row as soon as it has its
// outcome, not when its result is yielded in input order.
type BulkProgress struct {
	// Read is the number of rows read from the input: Read = Waiting +
	// InFlight + Done.
	Read int
	// Waiting counts the rows read but not yet sent: queued for a
	// worker, or waiting for an earlier row with the same key (see
	// [Bulk]).
	Waiting int
	// InFlight counts the rows being sent: their request under way,
	// waiting for the rate limiter or for a retry.
	InFlight int
	// Done counts the rows that have their outcome, whether or not it
	// has been yielded: Done = Succeeded + Failed. Failed includes the
	// rows never sent (their error matches ErrNotAttempted).
	Done, Succeeded, Failed int
	// Yielded counts the rows whose result Results has reached in input
	// order, Totals().Read; Done - Yielded rows have an outcome held back
	// behind an earlier row.
	Yielded int
}

// Bulk is a bulk job: a stream of rows, each sent as one API request, at
// most Concurrency at a time, through the Client's shared rate limiter.
// Get one from [ContactsService.UpsertMany], [ListsService.AddContacts]
// or [ListsService.RemoveContacts]; it sends nothing until Results runs.
// Its methods are safe for concurrent use.
//
// Rows with the same key, the email for UpsertMany (compared without
// regard to case or surrounding spaces) and the contact id for
// AddContacts and RemoveContacts, are sent in input order: a row is not
// sent before every earlier row with its key has its outcome, so two of
// them are never in flight at once and the server applies them in input
// order. Meanwhile its worker waits.
type Bulk[In, Out any] struct {
	c    *Client
	rows iter.Seq[In]
	opts BulkOptions
	do   func(ctx context.Context, in In) (Out, error)
	key  func(in In) string // a row's key; "" for none

	used    atomic.Bool
	tracker bulkrun.Tracker
	mu      sync.Mutex
	totals  BulkTotals
}

// newBulk returns the job that sends each row of rows with do, in input
// order among the rows with one key.
func newBulk[In, Out any](c *Client, rows iter.Seq[In], opts *BulkOptions, key func(In) string, do func(context.Context, In) (Out, error)) (*Bulk[In, Out], error) {
	if rows == nil {
		return nil, invalidArg("rows", "nil")
	}
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Bulk[In, Out]{c: c, rows: rows, opts: o, do: do, key: key}, nil
}

// Results runs the job and yields the result of every row read, in input
// order, as rows complete. It reads the input as it goes, holding at most
// a few rows per worker ahead of the oldest row without a result, so an
// input of any length is streamed. A failed row never stops the others,
// unless StopOnError. When ctx ends, no further row is read or started,
// rows in flight end with ctx's error, and rows read but not started fail
// with ErrNotAttempted; the results say which rows were not attempted
// (see [BulkTotals]), so the job can be resumed. Breaking the loop stops
// the job the same way, without further results. Every goroutine of the
// job has ended when the loop does.
//
// If the user code a row runs (a [Middleware], the transport) panics,
// the job stops as if ctx had ended, and the panic is raised again, with
// its original value, in the goroutine running the loop, when the loop
// reaches that row (or once it has ended, if it broke), after every
// worker has ended: never in a goroutine of the job, where no recover of
// the caller could reach it.
//
// A Bulk runs once: Results yields nothing after the first call. With a
// nil ctx, every row fails with an error matching [ErrInvalidArgument],
// without a request.
func (b *Bulk[In, Out]) Results(ctx context.Context) iter.Seq[BulkResult[In, Out]] {
	return func(yield func(BulkResult[In, Out]) bool) {
		if b.used.Swap(true) {
			return
		}
		b.run(contextOrError(ctx), yield)
	}
}

// Totals returns the counts of the rows so far; once Results' loop has
// ended, of the whole job.
func (b *Bulk[In, Out]) Totals() BulkTotals {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.totals
}

// Progress returns the state of the job now; it can be read while
// Results' loop runs.
func (b *Bulk[In, Out]) Progress() BulkProgress {
	// Yielded first: a row is yielded only once done, so Done read after
	// it is never below it.
	yielded := b.Totals().Read
	p := b.tracker.Progress()
	return BulkProgress{
		Read: p.Read, Waiting: p.Waiting, InFlight: p.InFlight,
		Done: p.Done, Succeeded: p.Succeeded, Failed: p.Failed,
		Yielded: yielded,
	}
}

// run sends the rows with the job's workers (internal/bulkrun) and
// yields their results in input order, counting them in the totals.
func (b *Bulk[In, Out]) run(ctx context.Context, yield func(BulkResult[In, Out]) bool) {
	cfg := &bulkrun.Config[In, Out]{
		Concurrency: b.opts.Concurrency, Window: bulkWindow, Key: b.key,
		Send: b.send, StopOnError: b.opts.StopOnError, NotAttempted: notAttempted,
		Count: func(res bulkrun.Result[In, Out]) { b.count(BulkResult[In, Out](res)) },
	}
	mark := transport.WithBulk
	if b.opts.DisableAdaptive {
		mark = func(ctx context.Context) context.Context { return ctx }
	}
	complete, broken := bulkrun.Run(ctx, mark, b.rows, cfg, &b.tracker, func(res bulkrun.Result[In, Out]) bool {
		return yield(BulkResult[In, Out](res))
	})
	b.mu.Lock()
	defer b.mu.Unlock()
	b.totals.Complete = complete
	if err := ctx.Err(); err != nil && !broken && b.totals.Err == nil && (!complete || b.totals.Failed > 0) {
		b.totals.Err = err
	}
}

// count adds a row's result to the totals.
func (b *Bulk[In, Out]) count(res BulkResult[In, Out]) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.totals.Read++
	switch {
	case res.Err == nil:
		b.totals.Succeeded++
		return
	case errors.Is(res.Err, ErrNotAttempted):
		b.totals.NotAttempted++
	case b.opts.StopOnError && b.totals.Err == nil:
		b.totals.Err = fmt.Errorf("facade: bulk row %d: %w", res.Index, res.Err)
	}
	b.totals.Failed++
}

// notAttempted returns the error of a row not sent because of cause, or
// because StopOnError stopped the job if cause is nil.
func notAttempted(cause error) error {
	if cause == nil {
		return fmt.Errorf("%w: the job stopped at a failed row", ErrNotAttempted)
	}
	return fmt.Errorf("%w: %w", ErrNotAttempted, cause)
}

// send sends one row, and sends it again after a 429 that outlasted its
// request's retries, up to RateLimitRetries times, as long as the
// Client's retry budget pays for it.
func (b *Bulk[In, Out]) send(ctx context.Context, in In) (Out, error) {
	for n := 0; ; n++ {
		out, err := b.do(ctx, in)
		if err == nil || n >= b.opts.RateLimitRetries || !errors.Is(err, ErrRateLimited) {
			return out, err
		}
		wait := time.Duration(0)
		if apiErr, ok := errors.AsType[*APIError](err); ok {
			wait = apiErr.RetryAfter
		}
		if wait > b.c.maxRetryAfter || !b.c.budget.Take(RetryCost) {
			return out, err
		}
		if wait > 0 {
			if serr := transport.Sleep(ctx, b.c.clock, wait); serr != nil {
				return out, err
			}
		}
	}
}

// UpsertMany returns the bulk job that upserts each contact of contacts,
// as [ContactsService.Upsert] does, with opts (nil for the defaults): its
// results carry the contacts the API returned. An invalid option is an
// error returned at once; an invalid row (nil, no email) is that row's
// error, without a request. UpsertMany itself sends nothing.
//
// Upserting is idempotent, so a row that failed, or that the job never
// attempted, can be sent again safely.
func (s *ContactsService) UpsertMany(contacts iter.Seq[*ContactCreate], opts *BulkOptions, callOpts ...CallOption) (*Bulk[*ContactCreate, *Contact], error) {
	if err := checkBulkCallOptions(callOpts); err != nil {
		return nil, err
	}
	return newBulk(s.client, contacts, opts, contactKey, func(ctx context.Context, c *ContactCreate) (*Contact, error) {
		return s.Upsert(ctx, c, callOpts...)
	})
}

// contactKey is the key of an UpsertMany row: its email as the API
// compares it, without regard to case or surrounding spaces.
func contactKey(c *ContactCreate) string {
	if c == nil {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(c.Email))
}

// idKey is the key of an AddContacts or RemoveContacts row: the id.
func idKey(id string) string { return id }

// AddContacts returns the bulk job that adds each contact of contactIDs
// to the list listID, as [ListsService.AddContact] does, with opts (nil
// for the defaults). An invalid listID or option is an error returned at
// once; an invalid contact id is that row's error, without a request.
// AddContacts itself sends nothing.
func (s *ListsService) AddContacts(listID string, contactIDs iter.Seq[string], opts *BulkOptions, callOpts ...CallOption) (*Bulk[string, struct{}], error) {
	if err := firstError(checkID("list id", listID), checkBulkCallOptions(callOpts)); err != nil {
		return nil, err
	}
	return newBulk(s.client, contactIDs, opts, idKey, func(ctx context.Context, id string) (struct{}, error) {
		return struct{}{}, s.AddContact(ctx, listID, id, callOpts...)
	})
}

// RemoveContacts returns the bulk job that removes each contact of
// contactIDs from the list listID, as [ListsService.RemoveContact] does,
// with opts (nil for the defaults), and is otherwise like AddContacts.
func (s *ListsService) RemoveContacts(listID string, contactIDs iter.Seq[string], opts *BulkOptions, callOpts ...CallOption) (*Bulk[string, struct{}], error) {
	if err := firstError(checkID("list id", listID), checkBulkCallOptions(callOpts)); err != nil {
		return nil, err
	}
	return newBulk(s.client, contactIDs, opts, idKey, func(ctx context.Context, id string) (struct{}, error) {
		return struct{}{}, s.RemoveContact(ctx, listID, id, callOpts...)
	})
}
