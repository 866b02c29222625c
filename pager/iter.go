package pager

import (
	"context"
	"errors"
	"iter"
)

// All returns an iterator over the items of the collection, one fetch per
// page. Each range over the iterator walks the collection afresh from
// Options.Offset, independently of NextPage and of other ranges.
//
// The walk stops after the first page shorter than the limit requested,
// once Options.Max items have been yielded, or when the loop breaks; no
// fetch is made after that. ctx is checked before every fetch. An error,
// from the fetch or ctx.Err(), is yielded once with the zero T, and the
// iteration ends.
func (p *Pager[T]) All(ctx context.Context) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for page, err := range p.Pages(ctx) {
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, v := range page {
				if !yield(v, nil) {
					return
				}
			}
		}
	}
}

// Pages returns an iterator over the pages of the collection, with the
// walk and stop rules of All. A page is never empty and belongs to the
// caller. An error is yielded once with a nil page, and the iteration ends.
func (p *Pager[T]) Pages(ctx context.Context) iter.Seq2[[]T, error] {
	return func(yield func([]T, error) bool) {
		w := p.start()
		if p.opts.Prefetch {
			prefetch(ctx, &w, yield)
			return
		}
		for {
			page, err := w.next(ctx)
			if errors.Is(err, Done) {
				return
			}
			if !yield(page, err) || err != nil {
				return
			}
		}
	}
}

// Collect returns all the items of the collection, walking it as All does.
// On error it returns the items fetched before the error, and the error.
func (p *Pager[T]) Collect(ctx context.Context) ([]T, error) {
	var items []T
	for page, err := range p.Pages(ctx) {
		if err != nil {
			return items, err
		}
		items = append(items, page...)
	}
	return items, nil
}

// NextPage returns the next page of the pager's own walk, which starts at
// Options.Offset and is independent of All and Pages. The page is never
// empty. After the last page, and once Options.Max items have been
// returned, it returns nil and Done without fetching. It returns ctx.Err()
// if ctx is done. On any other error it returns the fetch's error and
// keeps its position, so the next call fetches the same page again.
//
// NextPage never prefetches and is not safe for concurrent use.
func (p *Pager[T]) NextPage(ctx context.Context) ([]T, error) {
	return p.cur.next(ctx)
}

// Reset moves NextPage back to Options.Offset. It is not safe for
// concurrent use with NextPage.
func (p *Pager[T]) Reset() {
	p.cur = p.start()
}
