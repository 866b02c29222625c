package testsupport_test

import (
	"flag"
	"testing"

	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// runner is a test binary that exits with code.
type runner int

func (r runner) Run() int { return int(r) }

func TestScannedFailsOnLeaks(t *testing.T) {
	for _, tt := range []struct {
		name  string
		code  int
		leaks []string
		want  int
		scans int
	}{
		{"clean pass", 0, nil, 0, 1},
		{"pass with a leak", 0, []string{"the API key in \"x\""}, 1, 1},
		{"failed run is not scanned", 3, []string{"never looked at"}, 3, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			scans := 0
			m := testsupport.Scanned(runner(tt.code), func() []string { scans++; return tt.leaks })
			if got := m.Run(); got != tt.want || scans != tt.scans {
				t.Errorf("Run() = %d after %d scans, want %d after %d", got, scans, tt.want, tt.scans)
			}
		})
	}
}

// TestFullRunSeesTheRunFilter sets -run as go test would; the matcher
// of this run was built already, so the change affects nothing else.
func TestFullRunSeesTheRunFilter(t *testing.T) {
	f := flag.Lookup("test.run")
	old := f.Value.String()
	t.Cleanup(func() { _ = f.Value.Set(old) })
	for _, tt := range []struct {
		run  string
		want bool
	}{{"", true}, {"^TestScanned", false}} {
		if err := f.Value.Set(tt.run); err != nil {
			t.Fatal(err)
		}
		if got := testsupport.FullRun(); got != tt.want {
			t.Errorf("FullRun() with -run=%q = %v, want %v", tt.run, got, tt.want)
		}
	}
}
