package bulkrun

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a worker behind.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

var errNotAttempted = errors.New("not attempted")

// config returns a run of 4 workers that sends with send; rows are keyed
// by their value modulo 3 when keyed.
func config(send func(context.Context, int) (string, error), keyed bool) *Config[int, string] {
	key := func(int) string { return "" }
	if keyed {
		key = func(i int) string { return strconv.Itoa(i % 3) }
	}
	return &Config[int, string]{
		Concurrency: 4, Window: 2, Key: key, Send: send,
		NotAttempted: func(cause error) error { return fmt.Errorf("%w: %w", errNotAttempted, cause) },
	}
}

func same(ctx context.Context) context.Context { return ctx }

// rows returns the rows 0..n-1.
func rows(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// Results come back in input order whatever order the workers finish
// in, and every row is counted.
func TestRunYieldsInInputOrder(t *testing.T) {
	var counted []int
	cfg := config(func(_ context.Context, i int) (string, error) { return strconv.Itoa(i), nil }, false)
	cfg.Count = func(r Result[int, string]) { counted = append(counted, r.Index) }
	var got []int
	var tr Tracker
	complete, broken := Run(t.Context(), same, rows(100), cfg, &tr, func(r Result[int, string]) bool {
		if r.Output != strconv.Itoa(r.Input) {
			t.Errorf("row %d: output %q", r.Input, r.Output)
		}
		got = append(got, r.Index)
		return true
	})
	if !complete || broken {
		t.Errorf("complete %v, broken %v, want true, false", complete, broken)
	}
	if want := slices.Collect(rows(100)); !slices.Equal(got, want) || !slices.Equal(counted, want) {
		t.Errorf("yielded %v, counted %v, want 0..99 in order", got, counted)
	}
	if p := tr.Progress(); p != (Progress{Read: 100, Done: 100, Succeeded: 100}) {
		t.Errorf("progress at the end = %+v", p)
	}
}

// Rows with one key are never in flight together, and are sent in input
// order.
func TestRunSendsOneKeyInOrder(t *testing.T) {
	var mu sync.Mutex
	inFlight := map[string]bool{}
	var sent []int
	cfg := config(func(_ context.Context, i int) (string, error) {
		k := strconv.Itoa(i % 3)
		mu.Lock()
		if inFlight[k] {
			t.Errorf("row %d sent while another row of key %s was in flight", i, k)
		}
		inFlight[k] = true
		sent = append(sent, i)
		mu.Unlock()
		runtime.Gosched() // let another worker try the key meanwhile
		mu.Lock()
		inFlight[k] = false
		mu.Unlock()
		return "", nil
	}, true)
	Run(t.Context(), same, rows(300), cfg, &Tracker{}, func(Result[int, string]) bool { return true })
	last := map[int]int{0: -1, 1: -1, 2: -1}
	for _, i := range sent {
		if i < last[i%3] {
			t.Fatalf("row %d sent after row %d of its key", i, last[i%3])
		}
		last[i%3] = i
	}
}

// Breaking the loop stops reading and sending; rows read but not started
// fail with NotAttempted and are counted, not yielded.
func TestRunBreakStops(t *testing.T) {
	var sent sync.Map
	cfg := config(func(_ context.Context, i int) (string, error) { sent.Store(i, true); return "", nil }, false)
	counted := 0
	cfg.Count = func(Result[int, string]) { counted++ }
	yielded := 0
	complete, broken := Run(t.Context(), same, rows(1000), cfg, &Tracker{}, func(Result[int, string]) bool {
		yielded++
		return yielded < 3
	})
	if complete || !broken || yielded != 3 {
		t.Errorf("complete %v, broken %v, yielded %d, want false, true, 3", complete, broken, yielded)
	}
	if counted > 3+cfg.Concurrency*cfg.Window+1 {
		t.Errorf("%d rows counted after a break at the third, want at most the window", counted)
	}
}

// A panic of Send is raised again in the caller's goroutine, after every
// worker has ended (goleak checks the rest).
func TestRunPanicReachesTheCaller(t *testing.T) {
	cfg := config(func(_ context.Context, i int) (string, error) {
		if i == 5 {
			panic("boom")
		}
		return "", nil
	}, false)
	defer func() {
		if p := recover(); p != "boom" {
			t.Errorf("recovered %v, want the row's panic", p)
		}
	}()
	Run(t.Context(), same, rows(50), cfg, &Tracker{}, func(Result[int, string]) bool { return true })
	t.Error("Run returned after a row panicked")
}

// A context that ends stops the run: rows not started fail with
// NotAttempted wrapping its error, and the workers see the marked
// context.
func TestRunContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	type mark struct{}
	cfg := config(func(ctx context.Context, i int) (string, error) {
		if ctx.Value(mark{}) == nil {
			t.Errorf("row %d sent without the workers' mark", i)
		}
		if i == 2 {
			cancel()
		}
		return "", ctx.Err()
	}, false)
	cfg.Concurrency = 1
	notAttempted := 0
	complete, _ := Run(ctx, func(ctx context.Context) context.Context { return context.WithValue(ctx, mark{}, true) },
		rows(100), cfg, &Tracker{}, func(r Result[int, string]) bool {
			if errors.Is(r.Err, errNotAttempted) {
				notAttempted++
			}
			return true
		})
	if complete || notAttempted == 0 {
		t.Errorf("complete %v, %d rows not attempted, want false and some", complete, notAttempted)
	}
}
