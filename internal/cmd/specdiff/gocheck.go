package main

import (
	"errors"
	"fmt"
	"go/ast"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/leadfox-go/leadfox/internal/specflow"
)

const module = "github.com/leadfox-go/leadfox"

// apiPackages are the packages whose Go API the report compares: the
// generated models, which the facade re-exports as aliases, and the
// facade and the fake, which users use. generated/client and
// generated/server reach users only through the facade and the fake,
// whose build the report checks.
var apiPackages = []string{"generated", "facade", "tests/fake"}

// maxErrors bounds the compile errors the report lists; it says how many
// it left out.
const maxErrors = 40

// goSection generates the new spec's code in a copy of the base revision
// (with the overlay ov) with every generator of go generate, compiles
// every package there (the tests are make test's), and compares the Go
// API of apiPackages with the base's. It returns, per model type, the
// incompatible changes of its fields.
func goSection(r *report, tmp, base string, spec, ov []byte, withoutStale bool) (map[string][]string, error) {
	r.section("Go API and build of the regenerated copy (base with the new openapi.yaml and api/overlay.yaml, go generate ./...)")
	if withoutStale {
		r.println("generated with the stale overlay actions above left out, as if deleted")
	}
	oldAPI, err := baseAPI(tmp, base)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(tmp, "new")
	if err := export(base, dir); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "openapi.yaml"), spec, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "api", "overlay.yaml"), ov, 0o644); err != nil {
		return nil, err
	}
	if out, err := goCmd(dir, "generate", "./..."); err != nil {
		if _, ok := errors.AsType[*exec.ExitError](err); !ok {
			return nil, err
		}
		r.breaking("generate", "go generate fails on the new spec")
		r.printf("BREAKING: go generate fails on the new spec, so nothing compiles until it is fixed:\n%s\n", indent(limitLines(string(out))))
		return nil, nil
	}
	broken, err := compileErrors(dir)
	if err != nil {
		return nil, err
	}
	if len(broken) > 0 {
		r.breaking("build", fmt.Sprintf("%d compile error(s) after go generate", len(broken)))
		r.printf("BREAKING: after go generate, these do not compile (fix each: the facade and the fake use the generated types):\n%s\n",
			indent(limitLines(strings.Join(broken, "\n"))))
	} else {
		r.println("every package compiles after go generate (make test compiles the tests)")
	}
	aliases, err := facadeAliases(filepath.Join(dir, "facade"))
	if err != nil {
		return nil, err
	}
	fields := map[string][]string{}
	for _, pkg := range apiPackages {
		out, err := goRun(dir, apidiff, oldAPI[pkg], module+"/"+pkg)
		if err != nil {
			if len(broken) > 0 {
				r.printf("### %s\nnot compared: it does not compile (see above)\n", pkg)
				continue
			}
			return nil, fmt.Errorf("apidiff %s: %w\n%s", pkg, err, out)
		}
		text := strings.TrimSpace(string(out))
		if text == "" {
			continue
		}
		r.printf("### %s\n%s\n", pkg, text)
		for _, c := range incompatible(text) {
			typ, rest, _ := strings.Cut(c, ".")
			switch pkg {
			case "generated":
				fields[typ] = append(fields[typ], rest)
				user := "generated." + typ
				if a := aliases[typ]; a != "" {
					user = "facade." + a + " (an alias of generated." + typ + ")"
				}
				r.breaking("users", user+": "+c)
				r.printf("BREAKING for users: %s: %s\n", user, c)
			case "facade", "tests/fake":
				r.breaking("users", pkg+"."+c)
				r.printf("BREAKING for users: %s.%s\n", pkg, c)
			}
		}
	}
	return fields, nil
}

// incompatible returns the entries of apidiff's "Incompatible changes:"
// list, without their "- ".
func incompatible(text string) []string {
	var out []string
	in := false
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasSuffix(line, "changes:"):
			in = line == "Incompatible changes:"
		case in && strings.HasPrefix(line, "- "):
			out = append(out, strings.TrimPrefix(line, "- "))
		}
	}
	return out
}

// baseAPI writes apidiff's export of each of apiPackages at base, and
// returns the file of each. The exports are kept in the user's cache
// directory under base's tree hash, so later runs against the same base
// skip them.
func baseAPI(tmp, base string) (map[string]string, error) {
	tree, err := git("rev-parse", base+"^{tree}")
	if err != nil {
		return nil, err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = tmp
	}
	dir := filepath.Join(cache, "leadfox-specdiff", strings.TrimSpace(string(tree))+"-"+strings.ReplaceAll(apidiff, "/", "_"))
	files := map[string]string{}
	missing := false
	for _, pkg := range apiPackages {
		files[pkg] = filepath.Join(dir, strings.ReplaceAll(pkg, "/", "_")+".api")
		if _, err := os.Stat(files[pkg]); err != nil {
			missing = true
		}
	}
	if !missing {
		return files, nil
	}
	src := filepath.Join(tmp, "old")
	if err := export(base, src); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for _, pkg := range apiPackages {
		// A unique name, as another spec-diff may be writing the same export.
		f, err := os.CreateTemp(dir, filepath.Base(files[pkg])+".*.part")
		if err != nil {
			return nil, err
		}
		part := f.Name()
		if err := f.Close(); err != nil {
			return nil, err
		}
		if out, err := goRun(src, apidiff, "-w", part, module+"/"+pkg); err != nil {
			return nil, fmt.Errorf("apidiff -w %s at %s: %w\n%s", pkg, base, err, out)
		}
		if err := os.Rename(part, files[pkg]); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// export writes the tree of the git revision base into dir.
func export(base, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	archive := exec.Command("git", "archive", base)
	tar := exec.Command("tar", "-x", "-C", dir)
	var err error
	if tar.Stdin, err = archive.StdoutPipe(); err != nil {
		return err
	}
	if err := tar.Start(); err != nil {
		return err
	}
	if err := archive.Run(); err != nil {
		return fmt.Errorf("git archive %s: %w", base, err)
	}
	if err := tar.Wait(); err != nil {
		return fmt.Errorf("tar: %w", err)
	}
	return nil
}

// compileErrors compiles every package of the module in dir, as go
// build ./... does but without linking, and returns the compile errors,
// one per line, without repeats.
func compileErrors(dir string) ([]string, error) {
	out, err := goCmd(dir, "list", "-e", "-export", "-f", "{{if .Error}}{{.Error}}{{end}}", "./...")
	if err != nil {
		return nil, fmt.Errorf("go list -export: %w\n%s", err, out)
	}
	var errs []string
	for line := range strings.Lines(string(out)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "# ") || slices.Contains(errs, line) {
			continue
		}
		errs = append(errs, line)
	}
	return errs, nil
}

// facadeAliases returns, for each type of package generated that package
// facade in dir aliases, the alias's name.
func facadeAliases(dir string) (map[string]string, error) {
	files, err := specflow.ParseDir(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok || !ts.Assign.IsValid() {
				return true
			}
			if sel, ok := ts.Type.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "generated" {
					out[sel.Sel.Name] = ts.Name.Name
				}
			}
			return false
		})
	}
	return out, nil
}

// limitLines returns s with at most maxErrors lines, and a last line
// saying how many it left out.
func limitLines(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) <= maxErrors {
		return strings.Join(lines, "\n")
	}
	return strings.Join(lines[:maxErrors], "\n") + fmt.Sprintf("\n... and %d more line(s)", len(lines)-maxErrors)
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}
