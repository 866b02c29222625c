// Package pager walks collections page by page and item by item, with the
// standard iter.Seq2 iterators and optional prefetch of the next page. It
// knows nothing of Leadfox resources: a collection is any [FetchFunc] that
// returns one page of items for a [Request].
//
// A collection ends at the first page shorter than the limit requested,
// which is how an API without a total count (a bare JSON array per page)
// says it has no more.
//
// # Modes
//
// A walk pages by skip/limit ([SkipLimit], the zero [Mode]) or by keyset
// ([Keyset], [KeysetFallback]): each request asks for the items whose key
// is above the key of the last item of the previous page, in key order,
// so that items deleted or inserted during the walk neither shift nor
// repeat the others. Keys compare as strings, byte by byte.
//
// Every keyset page is verified before any of its items is yielded:
// every key must be above the cursor, and the keys must increase. A page
// that fails, or a fetch error that wraps [ErrKeysetUnsupported], means
// the collection does not honour the cursor. A [Keyset] walk then ends
// with an error matching [ErrKeysetUnsupported]; a [KeysetFallback] walk
// logs one warning and goes on by skip/limit from where it stands (skip =
// the items already consumed, sorted by key as before), still checking
// that keys increase, so that it never yields an item twice.
//
// A skip/limit walk remembers the keys of the previous page only (a full
// set of the keys seen would cost tens of megabytes for a million items):
// an item of the previous page served again is not yielded twice, and a
// full page with nothing new, which is what a server that ignores skip
// sends, ends the walk with an error matching [ErrSkipIgnored] instead of
// looping. A repeat from further back is caught only where the keys must
// increase (after a keyset fallback).
//
// # Undecodable items
//
// A fetch may report items it could not decode as [ItemError] values in
// [Page.Errors], beside the items it could. [Pager.All] yields each at its
// place as (zero, *ItemError) and goes on; [Pager.Pages] and
// [Pager.NextPage] return a page's good items with its item errors joined;
// [Pager.Collect] returns the good items and every item error joined. Any
// other error ends the walk.
package pager

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"
)

// DefaultPageSize is the page size used when [Options.PageSize] is 0. It is
// the default limit of the Leadfox API.
const DefaultPageSize = 100

// MaxPageSize is the largest [Options.PageSize]. The Leadfox API documents
// no maximum; past a thousand items a page costs more memory and time per
// request than it saves in round trips, and a server may cap it silently.
const MaxPageSize = 1000

// DefaultPrefetchGrace is the time the page being fetched ahead is given
// to arrive after its loop has ended, when [Options.PrefetchGrace] is 0.
const DefaultPrefetchGrace = time.Second

// Done is returned by [Pager.NextPage] when there are no more pages. Once
// NextPage returns Done, every later call returns Done. Compare with
// errors.Is.
//
//nolint:staticcheck // ST1012: named like google.golang.org/api/iterator.Done, which callers know.
var Done = errors.New("pager: no more pages")

// errNilContext is the error of a walk given a nil context.
var errNilContext = errors.New("pager: nil context: pass context.Background() or the context of the work")

// ErrKeysetUnsupported is matched by the error that ends a [Keyset] walk
// whose collection does not honour the keyset cursor: a page with a key
// not above the cursor or not in increasing order, or a fetch error that
// wraps [ErrKeysetUnsupported] (a [FetchFunc] wraps it when the server refused
// the cursor condition). A [KeysetFallback] walk falls back to skip/limit
// instead.
var ErrKeysetUnsupported = errors.New("pager: the collection does not honour the keyset cursor")

// ErrSkipIgnored is matched by the error that ends a skip/limit walk that
// got a full page holding nothing new: the items of the previous page, or
// in a key-ordered walk, keys already passed. A server that ignores skip
// sends that; the walk ends rather than loop.
var ErrSkipIgnored = errors.New("pager: the collection repeats its pages (skip ignored)")

// Mode is how a walk pages through a collection. The zero Mode is
// [SkipLimit].
type Mode int

const (
	// SkipLimit pages by position: skip, then limit items. Items deleted
	// or inserted before the position during the walk shift the
	// following pages: an item is skipped or repeated. [Page.IDs], if
	// given, let the walk drop repeats of the previous page and detect a
	// server that ignores skip.
	SkipLimit Mode = iota
	// Keyset pages by key (see the package doc); a collection that does
	// not honour the cursor ends the walk with an error matching
	// [ErrKeysetUnsupported]. [Page.IDs] are required.
	Keyset
	// KeysetFallback pages by key and falls back to skip/limit, once, with
	// one warning, if the collection does not honour the cursor. [Page.IDs]
	// are required.
	KeysetFallback
)

