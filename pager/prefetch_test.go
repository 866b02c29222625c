package pager_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/leadfox-go/leadfox/internal/testsupport"
	"github.com/leadfox-go/leadfox/pager"
)

// liveness bounds how long a test waits for something that must happen, so
// that a broken prefetch fails the test instead of hanging it. It is not a
// timing assertion: a working pager never comes near it.
const liveness = 10 * time.Second

func TestPrefetchFetchesNextPageWhileConsuming(t *testing.T) {
	defer goleak.VerifyNone(t)
	started := make(chan int, 10) // skips of the fetches begun
	fetch := func(ctx context.Context, r pager.Request) (pager.Page[int], error) {
		started <- r.Skip
		return newCollection(30).fetch(ctx, r)
	}
	p := mustNew(t, fetch, pager.Options{PageSize: 10, Prefetch: true})
	want := 0
	for page, err := range p.Pages(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if got := <-started; got != want {
			t.Fatalf("fetch began at skip %d, want %d", got, want)
		}
		want += 10
		select {
		case got := <-started:
			if got != want {
				t.Fatalf("fetch began at skip %d, want %d", got, want)
			}
			started <- got // leave it for the next page
		case <-time.After(liveness):
			t.Fatalf("page at skip %d not fetched while page %v was consumed", want, page)
		}
	}
}

func TestNoGoroutineWithoutPrefetch(t *testing.T) {
	for _, tt := range []struct {
		prefetch   bool
		wantExtras bool
	}{{false, false}, {true, true}} {
		ignore := goleak.IgnoreCurrent()
		var extras error
		p := mustNew(t, newCollection(100).fetch, pager.Options{PageSize: 10, Prefetch: tt.prefetch})
		for _, err := range p.All(context.Background()) {
			if err != nil {
				t.Fatal(err)
			}
			extras = goleak.Find(ignore)
			break
		}
		if got := extras != nil; got != tt.wantExtras {
			t.Errorf("Prefetch=%v: goroutine beside the caller's in the loop = %v, want %v (%v)",
				tt.prefetch, got, tt.wantExtras, extras)
		}
	}
}

// waitFor waits for a value on ch, failing the test after liveness.
func waitFor(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(liveness):
		t.Fatalf("timed out waiting for %s", what)
	}
}

// blockingFetch serves one full page at skip 0 and blocks every later fetch
// until its ctx is done, after signaling began. It counts the fetches that
// have returned, and signals each on ended if it is not nil (give it room
// for every fetch).
func blockingFetch(returned *atomic.Int32, began, ended chan<- struct{}) pager.FetchFunc[int] {
	return skipLimit(func(ctx context.Context, skip, limit int) ([]int, error) {
		defer func() {
			returned.Add(1)
			if ended != nil {
				ended <- struct{}{}
			}
		}()
		if skip == 0 {
			return ints(0, limit), nil
		}
		began <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	})
}

// TestPrefetchStopsOnBreak checks that a fetch in flight at a break that
// never ends by itself is canceled once the grace has passed, after the
// loop has returned, and that nothing else is fetched.
func TestPrefetchStopsOnBreak(t *testing.T) {
	defer goleak.VerifyNone(t)
	var returned atomic.Int32
	began, ended := make(chan struct{}, 1), make(chan struct{}, 2)
	p := mustNew(t, blockingFetch(&returned, began, ended), pager.Options{PageSize: 10, Prefetch: true, PrefetchGrace: time.Millisecond})
	for _, err := range p.All(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, began, "the second page to be fetched while the first is consumed")
		break
	}
	awaitReturned(t, ended, &returned, 2)
}

// awaitReturned waits until n fetches of a blockingFetch have returned
// (signaled on ended): the one in flight when the loop ended is canceled
// once the grace is over. It fails the test after liveness.
func awaitReturned(t *testing.T, ended <-chan struct{}, returned *atomic.Int32, n int32) {
	t.Helper()
	for range n {
		waitFor(t, ended, "the fetch in flight to be canceled after the grace")
	}
	if got := returned.Load(); got != n {
		t.Errorf("fetches returned = %d, want %d", got, n)
	}
}

// heldFetch serves one full page at skip 0 and holds every later fetch,
// after signaling began, until release is closed, ignoring ctx as a
// response already on its way does; it then reports on finished whether
// its ctx had been canceled, and returns a full page, or panics with
// panicWith if it is not nil.
func heldFetch(began chan<- struct{}, release <-chan struct{}, finished chan<- bool, panicWith any) pager.FetchFunc[int] {
	return func(ctx context.Context, r pager.Request) (pager.Page[int], error) {
		if r.Skip > 0 {
			began <- struct{}{}
			<-release
			finished <- ctx.Err() != nil
			if panicWith != nil {
				panic(panicWith)
			}
		}
		return pager.Page[int]{Items: ints(r.Skip, r.Skip+r.Limit)}, nil
	}
}

