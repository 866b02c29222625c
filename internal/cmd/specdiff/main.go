// Command specdiff is make spec-diff: it compares the working
// openapi.yaml (with the working api/overlay.yaml) against the committed
// effective spec and prints one report:
//
//  1. the overlay actions that no longer match the new spec;
//  2. the changelog of the effective spec, by oasdiff with the rules that
//     break a client raised to errors (api/oasdiff-levels.txt);
//  3. the Go API difference of the generated packages (generated,
//     generated/client, generated/server), by apidiff, between the
//     committed generated/ and what the new spec generates;
//  4. the affected-methods table: each changed operation, the facade
//     methods that send it (facade/operation.go), the fake's handlers and
//     the tests that name it.
//
// It prints "no changes" and exits 0 when the effective spec is the
// committed one. It exits 1 when anything is breaking: a stale overlay
// action, an oasdiff error, an incompatible Go API change, or an operation
// no facade method maps; else 0. It always records openapi.yaml's sha256
// (and -source, if given) in api/SPEC_SOURCE. Run it from the module root.
package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/leadfox-go/leadfox/internal/specflow"
)

// The pinned tools.
const (
	oasdiff    = "github.com/oasdiff/oasdiff@v1.38.0"
	apidiff    = "golang.org/x/exp/cmd/apidiff@v0.0.0-20261113113407-e3970619a1a4"
	oapiCodgen = "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2"
)

func main() {
	source := flag.String("source", "", "where the new openapi.yaml came from, for api/SPEC_SOURCE (default: keep the recorded source)")
	base := flag.String("base", "HEAD", "the git revision to compare against")
	flag.Parse()
	var report strings.Builder
	breaking, err := run(&report, *base, *source)
	if _, werr := os.Stdout.WriteString(report.String()); werr != nil && err == nil {
		err = werr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "spec-diff:", err)
		os.Exit(2)
	}
	if breaking {
		os.Exit(1)
	}
}

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

