package clocktest_test

import (
	"sync"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/clock"
	"github.com/leadfox-go/leadfox/clock/clocktest"
)

var (
	start             = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	_     clock.Clock = (*clocktest.Clock)(nil)
	_     clock.Clock = clock.System{}
)

// fired returns the value ch holds, and whether it holds one.
func fired(ch <-chan time.Time) (time.Time, bool) {
	select {
	case v := <-ch:
		return v, true
	default:
		return time.Time{}, false
	}
}

func TestAdvanceFiresDueWaitsInOrder(t *testing.T) {
	c := clocktest.New(start)
	late, early, later := c.After(3*time.Second), c.After(time.Second), c.After(10*time.Second)
	if _, ok := fired(early); ok {
		t.Fatal("After(1s) fired before the clock moved")
	}
	c.Advance(5 * time.Second)
	if got, ok := fired(early); !ok || !got.Equal(start.Add(time.Second)) {
		t.Errorf("After(1s) = %v, %v; want %v, true", got, ok, start.Add(time.Second))
	}
	if got, ok := fired(late); !ok || !got.Equal(start.Add(3*time.Second)) {
		t.Errorf("After(3s) = %v, %v; want %v, true", got, ok, start.Add(3*time.Second))
	}
	if _, ok := fired(later); ok || c.Pending() != 1 {
		t.Fatalf("After(10s) fired at +5s, or Pending = %d, want 1", c.Pending())
	}
	c.Set(start.Add(10 * time.Second))
	if _, ok := fired(later); !ok || c.Pending() != 0 {
		t.Errorf("After(10s) has not fired at +10s (Pending %d)", c.Pending())
	}
}

func TestAfterZeroOrNegativeFiresAtOnce(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Second} {
		c := clocktest.New(start)
		if got, ok := fired(c.After(d)); !ok || !got.Equal(start) {
			t.Errorf("After(%v) = %v, %v; want %v, true", d, got, ok, start)
		}
	}
}

func TestAdvanceNeverGoesBack(t *testing.T) {
	c := clocktest.New(start)
	c.Advance(-time.Hour)
	if !c.Now().Equal(start) {
		t.Errorf("Now after Advance(-1h) = %v, want %v", c.Now(), start)
	}
}

func TestAutoMovesByTheWait(t *testing.T) {
	c := clocktest.NewAuto(start)
	if got, ok := fired(c.After(3 * time.Second)); !ok || !got.Equal(start.Add(3*time.Second)) {
		t.Errorf("After(3s) = %v, %v; want %v, true", got, ok, start.Add(3*time.Second))
	}
	<-c.After(-time.Second)
	c.Advance(time.Minute)
	if got, want := c.Now(), start.Add(time.Minute+3*time.Second); !got.Equal(want) {
		t.Errorf("Now = %v, want %v", got, want)
	}
	if c.Waits() != 2 || c.Waited() != 3*time.Second {
		t.Errorf("Waits, Waited = %d, %v; want 2, 3s", c.Waits(), c.Waited())
	}
	if got := c.Durations(); len(got) != 2 || got[0] != 3*time.Second || got[1] != -time.Second {
		t.Errorf("Durations = %v, want [3s -1s]", got)
	}
}

// TestConcurrentUse is for -race: goroutines wait while others advance,
// and every wait fires once the clock has passed it.
func TestConcurrentUse(t *testing.T) {
	c := clocktest.New(start)
	const n = 50
	chans := make([]<-chan time.Time, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { chans[i] = c.After(time.Duration(i+1) * time.Millisecond) })
		wg.Go(func() { c.Advance(time.Millisecond); _ = c.Now() })
	}
	wg.Wait()
	c.Advance(n * time.Millisecond)
	for i, ch := range chans {
		if _, ok := fired(ch); !ok {
			t.Errorf("After(%dms) has not fired", i+1)
		}
	}
}

func TestInstantFiresWithoutMovingTime(t *testing.T) {
	c := clocktest.New(start)
	c.SetMode(clocktest.Instant)
	if got, ok := fired(c.After(time.Hour)); !ok || !got.Equal(start) {
		t.Errorf("After(1h) = %v, %v; want %v, true", got, ok, start)
	}
	if !c.Now().Equal(start) || c.Pending() != 0 {
		t.Errorf("Now, Pending after an instant wait = %v, %d; want %v, 0", c.Now(), c.Pending(), start)
	}
	c.Advance(time.Minute)
	if got, want := c.Now(), start.Add(time.Minute); !got.Equal(want) {
		t.Errorf("Now after Advance(1m) = %v, want %v", got, want)
	}
	if c.Waits() != 1 || c.Waited() != time.Hour {
		t.Errorf("Waits, Waited = %d, %v; want 1, 1h", c.Waits(), c.Waited())
	}
}

// TestSetModeKeepsPendingWaits: a wait asked in Manual mode stays pending
// after a switch to Auto, whose waits fire at once, until the clock is
// moved past it.
func TestSetModeKeepsPendingWaits(t *testing.T) {
	c := clocktest.NewAuto(start)
	c.SetMode(clocktest.Manual)
	held := c.After(time.Second)
	c.SetMode(clocktest.Auto)
	if got, ok := fired(c.After(2 * time.Second)); !ok || !got.Equal(start.Add(2*time.Second)) {
		t.Errorf("After(2s) in Auto mode = %v, %v; want %v, true", got, ok, start.Add(2*time.Second))
	}
	if _, ok := fired(held); ok || c.Pending() != 1 {
		t.Fatalf("the Manual wait fired on the switch, or Pending = %d, want 1", c.Pending())
	}
	c.Advance(0)
	if got, ok := fired(held); !ok || !got.Equal(start.Add(time.Second)) {
		t.Errorf("the Manual wait after the clock passed it = %v, %v; want %v, true", got, ok, start.Add(time.Second))
	}
}

// TestOnAfterRunsOnEveryWait: the hook sees each d, may use the clock,
// and is removed by nil.
func TestOnAfterRunsOnEveryWait(t *testing.T) {
	c := clocktest.New(start)
	var seen []time.Duration
	c.OnAfter(func(d time.Duration) {
		seen = append(seen, d)
		c.Advance(d) // the hook may move the clock: the wait it asked fires
	})
	ch := c.After(3 * time.Second)
	if got, ok := fired(ch); !ok || !got.Equal(start.Add(3*time.Second)) {
		t.Errorf("After(3s) with a hook that advances 3s = %v, %v; want %v, true", got, ok, start.Add(3*time.Second))
	}
	<-c.After(0)
	c.OnAfter(nil)
	c.After(time.Second)
	if len(seen) != 2 || seen[0] != 3*time.Second || seen[1] != 0 {
		t.Errorf("hook saw %v, want [3s 0s]", seen)
	}
}
