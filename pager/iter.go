package pager

import (
	"context"
	"errors"
	"iter"
)

// All returns an iterator over the items of the collection, one fetch per
// page. Each range over the iterator walks the collection afresh from
// [Options.Offset], independently of [Pager.NextPage] and of other ranges.
//
// The walk stops after the first page shorter than the limit requested,
// once [Options.Max] items have been yielded, or when the loop breaks; no
// fetch is made after that. ctx is checked before every fetch; a nil
// ctx is an error, yielded at once.
//
// An item the fetch could not decode is yielded at its place as the zero
// T and its *ItemError, and the walk goes on if the loop does. Any other
// error, from the fetch, ctx.Err() or the walk's checks, is yielded once
// with the zero T, and the iteration ends.
//
// The walk keeps no more than the page it is yielding (and, with
// Prefetch, the next one).
func (p *Pager[T]) All(ctx context.Context) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		p.batches(ctx, func(b batch[T], err error) bool {
			if err != nil {
				yield(zero, err)
				return false
			}
			return b.each(func(v T, ie *ItemError) bool {
				if ie != nil {
					return yield(zero, ie)
				}
				return yield(v, nil)
			})
		})
	}
}

// each calls f with the items of b and its item errors in their places,
// until f returns false, and reports whether it never did.
func (b batch[T]) each(f func(T, *ItemError) bool) bool {
	var zero T
	from := 0
	for k, ie := range b.errs {
		for _, v := range b.items[from:b.at[k]] {
			if !f(v, nil) {
				return false
			}
		}
		from = b.at[k]
		if !f(zero, ie) {
			return false
		}
	}
	for _, v := range b.items[from:] {
		if !f(v, nil) {
			return false
		}
	}
	return true
}

// Pages returns an iterator over the pages of the collection, with the
// walk and stop rules of All. A page belongs to the caller. A page that
// holds items the fetch could not decode is yielded with its good items
// (maybe none) and its *ItemError values joined, and the walk goes on if
// the loop does; otherwise a page is never empty and comes with a nil
// error. Any other error is yielded once with a nil page, and the
// iteration ends.
func (p *Pager[T]) Pages(ctx context.Context) iter.Seq2[[]T, error] {
	return func(yield func([]T, error) bool) {
		p.batches(ctx, func(b batch[T], err error) bool {
			if err != nil {
				yield(nil, err)
				return false
			}
			return yield(b.items, b.err())
		})
	}
}

// batches walks the collection afresh, calling yield with each batch
// until yield returns false or the walk ends; an error is passed once,
// last.
func (p *Pager[T]) batches(ctx context.Context, yield func(batch[T], error) bool) {
	w := p.start()
	if ctx == nil {
		yield(batch[T]{}, errNilContext)
		return
	}
	if p.opts.Prefetch {
		prefetch(ctx, &w, p.opts.PrefetchGrace, p.opts.Logger, yield)
		return
	}
	for {
		b, err := w.next(ctx)
		if errors.Is(err, Done) {
			return
		}
		if !yield(b, err) || err != nil {
			return
		}
	}
}

// Collect returns all the items of the collection, walking it as [Pager.All] does,
// and the item errors of the walk joined, or nil. On any other error it
// returns the items fetched before the error, and that error alone.
func (p *Pager[T]) Collect(ctx context.Context) ([]T, error) {
	var items []T
	var itemErrs []error
	var fatal error
	p.batches(ctx, func(b batch[T], err error) bool {
		if err != nil {
			fatal = err
			return false
		}
		items = append(items, b.items...)
		for _, ie := range b.errs {
			itemErrs = append(itemErrs, ie)
		}
		return true
	})
	if fatal != nil {
		return items, fatal
	}
	return items, errors.Join(itemErrs...)
}

// NextPage returns the next page of the pager's own walk, which starts at
// [Options.Offset] and is independent of [Pager.All] and [Pager.Pages], and the *[ItemError]
// values of its undecodable items joined, or nil; the page holds only
// the good items and is otherwise never empty. After the last page, and
// once [Options.Max] items have been returned, it returns nil and Done
// without fetching. It returns ctx.Err() if ctx is done. On any other
// error it returns that error and keeps its position, so the next call
// fetches the same page again.
//
// NextPage never prefetches and is not safe for concurrent use with itself or [Pager.Reset].
func (p *Pager[T]) NextPage(ctx context.Context) ([]T, error) {
	b, err := p.cur.next(ctx)
	if err != nil {
		return nil, err
	}
	return b.items, b.err()
}

// Reset moves [Pager.NextPage] back to [Options.Offset]. It is not safe for
// concurrent use with NextPage.
func (p *Pager[T]) Reset() {
	p.cur = p.start()
}
