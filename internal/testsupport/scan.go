package testsupport

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// A Runner runs a test binary's tests and returns its exit code, as
// *testing.M does.
type Runner interface{ Run() int }

// Scanned returns a Runner that runs m and, once every test has passed,
// calls scan: if scan returns lines (one per captured text that gives a
// credential away, or one saying the capture proves nothing), it prints
// them on stderr and returns 1. A failed run returns m's code without a
// scan. Hand it to goleak.VerifyTestMain to check for leaked goroutines
// too.
func Scanned(m Runner, scan func() []string) Runner { return scannedM{m, scan} }

type scannedM struct {
	m    Runner
	scan func() []string
}

func (s scannedM) Run() int {
	if code := s.m.Run(); code != 0 {
		return code
	}
	if leaks := s.scan(); len(leaks) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: credentials or tokens found in what the suite captured:\n%s\n", strings.Join(leaks, "\n"))
		return 1
	}
	return 0
}

// FullRun reports whether the test binary runs its whole suite, with no
// -run filter: then a scan may insist that the suite captured enough to
// prove anything.
func FullRun() bool {
	f := flag.Lookup("test.run")
	return f == nil || f.Value.String() == ""
}
