package pager

import (
	"context"
	"errors"
)

// result is a page, or the error that ended the walk, sent from the
// prefetching goroutine to the loop.
type result[T any] struct {
	page []T
	err  error
}

// prefetch runs the walk w with one goroutine fetching ahead: while yield
// consumes page k, page k+1 is fetched. When it returns, by any means, the
// goroutine has been stopped and has returned. A panic in the FetchFunc is
// re-raised in the caller's goroutine.
func prefetch[T any](ctx context.Context, w *walk[T], yield func([]T, error) bool) {
	ctx, cancel := context.WithCancel(ctx)
	pages := make(chan result[T]) // unbuffered: at most one page ahead
	stop := make(chan struct{})
	exited := make(chan struct{})
	var panicked any
	go func() {
		defer close(exited)
		defer func() { panicked = recover() }()
		produce(ctx, w, pages, stop)
	}()
	defer func() {
		close(stop)
		cancel()
		<-exited
		if panicked != nil {
			panic(panicked)
		}
	}()
	for r := range pages {
		if !yield(r.page, r.err) || r.err != nil {
			return
		}
	}
}

// produce sends the pages of w to out until the walk ends, an error has
// been sent, or stop is closed. stop, not ctx, ends it early, so that an
// error caused by the caller's ctx still reaches the loop.
func produce[T any](ctx context.Context, w *walk[T], out chan<- result[T], stop <-chan struct{}) {
	defer close(out)
	for {
		page, err := w.next(ctx)
		if errors.Is(err, Done) {
			return
		}
		select {
		case out <- result[T]{page, err}:
		case <-stop:
			return
		}
		if err != nil {
			return
		}
	}
}
