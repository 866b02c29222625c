package facade

import (
	"fmt"
	"go/types"
	"sort"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/internal/testsupport"
)

const surfaceGeneratedPath = "github.com/leadfox-go/leadfox/generated"

// TestSurfaceReExportsGeneratedTypes reads the facade package (without
// its tests) from its export data and walks every exported function,
// method, field and type it offers, and the fields and methods of every
// type reachable from them: each named type of package generated met on the way must
// be re-exported by an alias of the facade, so that no user imports
// generated to name a type the facade hands out.
func TestSurfaceReExportsGeneratedTypes(t *testing.T) {
	pkg := surfaceLoad(t)
	reexported := map[*types.TypeName]bool{}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || !tn.Exported() || !tn.IsAlias() {
			continue
		}
		if n, ok := types.Unalias(tn.Type()).(*types.Named); ok && surfaceIsGenerated(n.Obj()) {
			reexported[n.Obj()] = true
		}
	}
	w := surfaceWalker{seen: map[types.Type]bool{}, missing: map[string]string{}}
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		w.walk(obj.Type(), "facade."+name)
	}
	var missing []string
	for name, where := range w.missing {
		obj := w.objs[name]
		if !reexported[obj] {
			missing = append(missing, fmt.Sprintf("generated.%s (reached through %s)", name, where))
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("the facade hands out %s but re-exports no alias of it", m)
	}
}

// surfaceLoad returns the facade package, without its tests, as its
// export data describes it: the build cache has it, so no test type-checks
// the module and the standard library from source.
func surfaceLoad(t *testing.T) *types.Package {
	t.Helper()
	return testsupport.TypesOf(t, "github.com/leadfox-go/leadfox/facade")
}

// surfaceIsRawClient reports whether obj is the generated client that
// [RawClient] names: the escape hatch is facade surface, so the parameter
// and body types its methods take must be re-exported too.
func surfaceIsRawClient(obj *types.TypeName) bool {
	return obj.Pkg() != nil && obj.Pkg().Path() == surfaceGeneratedPath+"/client" && obj.Name() == "Client"
}

func surfaceIsGenerated(obj *types.TypeName) bool {
	return obj.Pkg() != nil && obj.Pkg().Path() == surfaceGeneratedPath
}

// surfaceWalker visits the types of the facade's surface once each.
type surfaceWalker struct {
	seen    map[types.Type]bool
	missing map[string]string // generated type name -> first path to it
	objs    map[string]*types.TypeName
}

func (w *surfaceWalker) walk(t types.Type, where string) {
	if w.seen[t] {
		return
	}
	w.seen[t] = true
	switch t := t.(type) {
	case *types.Alias:
		w.walk(types.Unalias(t), where)
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() == nil {
			return
		}
		if surfaceIsGenerated(obj) {
			if _, ok := w.missing[obj.Name()]; !ok {
				w.missing[obj.Name()] = where
				if w.objs == nil {
					w.objs = map[string]*types.TypeName{}
				}
				w.objs[obj.Name()] = obj
			}
		} else if !strings.HasPrefix(obj.Pkg().Path(), "github.com/leadfox-go/leadfox/facade") && !surfaceIsRawClient(obj) {
			return // another package's types are its own surface
		}
		name := obj.Name()
		w.walk(t.Underlying(), name)
		for m := range t.Methods() {
			if m.Exported() {
				w.walk(m.Type(), name+"."+m.Name())
			}
		}
		if _, isIface := t.Underlying().(*types.Interface); !isIface {
			ptr := types.NewMethodSet(types.NewPointer(t))
			for sel := range ptr.Methods() {
				if sel.Obj().Exported() {
					w.walk(sel.Type(), name+"."+sel.Obj().Name())
				}
			}
		}
	case *types.Pointer:
		w.walk(t.Elem(), where)
	case *types.Slice:
		w.walk(t.Elem(), where)
	case *types.Array:
		w.walk(t.Elem(), where)
	case *types.Chan:
		w.walk(t.Elem(), where)
	case *types.Map:
		w.walk(t.Key(), where)
		w.walk(t.Elem(), where)
	case *types.Signature:
		for v := range t.Params().Variables() {
			w.walk(v.Type(), where)
		}
		for v := range t.Results().Variables() {
			w.walk(v.Type(), where)
		}
	case *types.Struct:
		for f := range t.Fields() {
			if f.Exported() || f.Embedded() {
				w.walk(f.Type(), where+"."+f.Name())
			}
		}
	case *types.Interface:
		for m := range t.Methods() {
			if m.Exported() {
				w.walk(m.Type(), where+"."+m.Name())
			}
		}
	}
}
