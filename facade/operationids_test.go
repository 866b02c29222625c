package facade

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/leadfox-go/leadfox/internal/optable"
)

// TestOperationIDConstants checks that operations.go declares one
// constant per operation the facade sends, whose value is the
// operationId and whose doc links exactly the facade methods that send
// it, so that the names a middleware compares with stay true.
func TestOperationIDConstants(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "operations.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`\[([A-Za-z.]+)\]`)
	seen := map[string]bool{}
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			id, _ := strconv.Unquote(vs.Values[0].(*ast.BasicLit).Value)
			name := vs.Names[0].Name
			op := optable.ByID(id)
			ok := op != nil
			if !ok {
				t.Errorf("%s = %q: no operation of the facade has that id", name, id)
				continue
			}
			seen[id] = true
			var linked []string
			for _, m := range link.FindAllStringSubmatch(vs.Doc.Text(), -1) {
				linked = append(linked, m[1])
			}
			if want := op.Methods; !slices.Equal(linked, want) {
				t.Errorf("%s: its doc links %v, want the methods that send %s: %v", name, linked, id, want)
			}
		}
	}
	for _, op := range optable.All {
		if !seen[op.ID] {
			t.Errorf("operation %s has no constant in operations.go", op.ID)
		}
	}
}
