package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/leadfox-go/leadfox/internal/specflow"
)

// The pinned tools.
const (
	oasdiff = "github.com/oasdiff/oasdiff@v1.38.0"
	apidiff = "golang.org/x/exp/cmd/apidiff@v0.0.0-20261113113407-e3970619a1a4"
)

// change is one entry of oasdiff's JSON changelog.
type change struct {
	ID          string `json:"id"`
	Text        string `json:"text"`
	Level       int    `json:"level"` // 3 error, 2 warning, 1 info
	Operation   string `json:"operation"`
	OperationID string `json:"operationId"`
	Path        string `json:"path"`
}

func levelName(l int) string {
	switch l {
	case 3:
		return "ERROR"
	case 2:
		return "WARN"
	}
	return "info"
}

// specs are the two effective specs compared, with their operations.
type specs struct {
	base, rev       []byte
	baseOps, revOps []specflow.Operation
}

// affected collects the operations a change touches, by operationId.
type affected map[string]bool

// addAt adds the operations of ops at the location at.
func (a affected) addAt(ops []specflow.Operation, at []string) int {
	found := specflow.OperationsAt(ops, at)
	for _, op := range found {
		a[op.ID] = true
	}
	return len(found)
}

// run writes the report to r; an error is a failure of the tool.
func run(r *report, base, source string) error {
	spec, err := os.ReadFile("openapi.yaml")
	if err != nil {
		return err
	}
	if err := recordSource(spec, source); err != nil {
		return err
	}
	ov, err := os.ReadFile("api/overlay.yaml")
	if err != nil {
		return err
	}
	baseVendor, err := git("show", base+":openapi.yaml")
	if err != nil {
		return err
	}
	r.printf("# spec-diff: openapi.yaml against %s\n", base)
	if err := versions(r, baseVendor, spec); err != nil {
		r.breaking("openapi.yaml", "it does not parse")
		r.printf("BREAKING: %v\n", err)
		return nil
	}
	rev, applyErr := specflow.Apply(spec, ov, "api/overlay.yaml")
	var stale *specflow.OverlayError
	if applyErr != nil && !errors.As(applyErr, &stale) {
		r.breaking("overlay", "the overlay does not apply")
		r.printf("\n## Overlay\nBREAKING: %v\n", applyErr)
		return nil
	}
	var s specs
	if s.base, err = git("show", base+":api/openapi.effective.yaml"); err != nil {
		return err
	}
	s.rev = append([]byte(specflow.Header("openapi.yaml", "api/overlay.yaml")), rev...)
	if bytes.Equal(s.rev, s.base) {
		r.noChange = true
		return nil
	}
	if s.baseOps, err = specflow.Operations(s.base); err != nil {
		return fmt.Errorf("the committed effective spec: %w", err)
	}
	if s.revOps, err = specflow.Operations(s.rev); err != nil {
		return fmt.Errorf("the new effective spec: %w", err)
	}
	tmp, err := os.MkdirTemp("", "spec-diff-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmp) }()

	aff := affected{}
	if err := overlaySection(r, s, ov, stale, aff); err != nil {
		return err
	}
	if err := wireSection(r, s, tmp, aff); err != nil {
		return err
	}
	if err := factsSection(r, s, aff); err != nil {
		return err
	}
	genOv := ov
	if stale != nil {
		// Generate as a maintainer who deleted the stale actions would.
		if genOv, err = specflow.WithoutActions(ov, stale.Stale); err != nil {
			return err
		}
	}
	models, err := goSection(r, tmp, base, spec, genOv, stale != nil)
	if err != nil {
		return err
	}
	return affectedSection(r, s, aff, models)
}

// overlaySection reports the stale overlay actions and adds the
// operations each one's target selected in the base's effective spec.
func overlaySection(r *report, s specs, ov []byte, stale *specflow.OverlayError, aff affected) error {
	r.section("Overlay")
	if stale == nil {
		r.println("every action matches")
		return nil
	}
	r.breaking("overlay", fmt.Sprintf("%d stale action(s)", len(stale.Stale)))
	r.println("BREAKING (generation fails until fixed):")
	r.println(stale.Error())
	r.println("What each stale target pinned, in the committed effective spec:")
	for _, a := range stale.Stale {
		locs, err := specflow.Locate(s.base, ov, a.Target)
		if err != nil {
			return err
		}
		var ids []string
		for _, at := range locs {
			for _, op := range specflow.OperationsAt(s.baseOps, at) {
				aff[op.ID] = true
				ids = append(ids, op.ID)
			}
		}
		slices.Sort(ids)
		r.printf("  action %d: %s\n", a.Index, orText(slices.Compact(ids), "no operation (a document-level element)"))
	}
	return nil
}

// wireSection runs oasdiff on the two effective specs.
func wireSection(r *report, s specs, tmp string, aff affected) error {
	r.section("Wire changes (oasdiff, effective spec)")
	basePath, revPath := filepath.Join(tmp, "base.yaml"), filepath.Join(tmp, "revision.yaml")
	if err := os.WriteFile(basePath, s.base, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(revPath, s.rev, 0o644); err != nil {
		return err
	}
	levels, err := severityLevels(tmp)
	if err != nil {
		return err
	}
	out, err := goRun(".", oasdiff, "changelog", basePath, revPath, "--severity-levels", levels, "-f", "json")
	if err != nil {
		return fmt.Errorf("oasdiff: %w\n%s", err, out)
	}
	var changes []change
	if err := json.Unmarshal(out, &changes); err != nil {
		return fmt.Errorf("oasdiff's JSON: %w", err)
	}
	slices.SortStableFunc(changes, func(a, b change) int { return cmp.Compare(b.Level, a.Level) })
	if len(changes) == 0 {
		r.println("none")
	}
	for _, c := range changes {
		if c.Level == 3 {
			r.breaking("wire", c.ID)
		}
		where := strings.TrimSpace(c.Operation + " " + c.Path)
		if c.OperationID != "" {
			where += " (" + c.OperationID + ")"
		}
		r.printf("%-5s %s: %s: %s\n", levelName(c.Level), c.ID, where, c.Text)
		if c.OperationID != "" {
			aff[c.OperationID] = true
		}
		at := []string{"paths", c.Path, strings.ToLower(c.Operation)}
		if aff.addAt(s.revOps, at) == 0 {
			aff.addAt(s.baseOps, at)
		}
	}
	return nil
}

// affectedSection writes the table of the affected operations.
func affectedSection(r *report, s specs, aff affected, models map[string][]string) error {
	r.section("Affected operations, facade methods, models, fake handlers and tests")
	table, err := specflow.ReadOperationTable("api/openapi.effective.yaml")
	if err != nil {
		return err
	}
	for _, op := range s.revOps {
		if _, ok := table[op.ID]; !ok {
			aff[op.ID] = true
		}
	}
	for _, op := range s.baseOps {
		if !slices.ContainsFunc(s.revOps, func(o specflow.Operation) bool { return o.ID == op.ID }) {
			aff[op.ID] = true
		}
	}
	changed := changedComponents(s)
	for ref := range changed {
		for _, ops := range [][]specflow.Operation{s.revOps, s.baseOps} {
			for _, op := range ops {
				if slices.Contains(op.Uses, ref) {
					aff[op.ID] = true
				}
			}
		}
	}
	ids := slices.Sorted(func(yield func(string) bool) {
		for id := range aff {
			if !yield(id) {
				return
			}
		}
	})
	if len(ids) == 0 {
		r.println("no operation changed")
		return nil
	}
	var goNames []string
	for _, id := range ids {
		goNames = append(goNames, specflow.GoName(id))
	}
	handlers, err := specflow.Handlers("tests/fake", goNames)
	if err != nil {
		return err
	}
	r.println("| operation | facade methods | changed models (fields) | fake handlers | tests |")
	r.println("|---|---|---|---|---|")
	for _, id := range ids {
		methods := "UNMAPPED: name the facade methods that send it in x-leadfox-methods of api/overlay.yaml"
		if e, ok := table[id]; ok {
			methods = strings.Join(e.Methods, ", ")
		} else if slices.ContainsFunc(s.revOps, func(o specflow.Operation) bool { return o.ID == id }) {
			r.breaking("table", id+" is unmapped")
		} else {
			methods = "GONE from the spec; no facade method maps it"
		}
		tests, err := specflow.TestFiles(".", id)
		if err != nil {
			return err
		}
		r.printf("| %s | %s | %s | %s | %s |\n", id, methods, orNone(modelsOf(id, s, changed, models)),
			orNone(handlers[specflow.GoName(id)]), orNone(tests))
	}
	return nil
}

func orNone(s []string) string { return orText(s, "-") }

func orText(s []string, none string) string {
	if len(s) == 0 {
		return none
	}
	return strings.Join(s, ", ")
}

// recordSource writes openapi.yaml's sha256, and source if not empty,
// into api/SPEC_SOURCE, keeping its other lines.
func recordSource(spec []byte, source string) error {
	const path = "api/SPEC_SOURCE"
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(spec)
	var b strings.Builder
	for line := range strings.Lines(string(old)) {
		switch {
		case strings.HasPrefix(line, "sha256: "):
			line = "sha256: " + hex.EncodeToString(sum[:]) + "\n"
		case strings.HasPrefix(line, "source: ") && source != "":
			line = "source: " + source + "\n"
		}
		b.WriteString(line)
	}
	if b.String() == string(old) {
		return nil
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func git(args ...string) ([]byte, error) {
	out, err := exec.Command("git", args...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, ee.Stderr)
		}
		return nil, fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	return out, nil
}

// goRun runs `go run tool args...` in dir and returns its output.
func goRun(dir, tool string, args ...string) ([]byte, error) {
	return goCmd(dir, append([]string{"run", tool}, args...)...)
}

// goCmd runs the go command in dir with -trimpath, so that builds in the
// copies of the repository share the build cache, and returns its
// standard output, followed by its standard error if it failed.
func goCmd(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-trimpath "+os.Getenv("GOFLAGS"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return append(out, stderr.Bytes()...), err
	}
	return out, nil
}

// severityLevels writes api/oasdiff-levels.txt without its comments and
// blank lines, as oasdiff reads it, into dir and returns the copy's path.
func severityLevels(dir string) (string, error) {
	b, err := os.ReadFile("api/oasdiff-levels.txt")
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for line := range strings.Lines(string(b)) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out.WriteString(line + "\n")
		}
	}
	path := filepath.Join(dir, "levels.txt")
	return path, os.WriteFile(path, []byte(out.String()), 0o644)
}
