package pager_test

import (
	"context"
	"testing"

	"github.com/leadfox-go/leadfox/pager"
)

// TestFellBackTellsTheCaller: a KeysetFallback Pager reports, after a walk
// that fell back to skip/limit, that its walks are no longer exact, so
// that a job can walk again; a walk the collection's keyset served whole
// does not, nor does a SkipLimit Pager; Options.FallenBack does from the
// start.
func TestFellBackTellsTheCaller(t *testing.T) {
	ctx := context.Background()
	p := mustNew(t, ignoreCursor(newCollection(25)), pager.Options{Mode: pager.KeysetFallback, PageSize: 10})
	if p.FellBack() {
		t.Errorf("FellBack() = true before any walk")
	}
	collect(t, p.All(ctx))
	if !p.FellBack() {
		t.Errorf("FellBack() = false after a walk that fell back to skip/limit")
	}
	exact := mustNew(t, newCollection(25).fetch, pager.Options{Mode: pager.KeysetFallback, PageSize: 10})
	collect(t, exact.All(ctx))
	if exact.FellBack() {
		t.Errorf("FellBack() = true after a walk the keyset served whole")
	}
	skip := mustNew(t, newCollection(25).fetch, pager.Options{PageSize: 10})
	collect(t, skip.All(ctx))
	if skip.FellBack() {
		t.Errorf("FellBack() = true for a SkipLimit Pager, which asked for skip/limit")
	}
	told := mustNew(t, newCollection(25).fetch, pager.Options{Mode: pager.KeysetFallback, FallenBack: true})
	if !told.FellBack() {
		t.Errorf("FellBack() = false with Options.FallenBack")
	}
}
