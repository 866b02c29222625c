package testsupport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TypesOf returns the package at import path pkg, with the types of
// everything it declares, read from its compiled export data: `go list
// -export` builds the package and its dependencies or, as a rule, finds
// them in the build cache, so nothing is type-checked from source. The
// export data holds only what the package's non-test files declare,
// aliases included. It runs the go command on the PATH, with the test
// binary's Go release as GOTOOLCHAIN so that the export data is in the
// form this binary's importer reads, in the current directory, which must
// be inside the module. It fails tb, and returns nil, on any error.
func TypesOf(tb testing.TB, pkg string) *types.Package {
	tb.Helper()
	exports, err := exportFiles(pkg)
	if err != nil {
		tb.Fatalf("testsupport: export data of %s: %v", pkg, err)
		return nil
	}
	lookup := func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(file)
	}
	p, err := importer.ForCompiler(token.NewFileSet(), "gc", lookup).Import(pkg)
	if err != nil {
		tb.Fatalf("testsupport: import %s from its export data: %v", pkg, err)
		return nil
	}
	return p
}

// exportFiles returns the export data file of pkg and of every package
// it depends on, by import path.
func exportFiles(pkg string) (map[string]string, error) {
	cmd := exec.Command("go", "list", "-export", "-deps", "-json=ImportPath,Export,Error", pkg)
	if v := runtime.Version(); strings.HasPrefix(v, "go") { // not a development build
		cmd.Env = append(os.Environ(), "GOTOOLCHAIN="+v)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w: %s", err, stderr.Bytes())
	}
	exports := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath, Export string
			Error              *struct{ Err string }
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			return exports, nil
		} else if err != nil {
			return nil, fmt.Errorf("decode go list's output: %w", err)
		}
		if p.Error != nil {
			return nil, fmt.Errorf("%s: %s", p.ImportPath, p.Error.Err)
		}
		if p.Export != "" {
			exports[p.ImportPath] = p.Export
		}
	}
}