// String returns the constant's name, such as "Keyset".
func (m Mode) String() string {
	switch m {
	case SkipLimit:
		return "SkipLimit"
	case Keyset:
		return "Keyset"
	case KeysetFallback:
		return "KeysetFallback"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// Request is what a [FetchFunc] is asked for.
type Request struct {
	// Limit is the most items wanted, between 1 and MaxPageSize.
	Limit int
	// Keyset reports whether this is a keyset request: the items whose key
	// is above After, in increasing key order, without skip. If false, it
	// is a skip/limit request for the items from position Skip.
	Keyset bool
	// After is the cursor of a keyset request: the key of the last item
	// of the previous page, or "" for the first page (no condition).
	After string
	// Skip is the position of a skip/limit request, >= 0; 0 in a keyset
	// request.
	Skip int
	// Sorted reports whether the walk needs the items in increasing key
	// order: true in every request of a [Keyset] or [KeysetFallback] walk,
	// skip/limit requests after a fallback included.
	Sorted bool
}

// Page is the answer of a [FetchFunc]: the items of one page, as the server
// sent them, and those it could not decode.
type Page[T any] struct {
	// Items are the items decoded, in the order sent.
	Items []T
	// IDs, if not nil, holds the key (the _id) of each item of Items, at
	// the same index; "" for an item without one. A keyset walk needs
	// them; a skip/limit walk uses them to catch repeats.
	IDs []string
	// Errors are the items that could not be decoded, by increasing
	// Index. Together with Items they are the first len(Items) +
	// len(Errors) items sent, in order.
	Errors []*ItemError
	// Sent is the number of items the server sent. If 0, it is
	// len(Items) + len(Errors). It may be more only when that is at least
	// the limit asked for: a decoder may stop past the limit. A page of
	// more items than the limit is cut to the limit (and logged at warn).
	Sent int
}

// ItemError is an item of a page that could not be decoded. Its place in
// the walk is kept: the cursor and skip count it as an item.
type ItemError struct {
	// Index is the item's position in its page, from 0, as the server
	// sent it.
	Index int
	// ID is the item's key (its _id) if it could be read, or "".
	ID string
	// Err says what was wrong (the field and the reason).
	Err error
}

func (e *ItemError) Error() string {
	if e.ID == "" {
		return fmt.Sprintf("pager: item %d of the page: %v", e.Index, e.Err)
	}
	return fmt.Sprintf("pager: item %d (id %s) of the page: %v", e.Index, e.ID, e.Err)
}

// Unwrap returns Err.
func (e *ItemError) Unwrap() error { return e.Err }

// FetchFunc fetches one page of a collection, as req says, in a stable
// order. A page shorter than req.Limit means the collection ends there.
// Returning Done, or an error wrapping it, also ends the collection,
// without error. An error wrapping [ErrKeysetUnsupported] answers a keyset
// request whose cursor the server refused. It should return promptly once
// ctx is done.
type FetchFunc[T any] func(ctx context.Context, req Request) (Page[T], error)

// Options configures a Pager. The zero value walks the whole collection
// from its start by skip/limit, [DefaultPageSize] items per request,
// without prefetch and without logging.
type Options struct {
	// Mode is how the walk pages; the zero value is SkipLimit.
	Mode Mode

	// PageSize is the number of items requested per fetch (the limit).
	// If 0, [DefaultPageSize] is used. Negative or above [MaxPageSize] is an
	// error.
	PageSize int

	// Max caps the total number of items a walk returns (item errors
	// count as items). Once Max items have been returned, no further
	// fetch is made, and the last fetch requests only the items still
	// needed. If 0, there is no cap. Negative is an error.
	Max int

	// Offset is the skip of the first fetch: the number of items passed
	// over at the start of the collection. If 0, the walk starts at the
	// first item. Negative, or not 0 with a keyset Mode, is an error. A
	// walk whose position would pass math.MaxInt ends with an error
	// rather than wrap.
	Offset int

	// Prefetch, if true, makes [Pager.All] and [Pager.Pages] fetch page k+1 in a
	// goroutine while the caller consumes page k. When the loop ends, by
	// any means, it returns at once: no fetch is started after that, and a
	// fetch in flight finishes in the background (so that its connection
	// can be reused), canceled if it is still running PrefetchGrace after
	// the loop ended; its page is discarded. The goroutine thus outlives
	// the loop by at most PrefetchGrace plus the time the [FetchFunc]
	// takes to return once its ctx is done.
	//
	// A panic in the FetchFunc before the loop ends is raised again in
	// the caller's goroutine, when the loop ends (unless the loop body is
	// panicking itself). A panic after it, which no caller can receive,
	// is recovered and logged at error level to Logger, or to
	// slog.Default() if Logger is nil. If Prefetch is false, no goroutine
	// is started. [Pager.NextPage] never prefetches.
	Prefetch bool

	// PrefetchGrace bounds how long the page being fetched ahead when a
	// loop ends may go on before it is canceled; the loop does not wait
	// for it. If 0, DefaultPrefetchGrace. Negative is an error.
	PrefetchGrace time.Duration

	// Logger receives a warn record when a page longer than the limit is
	// cut, when a skip/limit page repeats items of the previous one, and
	// when a [KeysetFallback] walk falls back, and an error record when a
	// page fetched ahead panics after its loop ended (see Prefetch). If
	// nil, only the last is logged, to slog.Default().
	Logger *slog.Logger

	// OnFallback, if not nil, is called once per walk that falls back
	// from keyset to skip/limit, with the reason, from the goroutine that
	// fetches. The Pager itself also remembers it: its later walks start
	// by skip/limit.
	OnFallback func(reason error)

	// FallenBack, with [KeysetFallback], starts every walk by skip/limit
	// sorted by key, as a walk that has fallen back goes on: for a caller
	// that remembers a fallback beyond one Pager. Ignored in other modes.
	FallenBack bool
}

// Pager walks one collection. Create it with [New]; the zero Pager is not
// usable.
//
// [Pager.All], [Pager.Pages] and [Pager.Collect] each walk the collection afresh from
// [Options.Offset] and are safe for concurrent use if the [FetchFunc] is.
// [Pager.NextPage] keeps its own position and is not safe for concurrent use.
type Pager[T any] struct {
	fetch    FetchFunc[T]
	opts     Options     // validated, PageSize and PrefetchGrace resolved
	fellBack atomic.Bool // a walk fell back: later walks start by skip/limit
	cur      walk[T]     // position of NextPage
}

// New returns a Pager that fetches pages with fetch. opts is copied; the
// Pager never changes the caller's value. New returns an error if fetch is
// nil or a field of opts is out of range.
func New[T any](fetch FetchFunc[T], opts Options) (*Pager[T], error) {
	if fetch == nil {
		return nil, errors.New("pager: nil FetchFunc")
	}
	if err := opts.validate(); err != nil {
		return nil, err
	}
	if opts.PageSize == 0 {
		opts.PageSize = DefaultPageSize
	}
	if opts.PrefetchGrace == 0 {
		opts.PrefetchGrace = DefaultPrefetchGrace
	}
	p := &Pager[T]{fetch: fetch, opts: opts}
	p.cur = p.start()
	return p, nil
}

func (o Options) validate() error {
	switch {
	case o.Mode < SkipLimit || o.Mode > KeysetFallback:
		return fmt.Errorf("pager: unknown mode %v", o.Mode)
	case o.PageSize < 0:
		return fmt.Errorf("pager: page size %d is below 1 (0 means DefaultPageSize)", o.PageSize)
	case o.PageSize > MaxPageSize:
		return fmt.Errorf("pager: page size %d is above MaxPageSize (%d)", o.PageSize, MaxPageSize)
	case o.Max < 0:
		return fmt.Errorf("pager: max %d is negative (0 means no cap)", o.Max)
	case o.Offset < 0:
		return fmt.Errorf("pager: offset %d is negative", o.Offset)
	case o.Offset > 0 && o.Mode != SkipLimit:
		return fmt.Errorf("pager: offset %d with mode %v; a keyset walk starts at the first item", o.Offset, o.Mode)
	case o.PrefetchGrace < 0:
		return fmt.Errorf("pager: prefetch grace %v is negative (0 means DefaultPrefetchGrace)", o.PrefetchGrace)
	}
	return nil
}

// FellBack reports whether the walks of p, a [KeysetFallback] Pager, page
// by skip/limit: a walk fell back, or [Options.FallenBack] is set. Such a
// walk is not exact: an item deleted behind it shifts the later ones back
// by one, and the walk misses one of them (it never yields an item twice).
// A job that must see every item can walk again, or walk with [Keyset] to
// get an error instead. It is false for the other modes, which do as
// they were asked. The log and [Options.OnFallback] tell the same.
func (p *Pager[T]) FellBack() bool {
	return p.opts.Mode == KeysetFallback && (p.opts.FallenBack || p.fellBack.Load())
}

// start returns a walk positioned at the beginning of the collection.
func (p *Pager[T]) start() walk[T] {
	left := -1
	if p.opts.Max > 0 {
		left = p.opts.Max
	}
	w := walk[T]{p: p, skip: p.opts.Offset, left: left}
	switch {
	case p.opts.Mode == SkipLimit:
	case p.FellBack():
		w.sorted = true
	default:
		w.keyset, w.sorted = true, true
	}
	return w
}