// run writes the report to w and reports whether anything is breaking.
func run(w *strings.Builder, base, source string) (breaking bool, err error) {
	spec, err := os.ReadFile("openapi.yaml")
	if err != nil {
		return false, err
	}
	if err := recordSource(spec, source); err != nil {
		return false, err
	}
	ov, err := os.ReadFile("api/overlay.yaml")
	if err != nil {
		return false, err
	}
	rev, applyErr := specflow.Apply(spec, ov, "api/overlay.yaml")
	var stale *specflow.OverlayError
	if applyErr != nil && !errors.As(applyErr, &stale) {
		return false, applyErr
	}
	baseSpec, err := git("show", base+":api/openapi.effective.yaml")
	if err != nil {
		return false, err
	}
	rev = append([]byte(specflow.Header("openapi.yaml", "api/overlay.yaml")), rev...)
	if bytes.Equal(rev, baseSpec) {
		fmt.Fprintln(w, "no changes")
		return false, nil
	}
	tmp, err := os.MkdirTemp("", "spec-diff-")
	if err != nil {
		return false, err
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	basePath, revPath := filepath.Join(tmp, "base.yaml"), filepath.Join(tmp, "revision.yaml")
	if err := os.WriteFile(basePath, baseSpec, 0o644); err != nil {
		return false, err
	}
	if err := os.WriteFile(revPath, rev, 0o644); err != nil {
		return false, err
	}

	fmt.Fprintf(w, "# spec-diff: openapi.yaml against %s\n\n", base)
	var affected []string // operationIds
	fmt.Fprintln(w, "## Overlay")
	if stale != nil {
		breaking = true
		fmt.Fprintln(w, "BREAKING (generation fails until fixed):")
		fmt.Fprintln(w, stale.Error())
		for _, s := range stale.Stale {
			if id := operationAt(baseSpec, s.Target); id != "" {
				affected = append(affected, id)
			}
		}
	} else {
		fmt.Fprintln(w, "every action matches")
	}

	fmt.Fprintln(w, "\n## Wire changes (oasdiff, effective spec)")
	levels, err := severityLevels(tmp)
	if err != nil {
		return false, err
	}
	out, err := goRun(".", oasdiff, "changelog", basePath, revPath, "--severity-levels", levels, "-f", "json")
	if err != nil {
		return false, fmt.Errorf("oasdiff: %w\n%s", err, out)
	}
	var changes []change
	if err := json.Unmarshal(out, &changes); err != nil {
		return false, fmt.Errorf("oasdiff's JSON: %w", err)
	}
	slices.SortStableFunc(changes, func(a, b change) int { return cmp.Compare(b.Level, a.Level) })
	if len(changes) == 0 {
		fmt.Fprintln(w, "none")
	}
	for _, c := range changes {
		if c.Level == 3 {
			breaking = true
		}
		where := strings.TrimSpace(c.Operation + " " + c.Path)
		if c.OperationID != "" {
			where += " (" + c.OperationID + ")"
		}
		fmt.Fprintf(w, "%-5s %s: %s: %s\n", levelName(c.Level), c.ID, where, c.Text)
		id := c.OperationID
		if id == "" {
			id = operationAt(rev, "$.paths['"+c.Path+"']."+strings.ToLower(c.Operation))
		}
		if id == "" {
			id = operationAt(baseSpec, "$.paths['"+c.Path+"']."+strings.ToLower(c.Operation))
		}
		if id != "" {
			affected = append(affected, id)
		}
	}

	fmt.Fprintln(w, "\n## Go API of the generated packages (apidiff)")
	if stale != nil {
		fmt.Fprintln(w, "not computed: the overlay does not apply, so nothing can be generated")
	} else {
		report, incompatible, err := goAPIDiff(tmp, base, revPath)
		if err != nil {
			return false, err
		}
		breaking = breaking || incompatible
		fmt.Fprint(w, report)
	}

	fmt.Fprintln(w, "\n## Affected facade methods, fake handlers and tests")
	table, err := specflow.ReadOperationTable("api/openapi.effective.yaml")
	if err != nil {
		return false, err
	}
	for _, id := range operationIDs(rev) {
		if _, ok := table[id]; !ok {
			affected = append(affected, id)
		}
	}
	slices.Sort(affected)
	affected = slices.Compact(affected)
	if len(affected) == 0 {
		fmt.Fprintln(w, "no operation changed")
		fmt.Fprintln(w, "\nnot breaking: run make generate, make test, and commit.")
		return breaking, nil
	}
	var goNames []string
	for _, id := range affected {
		goNames = append(goNames, specflow.GoName(id))
	}
	handlers, err := specflow.Handlers("tests/fake", goNames)
	if err != nil {
		return false, err
	}
	fmt.Fprintln(w, "| operation | facade methods | fake handlers | tests |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, id := range affected {
		methods := "UNMAPPED: name the facade methods that send it in x-leadfox-methods of api/overlay.yaml"
		if e, ok := table[id]; ok {
			methods = strings.Join(e.Methods, ", ")
		} else {
			breaking = true
		}
		tests, err := specflow.TestFiles(".", id)
		if err != nil {
			return false, err
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", id, methods,
			orNone(handlers[specflow.GoName(id)]), orNone(tests))
	}
	if breaking {
		fmt.Fprintln(w, "\nBREAKING: fix what is flagged above before committing (CONTRIBUTING.md: \"When the vendor's spec changes\").")
	} else {
		fmt.Fprintln(w, "\nnot breaking: run make generate, make test, and commit.")
	}
	return breaking, nil
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, ", ")
}

// genSides are the oapi-codegen configurations api/<side>.cfg.yaml, one
// per generated package, and genPackages those packages (the Makefile's
// GEN_SIDES names the same configurations).
var (
	genSides    = []string{"models", "client", "server"}
	genPackages = []string{
		"github.com/leadfox-go/leadfox/generated",
		"github.com/leadfox-go/leadfox/generated/client",
		"github.com/leadfox-go/leadfox/generated/server",
	}
)

