package pager

import (
	"context"
	"errors"
)

// walk is the position of one pass over a collection: where the next fetch
// starts, how many items the cap still allows, and whether the pass is over.
type walk[T any] struct {
	fetch    FetchFunc[T]
	pageSize int
	skip     int
	left     int // items the cap still allows; -1 if there is no cap
	done     bool
}

// limit is the limit of the next fetch: the page size, or less when the cap
// needs fewer items.
func (w *walk[T]) limit() int {
	if w.left >= 0 && w.left < w.pageSize {
		return w.left
	}
	return w.pageSize
}

// next fetches the next page. It returns Done, without fetching, once the
// pass is over, and ctx.Err() if ctx is done. On any other error the
// position is unchanged, so a later call fetches the same page again.
// A page is never empty.
func (w *walk[T]) next(ctx context.Context) ([]T, error) {
	if w.done {
		return nil, Done
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	limit := w.limit()
	page, err := w.fetch(ctx, w.skip, limit)
	if errors.Is(err, Done) {
		w.done = true
		return nil, Done
	}
	if err != nil {
		return nil, err
	}
	if len(page) > limit {
		page = page[:limit:limit]
	}
	w.advance(len(page), limit)
	if len(page) == 0 {
		return nil, Done
	}
	return page, nil
}

// advance moves past a page of n items fetched with the given limit.
func (w *walk[T]) advance(n, limit int) {
	w.skip += n
	if w.left >= 0 {
		w.left -= n
	}
	w.done = n < limit || w.left == 0
}
