// Command rawclientgen writes facade/rawclient.gen.go: for every method
// of the generated client (generated/client) that takes path
// parameters, a method of facade.RawClient that refuses, before any
// request, a value that would leave its path segment, then calls the
// generated one. The methods and their signatures are read from the
// generated client's ClientInterface, and which parameters fill the path
// from the effective spec's path templates, so that nothing lists the
// operations by hand. go generate runs it after oapi-codegen.
//
//	go run ./internal/cmd/rawclientgen -spec api/openapi.effective.yaml -client generated/client/client.gen.go -models generated/models.gen.go -o facade/rawclient.gen.go
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"text/template"
	"unicode"

	"github.com/leadfox-go/leadfox/internal/specflow"
)

func main() {
	spec := flag.String("spec", "api/openapi.effective.yaml", "the effective spec")
	clientSrc := flag.String("client", "generated/client/client.gen.go", "the generated client")
	models := flag.String("models", "generated/models.gen.go", "the generated models, whose aliases of string are read")
	out := flag.String("o", "facade/rawclient.gen.go", "where to write the wrappers")
	flag.Parse()
	if err := run(*spec, *clientSrc, *models, *out); err != nil {
		fmt.Fprintln(os.Stderr, "rawclientgen:", err)
		os.Exit(1)
	}
}

func run(specPath, clientPath, modelsPath, outPath string) error {
	spec, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	ops, err := specflow.Operations(spec)
	if err != nil {
		return err
	}
	fset := token.NewFileSet()
	clientFile, err := parser.ParseFile(fset, clientPath, nil, 0)
	if err != nil {
		return err
	}
	modelsFile, err := parser.ParseFile(fset, modelsPath, nil, 0)
	if err != nil {
		return err
	}
	methods, err := wrappers(fset, clientFile, pathParams(ops), stringAliases(modelsFile))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	var sigs strings.Builder
	for _, m := range methods {
		sigs.WriteString(m.Params)
	}
	if err := fileTemplate.Execute(&buf, struct {
		Spec            string
		Methods         []method
		NeedIO, NeedGen bool
	}{specPath, methods, strings.Contains(sigs.String(), "io."), strings.Contains(sigs.String(), "generated.")}); err != nil {
		return err
	}
	src, err := format.Source(buf.Bytes())
	if err != nil {
		return fmt.Errorf("formatting the wrappers: %w", err)
	}
	return os.WriteFile(outPath, src, 0o644)
}

// pathParams returns, by the Go name of each operationId, how many path
// parameters its path template has.
func pathParams(ops []specflow.Operation) map[string]int {
	n := make(map[string]int, len(ops))
	for _, op := range ops {
		n[op.GoName()] = strings.Count(op.Path, "{")
	}
	return n
}

// stringAliases returns the names of the models declared as aliases of
// string, directly or through another alias (type ID = ObjectID).
func stringAliases(f *ast.File) map[string]bool {
	alias := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, s := range g.Specs {
			if ts := s.(*ast.TypeSpec); ts.Assign.IsValid() {
				if id, ok := ts.Type.(*ast.Ident); ok {
					alias[ts.Name.Name] = id.Name
				}
			}
		}
	}
	isString := map[string]bool{}
	for name := range alias {
		t := name
		for i := 0; i < len(alias) && t != "string"; i++ {
			t = alias[t]
		}
		isString[name] = t == "string"
	}
	return isString
}

// method is a wrapper as the template renders it.
type method struct {
	Name   string
	Params string // the parameters after ctx, as declared
	Args   string // the arguments passed on, after ctx
	Check  string // the expression whose error refuses the call
}