// breakAfterFirst runs a loop over p.All that breaks at the first item,
// once the second page is in flight, in a goroutine, and returns a
// channel closed when the loop has returned.
func breakAfterFirst(t *testing.T, p *pager.Pager[int], began <-chan struct{}) <-chan struct{} {
	t.Helper()
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		for _, err := range p.All(context.Background()) {
			if err != nil {
				t.Error(err)
			}
			<-began
			break
		}
	}()
	return returned
}

// awaitReturn waits for the loop of breakAfterFirst to return, failing
// the test after liveness.
func awaitReturn(t *testing.T, returned <-chan struct{}) {
	t.Helper()
	select {
	case <-returned:
	case <-time.After(liveness):
		t.Error("the loop did not return at the break while the page fetched ahead was in flight")
	}
}

// TestPrefetchBreakReturnsBeforeFetchEnds checks that a break returns at
// once, while the page fetched ahead is still in flight, and that the
// fetch is then let finish, not canceled, within the grace (an hour here,
// so the loop must not wait for it).
func TestPrefetchBreakReturnsBeforeFetchEnds(t *testing.T) {
	defer goleak.VerifyNone(t)
	began, release, finished := make(chan struct{}), make(chan struct{}), make(chan bool, 1)
	p := mustNew(t, heldFetch(began, release, finished, nil), pager.Options{PageSize: 10, Prefetch: true, PrefetchGrace: time.Hour})
	returned := breakAfterFirst(t, p, began)
	awaitReturn(t, returned)
	close(release)
	if canceled := <-finished; canceled {
		t.Error("the fetch in flight at the break was canceled within the grace")
	}
	<-returned
}

// TestPrefetchPanicAfterBreakIsLogged checks that a fetch that panics
// after the loop has returned does not crash the process: the panic is
// recovered and logged at error level with its value.
func TestPrefetchPanicAfterBreakIsLogged(t *testing.T) {
	defer goleak.VerifyNone(t)
	logged := make(chan string, 1)
	logs := &testsupport.LogRecorder{OnRecord: func(line string) { logged <- line }}
	began, release, finished := make(chan struct{}), make(chan struct{}), make(chan bool, 1)
	p := mustNew(t, heldFetch(began, release, finished, "fetch exploded"),
		pager.Options{PageSize: 10, Prefetch: true, PrefetchGrace: time.Hour, Logger: slog.New(logs)})
	returned := breakAfterFirst(t, p, began)
	awaitReturn(t, returned)
	close(release)
	<-finished
	<-returned
	select {
	case line := <-logged:
		if !strings.Contains(line, "ERROR") || !strings.Contains(line, "fetch exploded") {
			t.Errorf("log record = %q, want an error record with the panic's value", line)
		}
	case <-time.After(liveness):
		t.Error("the panic of a fetch after the loop returned was not logged")
	}
}

func TestPrefetchStopsOnCancel(t *testing.T) {
	defer goleak.VerifyNone(t)
	var returned atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	began := make(chan struct{}, 1)
	p := mustNew(t, blockingFetch(&returned, began, nil), pager.Options{PageSize: 10, Prefetch: true})
	var errs []error
	for v, err := range p.All(ctx) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if v == 0 {
			waitFor(t, began, "the second page to be fetched while the first is consumed")
			cancel()
		}
	}
	if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("errors = %v, want [context.Canceled]", errs)
	}
	if got := returned.Load(); got != 2 {
		t.Errorf("fetches returned = %d, want 2", got)
	}
}

func TestPrefetchStopsWhenLoopBodyPanics(t *testing.T) {
	defer goleak.VerifyNone(t)
	var returned atomic.Int32
	began, ended := make(chan struct{}, 1), make(chan struct{}, 2)
	p := mustNew(t, blockingFetch(&returned, began, ended), pager.Options{PageSize: 10, Prefetch: true, PrefetchGrace: time.Millisecond})
	defer awaitReturned(t, ended, &returned, 2)
	func() {
		defer func() {
			if r := recover(); r != "body<nil>" {
				t.Errorf("recover() = %v, want the loop body's panic", r)
			}
		}()
		for _, err := range p.All(context.Background()) {
			waitFor(t, began, "the second page to be fetched while the first is consumed")
			panic(fmt.Sprint("body", err))
		}
	}()
}

func TestPrefetchReraisesFetchPanic(t *testing.T) {
	defer goleak.VerifyNone(t)
	fetch := func(_ context.Context, skip, limit int) ([]int, error) {
		if skip > 0 {
			panic("fetch")
		}
		return ints(0, limit), nil
	}
	p := mustNew(t, skipLimit(fetch), pager.Options{PageSize: 10, Prefetch: true})
	defer func() {
		if r := recover(); r != "fetch" {
			t.Errorf("recover() = %v, want the fetch's panic in the caller's goroutine", r)
		}
	}()
	for _, err := range p.All(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Error("All() returned normally after the fetch panicked")
}
