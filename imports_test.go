package leadfox_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// generatedUsers are the test files and examples allowed to import
// package generated or its client and server, each with its reason: they
// test generated code itself, or the fake, which is built on it.
var generatedUsers = map[string]string{
	"facade/surface_test.go": "checks that the facade re-exports every generated type it reaches",
	"facade/models_test.go":  "holds each facade constant to its generated twin",
	"tests/fake/":            "the fake implements the generated server interface; its tests speak its types",
	"tests/bench/":           "measures the generated decoders and the raw client against baselines",
}

// TestTestsAndExamplesUseTheFacade fails when a test or an example imports
// package generated (or generated/client, generated/server) without a
// reason in generatedUsers: the facade re-exports what its users need, and
// the project's own tests and examples are written as its users write.
func TestTestsAndExamplesUseTheFacade(t *testing.T) {
	const generated = "github.com/leadfox-go/leadfox/generated"
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == "testdata" || path == "generated" || path == "internal"):
			return filepath.SkipDir
		case d.IsDir() || !writtenAsAUser(filepath.ToSlash(path)):
			return nil
		}
		path = filepath.ToSlash(path)
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if (p == generated || strings.HasPrefix(p, generated+"/")) && !allowedGeneratedUser(path) {
				t.Errorf("%s imports %s: use the facade's re-exported types (facade.Contact, facade.CampaignList, ...), or add the file to generatedUsers with its reason", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// writtenAsAUser reports whether path is a test or a file of an example.
func writtenAsAUser(path string) bool {
	return strings.HasSuffix(path, "_test.go") || (strings.HasPrefix(path, "examples/") && strings.HasSuffix(path, ".go"))
}

// allowedGeneratedUser reports whether generatedUsers lets path import
// generated, by file or by directory.
func allowedGeneratedUser(path string) bool {
	for p := range generatedUsers {
		if path == p || (strings.HasSuffix(p, "/") && strings.HasPrefix(path, p)) {
			return true
		}
	}
	return false
}
