package leadfox_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/facade"
)

// readmeUsageMarker precedes, in README.md, the go block that must be the
// body of the example named after it.
const readmeUsageMarker = "<!-- usage: facade/example_readme_test.go ExampleNewFromEnv -->"

// TestReadmeUsageIsExample fails when the README's usage example drifts
// from ExampleNewFromEnv, which the compiler checks.
func TestReadmeUsageIsExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	got, err := readmeGoBlockAfter(string(readme), readmeUsageMarker)
	if err != nil {
		t.Fatal(err)
	}
	want, err := exampleBody("facade/example_readme_test.go", "ExampleNewFromEnv")
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("README.md's usage example differs from the body of ExampleNewFromEnv in facade/example_readme_test.go.\n"+
			"Fix: change both together; the README block must be the function body, one tab of indent removed.\n"+
			"README:\n%s\nexample:\n%s\nfirst difference at line %d", got, want, firstDiffLine(got, want))
	}
}

// TestReadmeStatesTheCommands fails when the README stops giving the two
// commands a newcomer runs from a clone: the main job and the checks CI
// runs.
func TestReadmeStatesTheCommands(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"go run ./examples/emailing", "make test"} {
		if !strings.Contains(string(readme), "\n"+cmd+" ") {
			t.Errorf("README.md does not give the command %q at the start of a line of a shell block", cmd)
		}
	}
}

// readmeGoBlockAfter returns the contents of the first ```go block that
// follows marker in md.
func readmeGoBlockAfter(md, marker string) (string, error) {
	_, rest, ok := strings.Cut(md, marker)
	if !ok {
		return "", fmt.Errorf("README.md: no %q line", marker)
	}
	_, rest, ok = strings.Cut(rest, "```go\n")
	if !ok {
		return "", fmt.Errorf("README.md: no ```go block after %q", marker)
	}
	block, _, ok := strings.Cut(rest, "```")
	if !ok {
		return "", fmt.Errorf("README.md: the go block after %q is not closed", marker)
	}
	return block, nil
}

// exampleBody returns the source between the braces of function name in
// file, each line with one leading tab removed.
func exampleBody(file, name string) (string, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		return "", err
	}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != name || fn.Body == nil {
			continue
		}
		body := string(src[fset.Position(fn.Body.Lbrace).Offset+1 : fset.Position(fn.Body.Rbrace).Offset])
		body = strings.TrimPrefix(body, "\n")
		var b strings.Builder
		for line := range strings.Lines(body) {
			b.WriteString(strings.TrimPrefix(line, "\t"))
		}
		return b.String(), nil
	}
	return "", fmt.Errorf("%s: no func %s", file, name)
}

func firstDiffLine(a, b string) int {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return i + 1
		}
	}
	return min(len(al), len(bl)) + 1
}

// changelogRelease matches the heading of a released version in
// CHANGELOG.md: "## [0.1.0] - 2026-11-30".
var changelogRelease = regexp.MustCompile(`^## \[(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\] - \d{4}-\d{2}-\d{2}$`)

// TestVersionMatchesChangelog fails when facade.Version, which the
// User-Agent carries, is not the latest version released in CHANGELOG.md,
// the one a release tags as v<Version>.
func TestVersionMatchesChangelog(t *testing.T) {
	latest, err := latestChangelogRelease("CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	if facade.Version != latest {
		t.Errorf("facade.Version = %q, but the latest release in CHANGELOG.md is %q.\n"+
			"Fix: a release moves the Unreleased entries under \"## [X.Y.Z] - date\" and sets facade.Version to X.Y.Z in the same commit, tagged vX.Y.Z.",
			facade.Version, latest)
	}
}

// latestChangelogRelease returns the version of the first release heading
// in the changelog at path, after its Unreleased section.
func latestChangelogRelease(path string) (string, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	sawUnreleased := false
	n := 0
	for line := range strings.Lines(string(text)) {
		n++
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "## [Unreleased]":
			sawUnreleased = true
		case strings.HasPrefix(line, "## "):
			m := changelogRelease.FindStringSubmatch(line)
			if m == nil {
				return "", fmt.Errorf("%s:%d: heading %q is neither \"## [Unreleased]\" nor \"## [X.Y.Z] - YYYY-MM-DD\"", path, n, line)
			}
			if !sawUnreleased {
				return "", fmt.Errorf("%s:%d: release %s comes before the \"## [Unreleased]\" section", path, n, m[1])
			}
			return m[1], nil
		}
	}
	return "", fmt.Errorf("%s: no release heading \"## [X.Y.Z] - YYYY-MM-DD\"", path)
}

func TestLatestChangelogRelease(t *testing.T) {
	tests := []struct {
		name, changelog, want, wantErr string
	}{
		{"first release after unreleased", "# Changelog\n\n## [Unreleased]\n\n### Added\n\n## [0.2.0] - 2026-12-01\n\n## [0.1.0] - 2026-11-30\n", "0.2.0", ""},
		{"pre-release", "## [Unreleased]\n## [1.0.0-rc.1] - 2027-01-02\n", "1.0.0-rc.1", ""},
		{"no release yet", "## [Unreleased]\n\n### Added\n", "", "no release heading"},
		{"heading without date", "## [Unreleased]\n## [0.2.0]\n", "", "neither"},
		{"v in the heading", "## [Unreleased]\n## [v0.2.0] - 2026-12-01\n", "", "neither"},
		{"release before unreleased", "## [0.2.0] - 2026-12-01\n## [Unreleased]\n", "", "comes before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := t.TempDir() + "/CHANGELOG.md"
			if err := os.WriteFile(path, []byte(tt.changelog), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := latestChangelogRelease(path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("latestChangelogRelease() = %q, %v, want an error containing %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("latestChangelogRelease() = %q, %v, want %q", got, err, tt.want)
			}
		})
	}
}
