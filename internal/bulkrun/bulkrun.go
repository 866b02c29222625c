// Package bulkrun runs the rows of a bulk job (facade.Bulk): a pool of
// workers sends them, rows with one key are sent in input order, the
// input is read as it goes with a bounded window, and results come back
// in input order. It knows nothing of HTTP: the facade gives it the send
// of one row and counts the results.
package bulkrun

import (
	"context"
	"iter"
	"sync"
	"sync/atomic"
)

// Result is the outcome of one row: its index in the input, the row, and
// what sending it returned.
type Result[In, Out any] struct {
	Index  int
	Input  In
	Output Out
	Err    error
}

// Config is what a run needs besides its rows.
type Config[In, Out any] struct {
	// Concurrency is the number of workers, at least 1.
	Concurrency int
	// Window is how many rows per worker are read ahead of the oldest
	// row without a result: the bound of a run's memory.
	Window int
	// Key returns a row's key, "" for none: rows with one key are sent
	// one after the other, in input order.
	Key func(In) string
	// Send sends one row with the worker's context.
	Send func(ctx context.Context, in In) (Out, error)
	// StopOnError stops the run at the first row whose Send fails.
	StopOnError bool
	// NotAttempted returns the error of a row not sent because the run
	// stopped: cause is the context's error, or nil after StopOnError.
	NotAttempted func(cause error) error
	// Count, if not nil, is told every result, in input order, before
	// it is yielded, and also after the loop broke.
	Count func(Result[In, Out])
}

// Progress is the state of a run's rows at one moment.
type Progress struct {
	Read, Waiting, InFlight int // read so far; read, not started; being sent
	Done, Succeeded, Failed int // with a result, sent or not
}

// Tracker keeps a run's Progress; it is safe for concurrent use.
type Tracker struct {
	mu sync.Mutex
	p  Progress
}

// Progress returns the progress now.
func (t *Tracker) Progress() Progress {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.p
}

// step is a step of a row for [Tracker.advance].
type step int

const (
	stepRead    step = iota // read, waiting
	stepStarted             // being sent
	stepSent                // done after being sent
	stepSkipped             // done without being sent
)

// advance moves a row on: read (waiting), started (in flight) or done
// with err, started or not.
func (t *Tracker) advance(s step, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := &t.p
	switch s {
	case stepRead:
		p.Read++
		p.Waiting++
		return
	case stepStarted:
		p.Waiting--
		p.InFlight++
		return
	case stepSent:
		p.InFlight--
	case stepSkipped:
		p.Waiting--
	}
	p.Done++
	if err == nil {
		p.Succeeded++
	} else {
		p.Failed++
	}
}

// slot is one row read: a worker fills its outcome and closes done.
// prev, if not nil, is the row before it with the same key, which must
// be done before it is sent.
type slot[In, Out any] struct {
	res      Result[In, Out]
	key      string
	prev     *slot[In, Out]
	panicked any // what sending the row panicked with, or nil
	done     chan struct{}
}

// run is the state of one run, owned by the goroutine of the caller's
// loop.
type run[In, Out any] struct {
	cfg     *Config[In, Out]
	track   *Tracker
	ctx     context.Context // the workers'
	cancel  context.CancelFunc
	jobs    chan *slot[In, Out]
	pending []*slot[In, Out] // rows read, oldest first
	// last is the newest pending row of each key: only keys of pending
	// rows are kept.
	last    map[string]*slot[In, Out]
	stopped atomic.Bool // no further row is started
	broken  bool        // the caller's loop broke
	yield   func(Result[In, Out]) bool
}

