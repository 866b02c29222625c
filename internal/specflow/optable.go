package specflow

import (
	"go/ast"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ReadOperationTable returns the operations of the effective spec at
// path (api/openapi.effective.yaml), keyed by operationId: the one
// operation table, which go generate also writes into
// internal/optable/table.gen.go, with the facade functions that send
// each operation (x-leadfox-methods of api/overlay.yaml).
func ReadOperationTable(path string) (map[string]Operation, error) {
	spec, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ops, err := Operations(spec)
	if err != nil {
		return nil, err
	}
	table := make(map[string]Operation, len(ops))
	for _, op := range ops {
		table[op.ID] = op
	}
	return table, nil
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
