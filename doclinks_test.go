package leadfox_test

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// modulePath is the import path of the repository's root package.
const modulePath = "github.com/leadfox-go/leadfox"

// TestDocLinksResolve fails when a doc comment that pkgsite and go doc
// render (a package doc, an exported declaration's doc, an example's
// description) of a handwritten package holds a doc link that goes
// nowhere: a bracketed name the comment parser could not resolve, which
// is printed with its brackets, or a link to a package or symbol that
// does not exist. It only parses source, so it takes a moment.
func TestDocLinksResolve(t *testing.T) {
	docs := newDocIndex()
	for _, pkg := range repoPackages(t) {
		if isGeneratedDir(pkg.dir) {
			continue
		}
		p, err := docs.load(pkg.dir, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range renderedComments(p) {
			for _, problem := range docs.check(p.Parser().Parse(c.text)) {
				t.Errorf("%s: doc of %s: %s", pkg.dir, c.owner, problem)
			}
		}
	}
}

// isGeneratedDir reports whether dir holds a package written whole by the
// generator, whose docs come from the vendor's spec.
func isGeneratedDir(dir string) bool {
	return dir == "generated" || strings.HasPrefix(dir, "generated/")
}

// docIndex loads the go/doc view of packages, by directory, once each.
type docIndex struct {
	byDir map[string]*doc.Package
}

func newDocIndex() *docIndex { return &docIndex{byDir: map[string]*doc.Package{}} }

// load returns the documentation of the package in dir, examples
// included when withTests is set.
func (x *docIndex) load(dir string, withTests bool) (*doc.Package, error) {
	key := fmt.Sprint(dir, withTests)
	if p, ok := x.byDir[key]; ok {
		return p, nil
	}
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || !withTests && strings.HasSuffix(name, "_test.go") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, name); err != nil || !ok {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, importPathOf(dir))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	x.byDir[key] = p
	return p, nil
}

// importPathOf returns the import path of the repository directory dir.
func importPathOf(dir string) string {
	if dir == "." {
		return modulePath
	}
	return modulePath + "/" + dir
}

// renderedComment is a doc comment and what it documents.
type renderedComment struct {
	owner, text string
}

// renderedComments returns the doc comments of p that pkgsite renders.
func renderedComments(p *doc.Package) []renderedComment {
	cs := []renderedComment{{"package " + p.Name, p.Doc}}
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			cs = append(cs, renderedComment{strings.Join(v.Names, ", "), v.Doc})
		}
	}
	examples := func(exs []*doc.Example, of string) {
		for _, ex := range exs {
			cs = append(cs, renderedComment{"example " + strings.TrimSpace(of+" "+ex.Suffix), ex.Doc})
		}
	}
	funcs := func(fs []*doc.Func, recv string) {
		for _, f := range fs {
			name := strings.TrimPrefix(recv+"."+f.Name, ".")
			cs = append(cs, renderedComment{name, f.Doc})
			examples(f.Examples, name)
		}
	}
	values(p.Consts)
	values(p.Vars)
	funcs(p.Funcs, "")
	examples(p.Examples, "")
	for _, t := range p.Types {
		cs = append(cs, renderedComment{t.Name, t.Doc})
		values(t.Consts)
		values(t.Vars)
		funcs(t.Funcs, "")
		funcs(t.Methods, t.Name)
		examples(t.Examples, t.Name)
	}
	return cs
}

// unresolved matches what the comment parser would have made a doc link
// had the name resolved: [Name], [Name.Name], [pkg.Name.Name] or
// [import/path.Name], with a * in front or not; not a quoted literal such
// as "[redacted]".
var unresolved = regexp.MustCompile(`(^|[^\w\]"])\[\*?([A-Za-z_][\w]*(?:[./][A-Za-z_][\w.-]*)*)\]($|[^\w\[(:"])`)

// check returns what is wrong with the links of d.
func (x *docIndex) check(d *comment.Doc) []string {
	var problems []string
	var walkText func([]comment.Text)
	walkText = func(ts []comment.Text) {
		for _, t := range ts {
			switch t := t.(type) {
			case comment.Plain:
				for _, m := range unresolved.FindAllStringSubmatch(string(t), -1) {
					problems = append(problems, fmt.Sprintf("[%s] is printed with its brackets: the name does not resolve to a doc link (write it as the package or symbol it means, or without brackets)", m[2]))
				}
			case comment.Italic:
				walkText([]comment.Text{comment.Plain(t)})
			case *comment.Link:
				walkText(t.Text)
			case *comment.DocLink:
				if problem := x.checkTarget(t); problem != "" {
					problems = append(problems, problem)
				}
			}
		}
	}
	var walk func([]comment.Block)
	walk = func(bs []comment.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *comment.Paragraph:
				walkText(b.Text)
			case *comment.Heading:
				walkText(b.Text)
			case *comment.List:
				for _, item := range b.Items {
					walk(item.Content)
				}
			}
		}
	}
	walk(d.Content)
	sort.Strings(problems)
	return problems
}

// checkTarget returns what is wrong with a link to another package, ""
// if it exists: the package, and the symbol it names there.
func (x *docIndex) checkTarget(l *comment.DocLink) string {
	if l.ImportPath == "" {
		return "" // the parser found it in the package itself
	}
	target := l.ImportPath
	if l.Name != "" {
		target += "." + strings.TrimPrefix(l.Recv+"."+l.Name, ".")
	}
	dir, ok := packageDir(l.ImportPath)
	if !ok {
		return fmt.Sprintf("[%s] links to package %s, which does not exist", target, l.ImportPath)
	}
	if l.Name == "" {
		return ""
	}
	p, err := x.load(dir, false)
	if err != nil {
		return fmt.Sprintf("[%s]: %v", target, err)
	}
	if !p.Parser().LookupSym(l.Recv, l.Name) {
		return fmt.Sprintf("[%s] links to a symbol package %s does not declare", target, p.Name)
	}
	return ""
}

// packageDir returns the directory of the package at importPath: a
// directory of this repository, or of the standard library or a module
// the build uses.
func packageDir(importPath string) (string, bool) {
	if importPath == modulePath || strings.HasPrefix(importPath, modulePath+"/") {
		dir := strings.TrimPrefix(strings.TrimPrefix(importPath, modulePath), "/")
		if dir == "" {
			dir = "."
		}
		_, ok, err := readPackage(dir)
		return dir, ok && err == nil
	}
	bp, err := build.Default.Import(importPath, ".", build.FindOnly)
	if err != nil {
		return "", false
	}
	return bp.Dir, true
}
