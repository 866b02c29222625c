package specflow_test

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// mutation is one vendor change of testdata/mutations and where the
// workflow must flag it.
type mutation struct {
	file         string
	diffBreaking bool     // make spec-diff exits 1
	diffWant     []string // in the spec-diff report
	generate     bool     // make generate must succeed (after fix)
	after        []step
}

var mutations = []mutation{
	{file: "new-optional-field.yaml", diffBreaking: false,
		diffWant: []string{"nickname", "ContactsService.Get", "GetContact", "not breaking"},
		generate: true,
		after:    []step{{name: "builds and the spec tests pass", args: []string{"go", "test", "-count=1", ".", "./facade/"}}}},
	{file: "renamed-field.yaml", diffBreaking: true,
		diffWant: []string{"no longer match", "properties.fromemail", "EmailsService.Create", "EmailsService.Get", "request-property-removed"}},
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
		diffWant: []string{"endpoint-added", "listSegments", "UNMAPPED", "Incompatible changes"},
		generate: true,
		after: []step{{name: "the fake no longer compiles", args: []string{"go", "vet", "./tests/fake/"},
			fail: true, want: "missing method ListSegments"}}},
	{file: "trailing-slashes.yaml", diffBreaking: true,
		diffWant: []string{"no longer match", "api-path-removed-without-deprecation", "ContactsService.List", "FoldersService.Create"}},
	{file: "new-required-field.yaml", diffBreaking: true,
		diffWant: []string{"new-required-request-property", "source", "ContactsService.Create", "ContactsService.Upsert"},
		generate: true,
		after: []step{{name: "the required-field test fails", args: []string{"go", "test", "-count=1", "-run", "TestRequiredFieldsAreChecked", "./facade/"},
			fail: true, want: "source is required by the spec"}}},
	{file: "response-envelope.yaml", diffBreaking: true,
		diffWant: []string{"response-body-type-changed", "listContacts", "ContactsService.List", "ListContacts"},
		generate: true,
		// The facade decodes through the generated response types, so the
		// envelope breaks its build.
		after: []step{{name: "the facade no longer compiles", args: []string{"go", "build", "./..."},
			fail: true, want: "GetJSON200"}}},
	{file: "added-enum-value.yaml", diffBreaking: true,
		diffWant: []string{"response-property-enum-value-added", "CampaignsService.Get"},
		generate: true,
		after: []step{{name: "the enum names test fails", args: []string{"go", "test", "-count=1", "-run", "TestEnumVarnamesMatchValues", "."},
			fail: true, want: "EmailCampaignStatus"}}},
	{file: "vendor-operation-ids.yaml", diffBreaking: false,
		diffWant: []string{"not breaking"},
		generate: true,
		after:    []step{{name: "generated/ is unchanged", args: []string{"git", "diff", "--exit-code", "--stat", "--", "generated/"}}}},
}

// TestRehearsal applies each vendor mutation to a copy of the repository
// (its working tree, committed in a fresh git repository) and runs the
// workflow of CONTRIBUTING.md: make spec-diff, then make generate and the
// checks that must flag the change. It runs under make rehearse.
func TestRehearsal(t *testing.T) {
	if !*rehearse {
		t.Skip("the rehearsal takes minutes: run make rehearse")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	base := rehearsalCopy(t, root)
	for _, m := range mutations {
		t.Run(strings.TrimSuffix(m.file, ".yaml"), func(t *testing.T) {
			dir := t.TempDir()
			rehearsalRun(t, base, "cp", "-a", base+"/.", dir)
			ov, err := os.ReadFile(filepath.Join("testdata/mutations", m.file))
			if err != nil {
				t.Fatal(err)
			}
			spec, err := os.ReadFile(filepath.Join(dir, "openapi.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			mutated, err := specflow.Apply(spec, ov, m.file)
			if err != nil {
				t.Fatalf("the mutation no longer applies to openapi.yaml: %v", err)
			}
			if err := os.WriteFile(filepath.Join(dir, "openapi.yaml"), mutated, 0o644); err != nil {
				t.Fatal(err)
			}
			report, err := rehearsalExec(dir, "make", "-s", "spec-diff")
			t.Logf("make spec-diff:\n%s", report)
			if broke := err != nil; broke != m.diffBreaking {
				t.Errorf("make spec-diff failed = %v (%v), want %v", broke, err, m.diffBreaking)
			}
			for _, want := range m.diffWant {
				if !strings.Contains(report, want) {
					t.Errorf("the spec-diff report lacks %q", want)
				}
			}
			if !m.generate {
				return
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
			}
		})
	}
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

func rehearsalExec(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}
