package specflow_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/leadfox-go/leadfox/internal/specflow"
)

var rehearse = flag.Bool("rehearse", false, "run the rehearsal of vendor spec changes (make rehearse; minutes)")

// step is what the rehearsal runs after make spec-diff, on the copy with
// the mutation applied, and what it must see.
type step struct {
	name string
	// fix edits the copy as the maintainer would before regenerating
	// (an overlay target moved); nil: none.
	fix func(t *testing.T, dir string)
	// args is the command run after make generate.
	args []string
	// fail: the command must fail, and its output contain want.
	fail bool
	want string
}

// mutation is one vendor change and where the workflow must flag it:
// an overlay of testdata/mutations applied to openapi.yaml, or a
// transform of the whole file (a new format or version).
type mutation struct {
	file         string                            // the overlay in testdata/mutations
	transform    func(spec []byte) ([]byte, error) // when file is ""
	label        string                            // the name of a transform
	diffBreaking bool                              // make spec-diff exits 1
	diffWant     []string                          // in the spec-diff report
	generate     bool                              // make generate must succeed (after fix)
	after        []step
}

func (m mutation) name() string {
	if m.file == "" {
		return m.label
	}
	return strings.TrimSuffix(m.file, ".yaml")
}

// apply returns spec with the mutation applied.
func (m mutation) apply(spec []byte) ([]byte, error) {
	if m.file == "" {
		return m.transform(spec)
	}
	ov, err := os.ReadFile(filepath.Join("testdata/mutations", m.file))
	if err != nil {
		return nil, err
	}
	return specflow.Apply(spec, ov, m.file)
}

// specTestsPass is the step that the regenerated tree passes the tests
// that read the spec.
var specTestsPass = step{name: "the spec tests pass", args: []string{"go", "test", "-count=1", "-run", "Spec|Enum|Operation|Required", ".", "./facade/", "./tests/", "./internal/baseurl/"}}

// readableYAML is the step that the effective spec is block-style YAML:
// no line of more than 200 bytes.
var readableYAML = step{name: "the effective spec is readable YAML", args: []string{"awk", "length > 200 { print FILENAME \": line \" NR \" is \" length \" bytes\"; bad = 1 } END { exit bad }", "api/openapi.effective.yaml"}}