// Run reads rows, sends them with cfg.Concurrency workers whose context
// is workerCtx (ctx, as the caller marked it) and yields their results in
// input order, tracking progress in track. When ctx ends, StopOnError
// sees a failure or yield returns false, no further row is read or
// started, rows in flight end with their context's error, and rows read
// but not started fail with cfg.NotAttempted. complete reports whether
// every row of the input was read; broken whether yield stopped the run.
// Every worker has ended when Run returns.
//
// A panic of cfg.Send stops the run and is raised again, with its value,
// in the caller's goroutine when the loop reaches that row (or after it
// broke), after every worker has ended.
func Run[In, Out any](ctx context.Context, markWorkers func(context.Context) context.Context, rows iter.Seq[In], cfg *Config[In, Out], track *Tracker, yield func(Result[In, Out]) bool) (complete, broken bool) {
	window := cfg.Concurrency * cfg.Window
	r := &run[In, Out]{cfg: cfg, track: track, jobs: make(chan *slot[In, Out], window), yield: yield, last: map[string]*slot[In, Out]{}}
	r.ctx, r.cancel = context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(r.jobs)
	defer r.cancel() // first: a panicking loop body stops the workers too
	workerCtx := markWorkers(r.ctx)
	for range cfg.Concurrency {
		wg.Go(func() { r.work(workerCtx) })
	}

	index, complete := 0, true
	for row := range rows {
		s := r.read(index, row)
		index++
		r.pending = append(r.pending, s)
		r.jobs <- s // never blocks: at most window rows are pending
		for len(r.pending) >= window {
			r.emit()
		}
		if r.stopping() {
			complete = false
			break
		}
	}
	for len(r.pending) > 0 {
		r.emit()
	}
	return complete, r.broken
}

// read returns the slot of row index, after the pending row with its key
// if there is one.
func (r *run[In, Out]) read(index int, row In) *slot[In, Out] {
	s := &slot[In, Out]{res: Result[In, Out]{Index: index, Input: row}, done: make(chan struct{})}
	if s.key = r.cfg.Key(row); s.key != "" {
		s.prev = r.last[s.key]
		r.last[s.key] = s
	}
	r.track.advance(stepRead, nil)
	return s
}

// stopping reports whether no further row is to be read: the run's
// context ended, StopOnError saw a failure, or the loop broke.
func (r *run[In, Out]) stopping() bool {
	return r.stopped.Load() || r.ctx.Err() != nil
}

// emit waits for the oldest pending row, counts it and yields it, unless
// the loop has broken.
func (r *run[In, Out]) emit() {
	s := r.pending[0]
	r.pending[0] = nil
	r.pending = r.pending[1:]
	<-s.done
	if r.last[s.key] == s {
		delete(r.last, s.key)
	}
	if s.panicked != nil {
		panic(s.panicked) // in the caller's goroutine; Run's defers stop the workers
	}
	if r.cfg.Count != nil {
		r.cfg.Count(s.res)
	}
	if r.broken {
		return
	}
	if !r.yield(s.res) {
		r.broken = true
		r.stopped.Store(true)
		r.cancel()
	}
}

// work runs the rows handed to it, with ctx, until the channel closes.
func (r *run[In, Out]) work(ctx context.Context) {
	for s := range r.jobs {
		if s.prev != nil {
			<-s.prev.done // taken from jobs before s: its worker finishes it
			s.prev = nil
		}
		if err := r.ctx.Err(); err != nil || r.stopped.Load() {
			s.res.Err = r.cfg.NotAttempted(err)
			r.track.advance(stepSkipped, s.res.Err)
		} else {
			r.send(ctx, s)
		}
		close(s.done)
	}
}

// send sends the row of s and fills its outcome. A panic of the user
// code it runs is kept in s, to be raised again by emit in the caller's
// goroutine, and stops the run.
func (r *run[In, Out]) send(ctx context.Context, s *slot[In, Out]) {
	defer func() {
		if p := recover(); p != nil {
			s.panicked = p
			r.stopped.Store(true)
			r.cancel()
		}
	}()
	r.track.advance(stepStarted, nil)
	s.res.Output, s.res.Err = r.cfg.Send(ctx, s.res.Input)
	r.track.advance(stepSent, s.res.Err)
	if s.res.Err != nil && r.cfg.StopOnError {
		r.stopped.Store(true)
	}
}