// goAPIDiff generates the packages of generated/ from the spec at revPath
// into a copy of the base revision and compares the API of each with the
// base's.
func goAPIDiff(tmp, base, revPath string) (report string, incompatible bool, err error) {
	oldDir, newDir := filepath.Join(tmp, "old"), filepath.Join(tmp, "new")
	for _, dir := range []string{oldDir, newDir} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", false, err
		}
		archive := exec.Command("git", "archive", base)
		tar := exec.Command("tar", "-x", "-C", dir)
		if tar.Stdin, err = archive.StdoutPipe(); err != nil {
			return "", false, err
		}
		if err := tar.Start(); err != nil {
			return "", false, err
		}
		if err := archive.Run(); err != nil {
			return "", false, fmt.Errorf("git archive %s: %w", base, err)
		}
		if err := tar.Wait(); err != nil {
			return "", false, fmt.Errorf("tar: %w", err)
		}
	}
	for _, side := range genSides {
		cfg, err := os.ReadFile(filepath.Join("api", side+".cfg.yaml"))
		if err != nil {
			return "", false, err
		}
		output := regexp.MustCompile(`(?m)^output: (.*)$`)
		m := output.FindSubmatch(cfg)
		if m == nil {
			return "", false, fmt.Errorf("api/%s.cfg.yaml names no output", side)
		}
		out := filepath.Join(newDir, string(m[1]))
		cfg = output.ReplaceAll(cfg, []byte("output: "+out))
		cfgPath := filepath.Join(tmp, side+".cfg.yaml")
		if err := os.WriteFile(cfgPath, cfg, 0o644); err != nil {
			return "", false, err
		}
		if msg, err := goRun(".", oapiCodgen, "-config", cfgPath, revPath); err != nil {
			return "", true, fmt.Errorf("generate from the new spec: %w\n%s", err, msg)
		}
	}
	var reports []string
	for _, pkg := range genPackages {
		exportFile := filepath.Join(tmp, filepath.Base(pkg)+".api")
		if out, err := goRun(oldDir, apidiff, "-w", exportFile, pkg); err != nil {
			return "", false, fmt.Errorf("apidiff -w %s: %w\n%s", pkg, err, out)
		}
		out, err := goRun(newDir, apidiff, exportFile, pkg)
		if err != nil {
			return "", false, fmt.Errorf("apidiff %s: %w\n%s", pkg, err, out)
		}
		if strings.TrimSpace(string(out)) != "" {
			reports = append(reports, "### "+pkg+"\n"+string(out))
		}
	}
	report = strings.Join(reports, "\n")
	if report == "" {
		return "no Go API change\n", false, nil
	}
	incompatible = strings.Contains(report, "Incompatible changes:")
	if incompatible {
		report = "BREAKING for code that uses the generated packages (the facade or the fake will not compile, or will misbehave):\n" + report
	}
	return report, incompatible, nil
}

// operationAt returns the operationId of the operation that target, an
// overlay JSONPath such as $.paths['/v1/contact/{id}'].put, selects or
// lies under in the spec doc, or "".
func operationAt(doc []byte, target string) string {
	rest, ok := strings.CutPrefix(target, "$.paths['")
	if !ok {
		return ""
	}
	path, rest, ok := strings.Cut(rest, "']")
	if !ok {
		return ""
	}
	method, _, _ := strings.Cut(strings.TrimPrefix(rest, "."), ".")
	var spec struct {
		Paths map[string]map[string]struct {
			OperationID string `yaml:"operationId"`
		} `yaml:"paths"`
	}
	if yaml.Unmarshal(doc, &spec) != nil {
		return ""
	}
	return spec.Paths[path][method].OperationID
}

// operationIDs returns every operationId of the spec doc.
func operationIDs(doc []byte) []string {
	var spec struct {
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if yaml.Unmarshal(doc, &spec) != nil {
		return nil
	}
	var ids []string
	for _, item := range spec.Paths {
		for method, n := range item {
			if method == "parameters" {
				continue
			}
			var op struct {
				OperationID string `yaml:"operationId"`
			}
			if n.Decode(&op) == nil && op.OperationID != "" {
				ids = append(ids, op.OperationID)
			}
		}
	}
	slices.Sort(ids)
	return ids
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
	cmd := exec.Command("go", append([]string{"run", tool}, args...)...)
	cmd.Dir = dir
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