var mutations = []mutation{
	{file: "new-optional-field.yaml", diffBreaking: false,
		diffWant: []string{"nickname", "ContactsService.Get", "GetContact", "Contact.Nickname: added", "not breaking"},
		generate: true, after: []step{specTestsPass}},
	{file: "renamed-field.yaml", diffBreaking: true,
		diffWant: []string{"no longer match", "properties.fromemail", "EmailsService.Create", "EmailsService.Get", "request-property-removed",
			"createEmail, getEmail, listEmails, updateEmail"}},
	{file: "put-to-patch.yaml", diffBreaking: true,
		diffWant: []string{"api-removed-without-deprecation", "/v1/contact/{id}'].put matches nothing", "ContactsService.Update", "UpdateContact"},
		generate: true,
		after: []step{{name: "the generated operation table retries the PATCH only after a 429",
			fix: func(t *testing.T, dir string) {
				rehearsalEdit(t, filepath.Join(dir, "api/overlay.yaml"), "$.paths['/v1/contact/{id}'].put", "$.paths['/v1/contact/{id}'].patch")
			},
			args: []string{"grep", "-F", `Method: "PATCH", Path: "/v1/contact/{id}", Idempotent: false`, "internal/optable/table.gen.go"},
			want: "UpdateContact = "}}},
	{file: "new-operation.yaml", diffBreaking: true,
		diffWant: []string{"endpoint-added", "listSegments", "UNMAPPED", "do not compile", "missing method ListSegments"}},
	{file: "trailing-slashes.yaml", diffBreaking: true,
		diffWant: []string{"no longer match", "api-path-removed-without-deprecation", "ContactsService.List", "FoldersService.Create"}},
	{file: "new-required-field.yaml", diffBreaking: true,
		diffWant: []string{"new-required-request-property", "source", "ContactsService.Create", "ContactsService.Upsert"},
		generate: true,
		after: []step{{name: "the required-field test fails", args: []string{"go", "test", "-count=1", "-run", "TestRequiredFieldsAreChecked", "./facade/"},
			fail: true, want: "source is required by the spec"}}},
	{file: "response-envelope.yaml", diffBreaking: true,
		diffWant: []string{"response-body-type-changed", "listContacts", "ContactsService.List", "ListContacts", "do not compile", "GetJSON200"}},
	{file: "added-enum-value.yaml", diffBreaking: true,
		diffWant: []string{"response-property-enum-value-added", "CampaignsService.Get", "x-enum-varnames"},
		generate: true,
		after: []step{{name: "the enum names test fails", args: []string{"go", "test", "-count=1", "-run", "TestEnumVarnamesMatchValues", "."},
			fail: true, want: "EmailCampaignStatus"}}},
	{file: "vendor-operation-ids.yaml", diffBreaking: false,
		diffWant: []string{"not breaking"},
		generate: true,
		after:    []step{{name: "generated/ is unchanged", args: []string{"git", "diff", "--exit-code", "--stat", "--", "generated/"}}}},
	{file: "removed-response-field.yaml", diffBreaking: true,
		diffWant: []string{"response-optional-property-removed", "getMetrics", "MetricsService.Campaign", "BREAKING for users: facade.Metrics", "Metrics (Sent"}},
	{file: "retyped-response-field.yaml", diffBreaking: true,
		diffWant: []string{"response-property-type-changed", "ContactsService.Get", "BREAKING for users: facade.Contact", "Contact.Created"}},
	{file: "new-query-parameter.yaml", diffBreaking: true,
		diffWant: []string{"new-optional-request-parameter", "ContactsService.List", "do not compile", "ListContactsParams"}},
	{file: "auth-scheme.yaml", diffBreaking: true,
		diffWant: []string{"the security schemes (components.securitySchemes) changed", "JWT <token>"}},
	{file: "renamed-path-parameter.yaml", diffBreaking: true,
		diffWant: []string{"no longer match", "/v1/contact/{id}'].get matches nothing", "action 45: deleteContact", "ContactsService.Delete", "req.ID undefined"}},
	{file: "closed-schema.yaml", diffBreaking: true,
		diffWant: []string{"ContactsService.Get"}},
	{file: "moved-server.yaml", diffBreaking: true,
		diffWant: []string{"the server (servers) changed", "https://api.leadfox.co/v2", "internal/baseurl.Default"},
		generate: true,
		after: []step{{name: "the server test fails", args: []string{"go", "test", "-count=1", "-run", "TestDefaultIsTheSpecServer", "./internal/baseurl/"},
			fail: true, want: "https://api.leadfox.co/v2"}}},
	{file: "campaign-type-value.yaml", diffBreaking: true,
		diffWant: []string{"EmailCampaignType", "x-enum-varnames", "CampaignsService.Create"}},
	{file: "error-body-shape.yaml", diffBreaking: true,
		diffWant: []string{"the error body (components.schemas.Error) changed", "facade/errors.go"},
		generate: true,
		after: []step{{name: "the error-body test fails", args: []string{"go", "test", "-count=1", "-run", "TestErrorBodyShapeIsTheSpecs", "./facade/"},
			fail: true, want: "detail"}}},
	{label: "json-file", transform: asJSON, diffBreaking: false,
		diffWant: []string{"OpenAPI 3.0.3 JSON", "not breaking"},
		generate: true, after: []step{specTestsPass, readableYAML}},
	{label: "openapi-3.1", transform: as31, diffBreaking: false,
		diffWant: []string{"OpenAPI 3.1.0 YAML", "the effective spec is OpenAPI 3.0.3 either way", "no changes"},
		generate: true, after: []step{specTestsPass,
			{name: "generated/ is unchanged", args: []string{"git", "diff", "--exit-code", "--stat", "--", "generated/", "api/openapi.effective.yaml"}}}},
	{label: "reworded-reordered", transform: reworded, diffBreaking: false,
		diffWant: []string{"every action matches", "not breaking"},
		generate: true, after: []step{specTestsPass}},
	{file: "page-size-limit.yaml", diffBreaking: true,
		diffWant: []string{"the page size parameter (components.parameters.Limit) changed", "maximum: 500", "pager.MaxPageSize"},
		generate: true,
		after: []step{{name: "the page size test fails", args: []string{"go", "test", "-count=1", "-run", "TestMaxPageSizeIsTheSpecs", "./facade/"},
			fail: true, want: "500"}}},
}

