package facade

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// rawPathParams returns, for each method of the generated client, the
// indices (after ctx) of its path parameters: those whose type is a
// named id or enum type of the spec rather than string, io.Reader, a
// body, a params pointer or the editors.
func rawPathParams(t *testing.T) map[string][]int {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../generated/client/client.gen.go", nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]int{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv == nil || !ast.IsExported(fn.Name.Name) {
			continue
		}
		if star, ok := fn.Recv.List[0].Type.(*ast.StarExpr); !ok || star.X.(*ast.Ident).Name != "Client" {
			continue
		}
		i := 0
		for _, field := range fn.Type.Params.List[1:] {
			for range field.Names {
				if id, ok := field.Type.(*ast.Ident); ok && id.Name != "string" && !strings.HasSuffix(id.Name, "RequestBody") {
					out[fn.Name.Name] = append(out[fn.Name.Name], i)
				}
				i++
			}
		}
	}
	if len(out) < 10 {
		t.Fatalf("found path parameters in only %d methods of the generated client", len(out))
	}
	return out
}

// TestRawRefusesIDsLeavingTheirSegment: every method of Client.Raw with a
// path parameter refuses "", "." and ".." in it with an error matching
// ErrInvalidArgument, and sends no request: the generated client resolves
// dot segments, so RemoveContactFromList(ctx, "..", id) would otherwise
// be sent as DELETE /v1/contact/{id}.
func TestRawRefusesIDsLeavingTheirSegment(t *testing.T) {
	f := setup(t)
	raw := reflect.ValueOf(f.client.Raw())
	for name, params := range rawPathParams(t) {
		m := raw.MethodByName(name)
		if !m.IsValid() {
			t.Errorf("Raw() has no method %s", name)
			continue
		}
		for _, p := range params {
			for _, bad := range []string{"", ".", ".."} {
				out := m.Call(rawArgs(m.Type(), p, bad))
				err, _ := out[1].Interface().(error)
				wantErr(t, err, ErrInvalidArgument, name+" with a path parameter "+strconv.Quote(bad))
				if resp, _ := out[0].Interface().(*http.Response); resp != nil {
					_ = resp.Body.Close()
				}
			}
		}
	}
	if n := f.apiCalls(); n != 0 {
		t.Errorf("%d requests reached the server, want none", n)
	}
}

// rawArgs returns arguments for a method of type mt (a bound method, ctx
// first): bad for the parameter at index bad (after ctx), a valid id for
// the other strings, and zero values for the rest.
func rawArgs(mt reflect.Type, bad int, badValue string) []reflect.Value {
	args := []reflect.Value{reflect.ValueOf(context.Background())}
	for i := 1; i < mt.NumIn(); i++ {
		pt := mt.In(i)
		switch {
		case mt.IsVariadic() && i == mt.NumIn()-1:
			continue
		case i-1 == bad:
			args = append(args, reflect.ValueOf(badValue).Convert(pt))
		case pt.Kind() == reflect.String:
			args = append(args, reflect.ValueOf(contactID).Convert(pt))
		case pt == reflect.TypeFor[io.Reader]():
			args = append(args, reflect.ValueOf(io.Reader(strings.NewReader("{}"))))
		default:
			args = append(args, reflect.Zero(pt))
		}
	}
	return args
}
