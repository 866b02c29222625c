package leadfox_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/token"
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/leadfox-go/leadfox/api"
	"github.com/leadfox-go/leadfox/internal/specflow"
)

// TestEnumVarnamesMatchValues checks every x-enum-varnames list of the
// effective spec against its enum: one Go name per value, in order, each
// a distinct exported identifier. An enum value the vendor adds fails
// here until the overlay names it.
func TestEnumVarnamesMatchValues(t *testing.T) {
	var root map[string]any
	if err := yaml.Unmarshal(api.Spec(), &root); err != nil {
		t.Fatal(err)
	}
	n := 0
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if names, ok := v["x-enum-varnames"]; ok {
				n++
				specflowCheckVarnames(t, path, names, v["enum"])
			}
			for k, child := range v {
				walk(path+"."+k, child)
			}
		case []any:
			for i, child := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), child)
			}
		}
	}
	walk("$", root)
	if n < 5 {
		t.Errorf("found %d x-enum-varnames lists in the effective spec, want at least 5", n)
	}
}

func specflowCheckVarnames(t *testing.T, path string, names, enum any) {
	t.Helper()
	list, _ := names.([]any)
	values, ok := enum.([]any)
	if !ok {
		t.Errorf("%s: x-enum-varnames %v but no enum: remove the names from api/overlay.yaml", path, names)
		return
	}
	if len(list) != len(values) {
		t.Errorf("%s: x-enum-varnames %v name %d values, but the enum is %v (%d values).\n"+
			"Fix: give each value a Go name, in the enum's order, in api/overlay.yaml.", path, list, len(list), values, len(values))
		return
	}
	var seen []string
	for i, name := range list {
		s, _ := name.(string)
		if !token.IsIdentifier(s) || !token.IsExported(s) || slices.Contains(seen, s) {
			t.Errorf("%s: x-enum-varnames[%d] = %v for %v, want a distinct exported Go identifier", path, i, name, values[i])
		}
		seen = append(seen, s)
	}
}

// TestSpecSourceHash checks that api/SPEC_SOURCE records where
// openapi.yaml came from and its sha256, so that a replaced spec cannot
// be committed without the report of make spec-diff.
func TestSpecSourceHash(t *testing.T) {
	src, err := os.ReadFile("api/SPEC_SOURCE")
	if err != nil {
		t.Fatal(err)
	}
	spec, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]string{}
	for line := range strings.Lines(string(src)) {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ": "); ok && !strings.HasPrefix(k, "#") {
			fields[k] = v
		}
	}
	if fields["source"] == "" {
		t.Error("api/SPEC_SOURCE has no source: line saying where openapi.yaml came from")
	}
	sum := sha256.Sum256(spec)
	if got, want := fields["sha256"], hex.EncodeToString(sum[:]); got != want {
		t.Errorf("api/SPEC_SOURCE says sha256 %q, openapi.yaml has %s.\n"+
			"openapi.yaml changed: run make spec-diff, read its report, then follow CONTRIBUTING.md's \"When the vendor's spec changes\".", got, want)
	}
}

// TestEffectiveSpecIsCurrent checks that api/openapi.effective.yaml is
// openapi.yaml with api/overlay.yaml applied, as make generate writes it.
func TestEffectiveSpecIsCurrent(t *testing.T) {
	spec, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ov, err := os.ReadFile("api/overlay.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want, err := specflow.Apply(spec, ov, "api/overlay.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want = append([]byte(specflow.Header("openapi.yaml", "api/overlay.yaml")), want...)
	if !bytes.Equal(api.Spec(), want) {
		t.Error("api/openapi.effective.yaml is not openapi.yaml with api/overlay.yaml applied: run make generate")
	}
}
