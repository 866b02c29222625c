package pager

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"
)

// result is a batch, or the error that ended the walk, sent from the
// prefetching goroutine to the loop.
type result[T any] struct {
	b   batch[T]
	err error
}

// A producer is the goroutine that fetches ahead for one loop, and what
// the loop and it share.
type producer[T any] struct {
	pages  chan result[T] // unbuffered: at most one page ahead; closed when the goroutine ends
	stop   chan struct{}  // closed when the loop has ended: no fetch is started after it
	cancel context.CancelFunc
	log    *slog.Logger // where a panic the loop no longer waits for goes; nil: slog.Default()

	mu       sync.Mutex
	left     bool        // the loop has ended; guarded by mu
	exited   bool        // the goroutine has ended; guarded by mu
	panicked any         // a panic of the fetch, recovered before the loop ended; guarded by mu
	grace    *time.Timer // cancels the fetch in flight once the grace is over; guarded by mu
}

// prefetch runs the walk w with one goroutine fetching ahead: while yield
// consumes page k, page k+1 is fetched. When the loop ends, by any means,
// prefetch returns at once, without waiting for the network: a fetch in
// flight goes on in the background, so that its connection goes back to
// the pool instead of being closed by a cancel, for at most grace; it is
// then canceled, and its page is discarded either way. No fetch is
// started after the loop has ended.
//
// A panic in the [FetchFunc] that happens before the loop ends is
// re-raised in the caller's goroutine (unless the loop body is itself
// panicking, whose panic goes on); one that happens after, when nobody
// waits for its page, is recovered and logged at error level, with its
// value and stack, to log, or to slog.Default() if log is nil.
func prefetch[T any](ctx context.Context, w *walk[T], grace time.Duration, log *slog.Logger, yield func(batch[T], error) bool) {
	p := &producer[T]{pages: make(chan result[T]), stop: make(chan struct{}), log: log}
	ctx, p.cancel = context.WithCancel(ctx)
	go p.run(ctx, w)
	ended := false // false after the deferred call only if the loop body panicked
	defer func() { p.leave(grace, ended) }()
	for r := range p.pages {
		if !yield(r.b, r.err) || r.err != nil {
			break
		}
	}
	ended = true
}

// run sends the pages of w until the walk ends or the loop has ended. A
// panic of the fetch is recovered before pages is closed, so that a loop
// that sees the close sees the panic too.
func (p *producer[T]) run(ctx context.Context, w *walk[T]) {
	defer p.exit()
	defer close(p.pages)
	defer func() {
		if v := recover(); v != nil {
			p.caught(ctx, v)
		}
	}()
	produce(ctx, w, p.pages, p.stop)
}

// caught hands v, a panic of the fetch, to the loop if it has not ended,
// and otherwise logs it.
func (p *producer[T]) caught(ctx context.Context, v any) {
	p.mu.Lock()
	left := p.left
	if !left {
		p.panicked = v
	}
	p.mu.Unlock()
	if left {
		p.report(ctx, v)
	}
}

// exit releases what the goroutine held once it has ended: its context
// and the grace timer.
func (p *producer[T]) exit() {
	p.mu.Lock()
	p.exited = true
	if p.grace != nil {
		p.grace.Stop()
	}
	p.mu.Unlock()
	p.cancel()
}

// leave ends the loop's side without waiting for the goroutine: it stops
// the producer, bounds a fetch in flight by grace, and re-raises a panic
// of the fetch caught before, unless the loop body is panicking (ended
// false), in which case the fetch's panic is logged.
func (p *producer[T]) leave(grace time.Duration, ended bool) {
	close(p.stop)
	p.mu.Lock()
	p.left = true
	v := p.panicked
	if !p.exited {
		p.grace = time.AfterFunc(grace, p.cancel)
	}
	p.mu.Unlock()
	switch {
	case v == nil:
	case ended:
		panic(v)
	default:
		p.report(context.Background(), v)
	}
}

// report logs v, a panic of the fetch that no caller will see, as an
// error. A logger that panics in turn is ignored: there is nowhere left
// to report to, and the process must not crash for it.
func (p *producer[T]) report(ctx context.Context, v any) {
	defer func() { _ = recover() }()
	l := p.log
	if l == nil {
		l = slog.Default()
	}
	l.LogAttrs(ctx, slog.LevelError, "pager: the page fetched ahead panicked after the loop ended; the panic is recovered",
		slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
}

// produce sends the pages of w to out until the walk ends, an error has
// been sent, or stop is closed; it starts no fetch once stop is closed.
// stop, not ctx, ends it early, so that an error caused by the caller's
// ctx still reaches the loop.
func produce[T any](ctx context.Context, w *walk[T], out chan<- result[T], stop <-chan struct{}) {
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
