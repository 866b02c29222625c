package facadetest

import (
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	c := NewClock(start)
	select {
	case got := <-c.After(3 * time.Second):
		if want := start.Add(3 * time.Second); !got.Equal(want) {
			t.Errorf("After sent %v, want %v", got, want)
		}
	default:
		t.Fatal("After(3s) has not fired at once")
	}
	<-c.After(-time.Second)
	c.Advance(time.Minute)
	c.Advance(-time.Hour)
	if got, want := c.Now(), start.Add(time.Minute+3*time.Second); !got.Equal(want) {
		t.Errorf("Now = %v, want %v", got, want)
	}
	if c.Waits() != 2 || c.Waited() != 3*time.Second {
		t.Errorf("Waits, Waited = %d, %v; want 2, 3s", c.Waits(), c.Waited())
	}
}