// wrappers returns a wrapper for every method of ClientInterface in f
// whose operation (its name, less a WithBody suffix) has path
// parameters: the first that many parameters after ctx.
func wrappers(fset *token.FileSet, f *ast.File, paths map[string]int, strs map[string]bool) ([]method, error) {
	iface := findInterface(f, "ClientInterface")
	if iface == nil {
		return nil, errors.New("no ClientInterface in the generated client")
	}
	var out []method
	for _, field := range iface.Methods.List {
		fn, ok := field.Type.(*ast.FuncType)
		if !ok || len(field.Names) != 1 {
			continue
		}
		name := field.Names[0].Name
		k, ok := paths[strings.TrimSuffix(name, "WithBody")]
		if !ok {
			return nil, fmt.Errorf("%s: no operation of the spec has this name", name)
		}
		if k == 0 {
			continue
		}
		m, err := wrapper(fset, name, fn, k, strs)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// wrapper returns the wrapper of the method name of type fn, whose first
// k parameters after ctx fill its path.
func wrapper(fset *token.FileSet, name string, fn *ast.FuncType, k int, strs map[string]bool) (method, error) {
	var params, args, checks []string
	i := 0
	for _, p := range fn.Params.List {
		typ, variadic := p.Type, false
		if e, ok := typ.(*ast.Ellipsis); ok {
			typ, variadic = e.Elt, true
		}
		qualified := qualify(typ)
		for _, n := range p.Names {
			i++
			if i == 1 { // ctx
				continue
			}
			var b strings.Builder
			if err := format.Node(&b, fset, qualified); err != nil {
				return method{}, err
			}
			t := b.String()
			switch {
			case variadic:
				params = append(params, n.Name+" ..."+t)
				args = append(args, n.Name+"...")
			default:
				params = append(params, n.Name+" "+t)
				args = append(args, n.Name)
			}
			if i-1 <= k {
				checks = append(checks, check(n.Name, typ, strs))
			}
		}
	}
	if len(checks) != k {
		return method{}, fmt.Errorf("%s: %d path parameters in the spec, %d in the signature", name, k, len(checks))
	}
	c := checks[0]
	if k > 1 {
		c = "firstError(" + strings.Join(checks, ", ") + ")"
	}
	return method{Name: name, Params: strings.Join(params, ", "), Args: strings.Join(args, ", "), Check: c}, nil
}

// check returns the call that vets the path parameter name of type typ,
// labelled in words ("listID" as "list id").
func check(name string, typ ast.Expr, strs map[string]bool) string {
	v := name
	if id, ok := typ.(*ast.Ident); !ok || (id.Name != "string" && !strs[id.Name]) {
		v = "string(" + name + ")"
	}
	return fmt.Sprintf("checkPathParam(%q, %s)", words(name), v)
}

// qualify returns typ with the generated package's exported names
// (dot-imported by the generated client) qualified as generated.X, and
// the client's own RequestEditorFn as the facade's alias.
func qualify(typ ast.Expr) ast.Expr {
	switch t := typ.(type) {
	case *ast.Ident:
		switch {
		case t.Name == "RequestEditorFn":
			return t
		case ast.IsExported(t.Name):
			return &ast.SelectorExpr{X: ast.NewIdent("generated"), Sel: ast.NewIdent(t.Name)}
		}
	case *ast.StarExpr:
		return &ast.StarExpr{X: qualify(t.X)}
	}
	return typ
}

// findInterface returns the interface type declared as name in f.
func findInterface(f *ast.File, name string) *ast.InterfaceType {
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, s := range g.Specs {
			if ts := s.(*ast.TypeSpec); ts.Name.Name == name {
				it, _ := ts.Type.(*ast.InterfaceType)
				return it
			}
		}
	}
	return nil
}

// words returns a camelCase name as lower-case words: "elementID" as
// "element id".
func words(name string) string {
	var b strings.Builder
	prevLower := false
	for _, r := range name {
		if unicode.IsUpper(r) && prevLower {
			b.WriteByte(' ')
		}
		prevLower = unicode.IsLower(r)
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

var fileTemplate = template.Must(template.New("rawclient").Parse(`// Code generated by internal/cmd/rawclientgen from {{.Spec}} and generated/client. DO NOT EDIT.

package facade

import (
	"context"
{{- if .NeedIO}}
	"io"
{{- end}}
	"net/http"
{{if .NeedGen}}
	"github.com/leadfox-go/leadfox/generated"
{{- end}}
)
{{range .Methods}}
// {{.Name}} is [client.Client.{{.Name}}], refusing a path
// parameter that would leave its segment.
func (c *RawClient) {{.Name}}(ctx context.Context, {{.Params}}) (*http.Response, error) {
	if err := {{.Check}}; err != nil {
		return nil, err
	}
	return c.Client.{{.Name}}(ctx, {{.Args}})
}
{{end}}`))
