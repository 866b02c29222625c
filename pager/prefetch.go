package pager

import (
	"context"
	"errors"
	"time"
)

// result is a batch, or the error that ended the walk, sent from the
// prefetching goroutine to the loop.
type result[T any] struct {
	b   batch[T]
	err error
}

// prefetch runs the walk w with one goroutine fetching ahead: while yield
// consumes page k, page k+1 is fetched. When it returns, by any means, the
// goroutine has been stopped and has returned: a fetch in flight is given
// grace to finish, so that its connection goes back to the pool instead
// of being closed by a cancel, and is then canceled. A panic in the
// [FetchFunc] is re-raised in the caller's goroutine.
func prefetch[T any](ctx context.Context, w *walk[T], grace time.Duration, yield func(batch[T], error) bool) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
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
		finish(exited, grace, cancel)
		if panicked != nil {
			panic(panicked)
		}
	}()
	for r := range pages {
		if !yield(r.b, r.err) || r.err != nil {
			return
		}
	}
}

// finish waits for exited, canceling the fetch in flight if it takes
// longer than grace.
func finish(exited <-chan struct{}, grace time.Duration, cancel context.CancelFunc) {
	select {
	case <-exited:
		return
	default:
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-exited:
	case <-t.C:
		cancel()
		<-exited
	}
}

// produce sends the pages of w to out until the walk ends, an error has
// been sent, or stop is closed; it starts no fetch once stop is closed.
// stop, not ctx, ends it early, so that an error caused by the caller's
// ctx still reaches the loop.
func produce[T any](ctx context.Context, w *walk[T], out chan<- result[T], stop <-chan struct{}) {
	defer close(out)
	for {
		select {
		case <-stop:
			return
		default:
		}
		b, err := w.next(ctx)
		if errors.Is(err, Done) {
			return
		}
		select {
		case out <- result[T]{b, err}:
		case <-stop:
			return
		}
		if err != nil {
			return
		}
	}
}
