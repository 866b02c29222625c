package testsupport_test

import (
	"go/types"
	"testing"

	"github.com/leadfox-go/leadfox/internal/testsupport"
)

func TestTypesOfReadsDeclarationsAndAliases(t *testing.T) {
	const path = "github.com/leadfox-go/leadfox/facade/facadetest" // small, with an alias
	pkg := testsupport.TypesOf(t, path)
	if pkg.Path() != path || pkg.Name() != "facadetest" {
		t.Fatalf("TypesOf(%s) = %s (%s)", path, pkg.Path(), pkg.Name())
	}
	clk, ok := pkg.Scope().Lookup("Clock").(*types.TypeName)
	if !ok {
		t.Fatalf("facadetest.Clock is %v, want a type", pkg.Scope().Lookup("Clock"))
	}
	named, ok := types.Unalias(clk.Type()).(*types.Named)
	if !clk.IsAlias() || !ok || named.Obj().Pkg().Path() != "github.com/leadfox-go/leadfox/clock/clocktest" {
		t.Errorf("facadetest.Clock = %v, want an alias of clocktest.Clock", clk.Type())
	}
}

func TestTypesOfFailsOnAPackageThatDoesNotBuild(t *testing.T) {
	tb := &fatalTB{TB: t}
	if pkg := testsupport.TypesOf(tb, "github.com/leadfox-go/leadfox/no/such/package"); pkg != nil || !tb.failed {
		t.Errorf("TypesOf of a missing package = %v, failed %v; want nil and a failed test", pkg, tb.failed)
	}
}
