package specflow

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TableEntry is one operation of the facade's operation table
// (facade/operation.go): its operationId, its retry class as written
// there, and the facade functions that send it.
type TableEntry struct {
	ID      string
	Retry   string   // the retryClass constant's name, e.g. "retryIdempotent"
	Methods []string // "Type.Method" or "Func"
}

// ReadOperationTable parses the Go file path and returns every composite
// literal of type operation in it, keyed by operationId. The facade's
// tests hold the result to the table the facade runs with, so that what
// make spec-diff reads is what the SDK does.
func ReadOperationTable(path string) (map[string]TableEntry, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	table := map[string]TableEntry{}
	var bad error
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		if id, ok := lit.Type.(*ast.Ident); !ok || id.Name != "operation" {
			return true
		}
		var e TableEntry
		for _, elt := range lit.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			key, _ := kv.Key.(*ast.Ident)
			if key == nil {
				continue
			}
			switch key.Name {
			case "id":
				e.ID = stringLit(kv.Value)
			case "retry":
				if v, ok := kv.Value.(*ast.Ident); ok {
					e.Retry = v.Name
				}
			case "methods":
				if list, ok := kv.Value.(*ast.CompositeLit); ok {
					for _, m := range list.Elts {
						e.Methods = append(e.Methods, stringLit(m))
					}
				}
			}
		}
		if e.ID == "" {
			bad = fmt.Errorf("%s: an operation literal without a string id", fset.Position(lit.Pos()))
			return false
		}
		if _, dup := table[e.ID]; dup {
			bad = fmt.Errorf("%s: operation %q listed twice", fset.Position(lit.Pos()), e.ID)
			return false
		}
		table[e.ID] = e
		return true
	})
	if bad != nil {
		return nil, bad
	}
	return table, nil
}

func stringLit(e ast.Expr) string {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return ""
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		return ""
	}
	return s
}

// Funcs returns the functions and methods declared in the non-test Go
// files of dir, as "Func" and "Type.Method" (the receiver's type name,
// without a pointer), sorted.
func Funcs(dir string) ([]string, error) {
	files, err := ParseDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			out = append(out, funcName(fn))
		}
	}
	slices.Sort(out)
	return out, nil
}

func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	t := fn.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	if idx, ok := t.(*ast.IndexExpr); ok {
		t = idx.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fn.Name.Name
	}
	return fn.Name.Name
}

// GoName returns the Go name oapi-codegen gives an operationId: its first
// letter upper-cased (the ids the overlay pins are lowerCamelCase).
func GoName(operationID string) string {
	r, n := utf8.DecodeRuneInString(operationID)
	return string(unicode.ToUpper(r)) + operationID[n:]
}

// Handlers returns, for each name in goNames, the fake's functions in dir
// that implement it: a method of that name on any type. A missing name
// has no entry.
func Handlers(dir string, goNames []string) (map[string][]string, error) {
	funcs, err := Funcs(dir)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, fn := range funcs {
		_, method, ok := strings.Cut(fn, ".")
		if ok && slices.Contains(goNames, method) {
			out[method] = append(out[method], fn)
		}
	}
	return out, nil
}

// TestFiles returns the _test.go files under root (recursively, skipping
// generated/, testdata and this package's own rehearsal) whose text contains the quoted operationId,
// relative to root, sorted.
func TestFiles(root, operationID string) ([]string, error) {
	needle := strconv.Quote(operationID)
	var out []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "testdata", "generated", ".git", "specflow":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), needle) {
			rel, _ := filepath.Rel(root, path)
			out = append(out, rel)
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}
