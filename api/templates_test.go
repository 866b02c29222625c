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

// TestUpstreamTemplateCopy fails when a template of the generator gen.go
// pins, one that api/templates overrides, differs from its upstream copy
// there: an upgrade of oapi-codegen must compare upstream's new template
// with ours (additional-properties.tmpl, client.tmpl) and then refresh
// the copy.
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
	out, err := exec.Command("go", "mod", "download", "-json", "github.com/oapi-codegen/oapi-codegen/v2@"+version).Output()
	if err != nil {
		t.Fatalf("go mod download oapi-codegen %s: %v", version, err)
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		t.Fatalf("go mod download -json: %v %s", err, out)
	}
	for _, name := range []string{"additional-properties", "client"} {
		copyPath := filepath.Join("templates", "upstream-"+name+"-"+version+".tmpl")
		ours, err := os.ReadFile(copyPath)
		if err != nil {
			t.Errorf("gen.go pins oapi-codegen %s, but there is no copy of its template: %v.\n"+
				"Compare upstream's pkg/codegen/templates/%s.tmpl of %s with templates/%s.tmpl, then copy it to %s.",
				version, err, name, version, name, copyPath)
			continue
		}
		upstream, err := os.ReadFile(filepath.Join(mod.Dir, "pkg", "codegen", "templates", name+".tmpl"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(upstream, ours) {
			t.Errorf("oapi-codegen %s's %s.tmpl differs from %s: merge its changes into templates/%s.tmpl, then refresh the copy", version, name, copyPath, name)
		}
	}
}
