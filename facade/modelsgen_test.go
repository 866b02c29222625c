package facade

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestModelAliasesAreGenerated checks that every alias of a type of
// package generated (not of its client) is declared in models.gen.go, whose docs go generate writes from
// models.yaml with the list of the type's fields: an alias written by
// hand elsewhere would show a model without its fields.
func TestModelAliasesAreGenerated(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		models := modelPackages(f)
		ast.Inspect(f, func(node ast.Node) bool {
			ts, ok := node.(*ast.TypeSpec)
			if !ok || !ts.Assign.IsValid() {
				return true
			}
			if sel, ok := ts.Type.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && models[x.Name] {
					if n++; name != "models.gen.go" {
						t.Errorf("%s: %s = %s.%s is a model alias written by hand. Fix: move it to models.yaml and run make generate.",
							name, ts.Name.Name, x.Name, sel.Sel.Name)
					}
				}
			}
			return true
		})
	}
	if n < 45 {
		t.Errorf("found %d model aliases, want at least 45: the test no longer sees them", n)
	}
}

// modelPackages returns the names under which f imports package
// generated (not generated/client).
func modelPackages(f *ast.File) map[string]bool {
	names := map[string]bool{}
	for _, imp := range f.Imports {
		path := strings.Trim(imp.Path.Value, `"`)
		if !strings.HasSuffix(path, "/generated") {
			continue
		}
		name := path[strings.LastIndex(path, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		names[name] = true
	}
	return names
}