// TestRehearsal applies each vendor mutation to a copy of the repository
// (its working tree, committed in a fresh git repository) and runs the
// workflow of CONTRIBUTING.md: make spec-diff, then make generate and the
// checks that must flag the change. It runs under make rehearse. The
// mutations run in parallel (-parallel), and every go command runs with
// -trimpath so that the copies share one build cache. It ends with one
// line per mutation: the verdict, make spec-diff's status and what the
// build or the tests caught after it.
func TestRehearsal(t *testing.T) {
	if !*rehearse {
		t.Skip("the rehearsal takes minutes: run make rehearse")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	base := rehearsalCopy(t, root)
	rehearsalWarm(t, base)
	var mu sync.Mutex
	summary := map[string]string{}
	t.Run("mutations", func(t *testing.T) {
		for _, m := range mutations {
			t.Run(m.name(), func(t *testing.T) {
				t.Parallel()
				line := rehearseOne(t, base, m)
				mu.Lock()
				summary[m.name()] = line
				mu.Unlock()
			})
		}
	})
	var b strings.Builder
	for _, m := range mutations {
		fmt.Fprintf(&b, "%-24s %s\n", m.name(), summary[m.name()])
	}
	fmt.Printf("rehearsal, one line per vendor change:\n%s", b.String())
}

// rehearsalWarm runs, once, on the unmutated copy base, what every
// mutation runs: make spec-diff, make generate and the compilation of
// the tests the steps run, all with -trimpath. The mutations then find
// the generators, spec-diff's dependencies and the standard library in
// the shared build cache, instead of building them at the same time,
// each for itself, on a cold cache.
func rehearsalWarm(t *testing.T, base string) {
	t.Helper()
	for _, args := range [][]string{
		{"make", "-s", "spec-diff"},
		{"make", "-s", "generate"},
		{"go", "test", "-count=1", "-run", "^$", ".", "./facade/", "./tests/", "./internal/baseurl/"},
	} {
		if out, err := rehearsalExec(base, args[0], args[1:]...); err != nil {
			t.Fatalf("warming the build cache: %v: %v\n%s", args, err, out)
		}
	}
	if out, err := rehearsalExec(base, "git", "status", "--porcelain"); err != nil || out != "" {
		t.Fatalf("warming the build cache changed the copy (%v):\n%s", err, out)
	}
}

// rehearseOne runs the workflow on one mutation in a copy of base and
// returns its summary line.
func rehearseOne(t *testing.T, base string, m mutation) string {
	dir := t.TempDir()
	rehearsalRun(t, base, "cp", "-a", base+"/.", dir)
	spec, err := os.ReadFile(filepath.Join(dir, "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	mutated, err := m.apply(spec)
	if err != nil {
		t.Fatalf("the mutation no longer applies to openapi.yaml: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "openapi.yaml"), mutated, 0o644); err != nil {
		t.Fatal(err)
	}
	report, err := rehearsalExec(dir, "make", "-s", "spec-diff")
	status := toolStatus(report, err)
	verdict := lastLine(report)
	defer func() {
		if t.Failed() {
			t.Logf("make spec-diff:\n%s", report)
		}
	}()
	if status == 3 || status < 0 {
		t.Fatalf("make spec-diff failed as a tool (status %d): %s", status, verdict)
	}
	if broke := status == 1; broke != m.diffBreaking {
		t.Errorf("make spec-diff: status %d, want breaking = %v", status, m.diffBreaking)
	}
	if got, want := strings.HasPrefix(verdict, "BREAKING"), status == 1; got != want {
		t.Errorf("the last line %q disagrees with the status %d", verdict, status)
	}
	for _, want := range m.diffWant {
		if !strings.Contains(report, want) {
			t.Errorf("the spec-diff report lacks %q", want)
		}
	}
	line := fmt.Sprintf("spec-diff status %d: %s", status, shorten(verdict))
	if !m.generate {
		return line
	}
	for _, s := range m.after {
		if s.fix != nil {
			s.fix(t, dir)
		}
	}
	if out, err := rehearsalExec(dir, "make", "generate"); err != nil {
		t.Fatalf("make generate: %v\n%s", err, out)
	}
	for _, s := range m.after {
		out, err := rehearsalExec(dir, s.args[0], s.args[1:]...)
		if failed := err != nil; failed != s.fail {
			t.Errorf("%s: %v failed = %v, want %v\n%s", s.name, s.args, failed, s.fail, out)
		}
		if !strings.Contains(out, s.want) {
			t.Errorf("%s: %v output lacks %q:\n%s", s.name, s.args, s.want, out)
		}
		line += "; then " + s.name
	}
	return line
}

// toolStatus returns the exit status of the specdiff program that make
// ran: 0 when make succeeded, the status in make's "Error N" line when it
// failed, or -1 when neither tells.
func toolStatus(out string, err error) int {
	if err == nil {
		return 0
	}
	m := regexp.MustCompile(`\[Makefile:\d+: spec-diff\] Error (\d+)`).FindStringSubmatch(out)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// makeLine is a line make writes itself, at any recursion level.
var makeLine = regexp.MustCompile(`^make(\[\d+\])?: `)

// lastLine returns the last line of the report that is not make's own.
func lastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if !makeLine.MatchString(lines[i]) {
			return lines[i]
		}
	}
	return ""
}

// shorten cuts s to 110 bytes, with "…" when cut.
func shorten(s string) string {
	if len(s) <= 110 {
		return s
	}
	return s[:110] + "…"
}

// rehearsalCopy copies the repository's working tree (tracked and
// untracked files, not ignored ones) into a temporary directory and
// commits it there, so that make spec-diff compares against it.
func rehearsalCopy(t *testing.T, root string) string {
	t.Helper()
	dir := t.TempDir()
	files, err := rehearsalExec(root, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	if err != nil {
		t.Fatalf("git ls-files: %v\n%s", err, files)
	}
	for _, f := range strings.Split(strings.TrimRight(files, "\x00"), "\x00") {
		src := filepath.Join(root, f)
		b, err := os.ReadFile(src)
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rehearsalRun(t, dir, "git", "init", "-q")
	rehearsalRun(t, dir, "git", "add", "-A")
	rehearsalRun(t, dir, "git", "-c", "user.name=rehearsal", "-c", "user.email=rehearsal@localhost", "commit", "-q", "-m", "base")
	return dir
}

func rehearsalEdit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s lacks %q", path, old)
	}
	if err := os.WriteFile(path, bytes.ReplaceAll(b, []byte(old), []byte(new)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func rehearsalRun(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	if out, err := rehearsalExec(dir, name, args...); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

// rehearsalExec runs name in dir with -trimpath in GOFLAGS, so that the
// copies share the build cache, and returns its combined output.
func rehearsalExec(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-trimpath "+os.Getenv("GOFLAGS"))
	out, err := cmd.CombinedOutput()
	return string(out), err
}
