package pager_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/pager"
	"go.uber.org/goleak"
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
// have returned.
func blockingFetch(returned *atomic.Int32, began chan<- struct{}) pager.FetchFunc[int] {
	return skipLimit(func(ctx context.Context, skip, limit int) ([]int, error) {
		defer returned.Add(1)
		if skip == 0 {
			return ints(0, limit), nil
		}
		began <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	})
}

func TestPrefetchStopsOnBreak(t *testing.T) {
	defer goleak.VerifyNone(t)
	var returned atomic.Int32
	began := make(chan struct{}, 1)
	// The fetch in flight never ends by itself: past the grace, it is
	// canceled and waited for.
	p := mustNew(t, blockingFetch(&returned, began), pager.Options{PageSize: 10, Prefetch: true, PrefetchGrace: time.Millisecond})
	for _, err := range p.All(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, began, "the second page to be fetched while the first is consumed")
		break
	}
	if got := returned.Load(); got != 2 {
		t.Errorf("fetches returned when the loop ended = %d, want 2: the in-flight one is canceled and waited for", got)
	}
}

// TestPrefetchBreakLetsFetchFinish checks that a break does not cancel
// the page being fetched ahead when it arrives within the grace: canceling
// an HTTP request closes its connection.
func TestPrefetchBreakLetsFetchFinish(t *testing.T) {
	defer goleak.VerifyNone(t)
	began, release := make(chan struct{}, 1), make(chan struct{})
	var canceled atomic.Bool
	var calls atomic.Int32
	fetch := func(ctx context.Context, r pager.Request) (pager.Page[int], error) {
		calls.Add(1)
		if r.Skip > 0 {
			began <- struct{}{}
			<-release // ignores ctx: a response on its way
			canceled.Store(ctx.Err() != nil)
		}
		return pager.Page[int]{Items: ints(r.Skip, r.Skip+r.Limit)}, nil
	}
	p := mustNew(t, fetch, pager.Options{PageSize: 10, Prefetch: true, PrefetchGrace: liveness})
	for _, err := range p.All(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, began, "the second page to be fetched while the first is consumed")
		go close(release) // the response arrives while the loop ends
		break
	}
	if canceled.Load() {
		t.Error("the fetch in flight was canceled at the break, within the grace")
	}
	if got := calls.Load(); got != 2 {
		t.Errorf("fetches = %d, want 2: none started after the break", got)
	}
}

func TestPrefetchStopsOnCancel(t *testing.T) {
	defer goleak.VerifyNone(t)
	var returned atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	began := make(chan struct{}, 1)
	p := mustNew(t, blockingFetch(&returned, began), pager.Options{PageSize: 10, Prefetch: true})
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
	p := mustNew(t, blockingFetch(&returned, make(chan struct{}, 1)), pager.Options{PageSize: 10, Prefetch: true})
	func() {
		defer func() {
			if r := recover(); r != "body<nil>" {
				t.Errorf("recover() = %v, want the loop body's panic", r)
			}
		}()
		for _, err := range p.All(context.Background()) {
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
