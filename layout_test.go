package leadfox_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goPackage is one package directory of the repository, as its source
// declares it.
type goPackage struct {
	dir  string // slash-separated, relative to the repository root
	name string // the package clause
	doc  string // the package doc comment, "" when there is none
}

// repoPackages returns every directory of the repository that holds a
// non-test Go file, testdata and hidden directories left out; the
// examples/wrapper module is included.
func repoPackages(t *testing.T) []goPackage {
	t.Helper()
	var pkgs []goPackage
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		base := d.Name()
		if path != "." && (base == "testdata" || strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_")) {
			return filepath.SkipDir
		}
		pkg, ok, err := readPackage(path)
		if ok {
			pkgs = append(pkgs, pkg)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// readPackage reads the package clause and doc of the non-test files of
// dir; ok is false when dir holds none.
func readPackage(dir string) (pkg goPackage, ok bool, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return goPackage{}, false, err
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			return goPackage{}, false, err
		}
		pkg.dir, pkg.name, ok = filepath.ToSlash(dir), f.Name.Name, true
		if f.Doc != nil {
			pkg.doc += f.Doc.Text()
		}
	}
	return pkg, ok, nil
}

// TestLayoutNamesEveryPackage fails when a package of the repository is
// missing from the Layout table of CONTRIBUTING.md, so the picture a
// maintainer reads first matches the tree. A row names a package by its
// directory in backquotes, or a whole subtree as `dir/...`.
func TestLayoutNamesEveryPackage(t *testing.T) {
	contributing, err := os.ReadFile("CONTRIBUTING.md")
	if err != nil {
		t.Fatal(err)
	}
	_, layout, ok := strings.Cut(string(contributing), "\n## Layout\n")
	if !ok {
		t.Fatal(`CONTRIBUTING.md: no "## Layout" section`)
	}
	layout, _, _ = strings.Cut(layout, "\n#")
	named := map[string]bool{}
	for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(layout, -1) {
		named[strings.TrimSuffix(m[1], "/")] = true
	}
	for _, pkg := range repoPackages(t) {
		if pkg.dir == "." || layoutNames(named, pkg.dir) {
			continue
		}
		t.Errorf("CONTRIBUTING.md's Layout table does not name package directory %s (package %s).\n"+
			"Fix: add it to the row of its tree, in backquotes.", pkg.dir, pkg.name)
	}
}

// layoutNames reports whether dir, or a subtree pattern holding it, is in
// named.
func layoutNames(named map[string]bool, dir string) bool {
	for d := dir; d != "." && d != ""; d = pathDir(d) {
		if named[d] && d == dir || named[d+"/..."] {
			return true
		}
	}
	return false
}

// pathDir is path.Dir for the relative, slash-separated paths here.
func pathDir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return "."
}

// TestPackageDocsStateTheirJob fails when a package has no doc comment or
// its first sentence does not begin the Go way: "Package name ..." for a
// library, "Command name ..." for a program.
func TestPackageDocsStateTheirJob(t *testing.T) {
	for _, pkg := range repoPackages(t) {
		want := "Package " + pkg.name + " "
		if pkg.name == "main" {
			want = "Command " + filepath.Base(pkg.dir) + " "
		}
		if !strings.HasPrefix(pkg.doc, want) {
			first, _, _ := strings.Cut(pkg.doc, "\n")
			t.Errorf("%s: the package doc must begin %q, and say the package's one job in that sentence; it begins %q",
				pkg.dir, want, first)
		}
	}
}
