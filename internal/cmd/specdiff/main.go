// Command specdiff is make spec-diff: it compares the working
// openapi.yaml (with the working api/overlay.yaml) against the committed
// effective spec and prints one report:
//
//  1. the OpenAPI version and format read, old and new;
//  2. the overlay actions that no longer match the new spec, each with
//     the operations its target pinned;
//  3. the changelog of the effective spec, by oasdiff with the rules that
//     break a client raised to errors (api/oasdiff-levels.txt);
//  4. the wire facts the SDK writes by hand (server, auth scheme, error
//     body, page parameters) and the enum values without a Go name;
//  5. in a copy of the base revision with the new spec, the whole of go
//     generate, then the build of every package and the Go API difference
//     (apidiff) of the generated models, the facade and the fake;
//  6. the affected table: each changed operation, the facade methods that
//     send it (x-leadfox-methods of api/overlay.yaml), the model types it uses that changed,
//     the fake's handlers and the tests that name it.
//
// The last line is the verdict and agrees with the exit status: 0 and
// "not breaking" when no facade user's code, the facade or the fake must
// change; 1 and "BREAKING" otherwise; 3 and "spec-diff FAILED" when the
// tool itself failed (a git or tool error), which says nothing about the
// spec. It prints "no changes" and exits 0 when the effective spec is
// the committed one. It always records openapi.yaml's sha256 (and
// -source, if given) in api/SPEC_SOURCE. Run it from the module root.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// The exit statuses. A tool failure is not 2, which go run and make use
// for their own failures.
const (
	exitNotBreaking = 0
	exitBreaking    = 1
	exitFailed      = 3
)

func main() {
	source := flag.String("source", "", "where the new openapi.yaml came from, for api/SPEC_SOURCE (default: keep the recorded source)")
	base := flag.String("base", "HEAD", "the git revision to compare against")
	flag.Parse()
	r := &report{}
	err := run(r, *base, *source)
	line, code := r.verdict(err)
	fmt.Print(r.String() + line + "\n")
	os.Exit(code)
}

// report is the text of the report and the reasons it is breaking.
type report struct {
	strings.Builder
	reasons  []string // one per breaking finding, as "section: what"
	noChange bool
}

// printf adds text to the report, as fmt.Printf formats it.
func (r *report) printf(format string, a ...any) { fmt.Fprintf(&r.Builder, format, a...) }

// println adds a line to the report, as fmt.Println writes it.
func (r *report) println(a ...any) { fmt.Fprintln(&r.Builder, a...) }

// breaking records a breaking finding of section.
func (r *report) breaking(section, what string) {
	r.reasons = append(r.reasons, section+": "+what)
}

// verdict returns the last line of the report and the exit status: err is
// a failure of the tool.
func (r *report) verdict(err error) (string, int) {
	switch {
	case err != nil:
		return "\nspec-diff FAILED (the tool, not the spec; exit status 3): " + err.Error(), exitFailed
	case r.noChange:
		return "\nno changes", exitNotBreaking
	case len(r.reasons) > 0:
		return fmt.Sprintf("\nBREAKING (%s): fix what is flagged above before committing (CONTRIBUTING.md: \"When the vendor's spec changes\").",
			r.tally()), exitBreaking
	}
	return "\nnot breaking: run make generate, make test, and commit.", exitNotBreaking
}

// tally counts the breaking findings by section, in the order the
// sections first found one: "overlay 1, wire 2".
func (r *report) tally() string {
	var order []string
	count := map[string]int{}
	for _, reason := range r.reasons {
		section, _, _ := strings.Cut(reason, ": ")
		if count[section] == 0 {
			order = append(order, section)
		}
		count[section]++
	}
	parts := make([]string, len(order))
	for i, section := range order {
		parts[i] = fmt.Sprintf("%s %d", section, count[section])
	}
	return strings.Join(parts, ", ")
}

func (r *report) section(title string) {
	r.printf("\n## %s\n", title)
}
