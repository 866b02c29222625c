// Package pager walks skip/limit collections page by page and item by item,
// with the standard iter.Seq2 iterators and optional prefetch of the next
// page. It knows nothing of Leadfox resources: a collection is any function
// that returns the items between skip and skip+limit.
//
// A collection ends at the first page shorter than the limit requested,
// which is how an API without a total count (a bare JSON array per page)
// says it has no more.
package pager

import (
	"context"
	"errors"
	"fmt"
)

// DefaultPageSize is the page size used when Options.PageSize is 0. It is
// the default limit of the Leadfox API.
const DefaultPageSize = 100

// Done is returned by Pager.NextPage when there are no more pages. Once
// NextPage returns Done, every later call returns Done. Compare with
// errors.Is.
//
//nolint:staticcheck // ST1012: named like google.golang.org/api/iterator.Done, which callers know.
var Done = errors.New("pager: no more pages")

// FetchFunc fetches the items of a collection from position skip, at most
// limit of them, in a stable order. A result shorter than limit means the
// collection ends there; items beyond limit are dropped. Returning Done, or
// an error wrapping it, also ends the collection, without error. It should
// return promptly once ctx is done. skip is >= 0 and limit >= 1.
type FetchFunc[T any] func(ctx context.Context, skip, limit int) ([]T, error)

// Options configures a Pager. The zero value walks the whole collection
// from its start, DefaultPageSize items per request, without prefetch.
type Options struct {
	// PageSize is the number of items requested per fetch (the limit).
	// If 0, DefaultPageSize is used. Negative is an error.
	PageSize int

	// Max caps the total number of items a walk returns. Once Max items
	// have been returned, no further fetch is made, and the last fetch
	// requests only the items still needed. If 0, there is no cap.
	// Negative is an error.
	Max int

	// Offset is the skip of the first fetch: the number of items passed
	// over at the start of the collection. If 0, the walk starts at the
	// first item. Negative is an error.
	Offset int

	// Prefetch, if true, makes All and Pages fetch page k+1 in a
	// goroutine while the caller consumes page k. The goroutine never
	// outlives the loop: when the loop ends, by any means, its fetch is
	// canceled and waited for. If false, no goroutine is started.
	// NextPage never prefetches.
	Prefetch bool
}

// Pager walks one collection. Create it with New; the zero Pager is not
// usable.
//
// All, Pages and Collect each walk the collection afresh from
// Options.Offset and are safe for concurrent use if the FetchFunc is.
// NextPage keeps its own position and is not safe for concurrent use.
type Pager[T any] struct {
	fetch FetchFunc[T]
	opts  Options // validated, PageSize resolved
	cur   walk[T] // position of NextPage
}

// New returns a Pager that fetches pages with fetch. opts is copied; the
// Pager never changes the caller's value. New returns an error if fetch is
// nil or a field of opts is negative.
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
	p := &Pager[T]{fetch: fetch, opts: opts}
	p.cur = p.start()
	return p, nil
}

func (o Options) validate() error {
	switch {
	case o.PageSize < 0:
		return fmt.Errorf("pager: page size %d is below 1 (0 means DefaultPageSize)", o.PageSize)
	case o.Max < 0:
		return fmt.Errorf("pager: max %d is negative (0 means no cap)", o.Max)
	case o.Offset < 0:
		return fmt.Errorf("pager: offset %d is negative", o.Offset)
	}
	return nil
}

// start returns a walk positioned at the beginning of the collection.
func (p *Pager[T]) start() walk[T] {
	left := -1
	if p.opts.Max > 0 {
		left = p.opts.Max
	}
	return walk[T]{fetch: p.fetch, pageSize: p.opts.PageSize, skip: p.opts.Offset, left: left}
}
