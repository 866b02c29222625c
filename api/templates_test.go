package api

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// TestUpstreamTemplateCopy fails when the additional-properties template
// of the generator gen.go pins differs from the copy in api/templates: an
// upgrade of oapi-codegen must compare upstream's new template with ours
// (additional-properties.tmpl) and then refresh the copy.
func TestUpstreamTemplateCopy(t *testing.T) {
	gen, err := os.ReadFile("../gen.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`github\.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@(v[0-9][^ ]*)`).FindSubmatch(gen)
	if m == nil {
		t.Fatal("gen.go pins no oapi-codegen version")
	}
	version := string(m[1])
	copyPath := filepath.Join("templates", "upstream-additional-properties-"+version+".tmpl")
	ours, err := os.ReadFile(copyPath)
	if err != nil {
		t.Fatalf("gen.go pins oapi-codegen %s, but there is no copy of its template: %v.\n"+
			"Compare upstream's pkg/codegen/templates/additional-properties.tmpl of %s with templates/additional-properties.tmpl, then copy it to %s.",
			version, err, version, copyPath)
	}
	out, err := exec.Command("go", "mod", "download", "-json", "github.com/oapi-codegen/oapi-codegen/v2@"+version).Output()
	if err != nil {
		t.Fatalf("go mod download oapi-codegen %s: %v", version, err)
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		t.Fatalf("go mod download -json: %v %s", err, out)
	}
	upstream, err := os.ReadFile(filepath.Join(mod.Dir, "pkg", "codegen", "templates", "additional-properties.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(upstream, ours) {
		t.Errorf("oapi-codegen %s's additional-properties.tmpl differs from %s: merge its changes into templates/additional-properties.tmpl, then refresh the copy", version, copyPath)
	}
}
