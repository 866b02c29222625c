package main

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/leadfox-go/leadfox/internal/specflow"
)

// handwritten is a wire fact that the SDK writes by hand rather than
// generating it: where it lies in the effective spec and the code that
// repeats it.
type handwritten struct {
	name      string
	at        []string
	writtenIn string
}

var handwrittenFacts = []handwritten{
	{"the server", []string{"servers"}, "internal/baseurl.Default (facade.DefaultBaseURL)"},
	{"the global security requirement", []string{"security"}, "auth and the facade: every call but authenticate sends Authorization"},
	{"the security schemes", []string{"components", "securitySchemes"}, `auth: the header "Authorization: JWT <token>"`},
	{"the error response", []string{"components", "responses", "Error"}, "facade/errors.go: errorMessage reads a JSON error, message or errors member"},
	{"the error body", []string{"components", "schemas", "Error"}, "facade/errors.go: errorMessage reads a JSON error, message or errors member"},
	{"the page size parameter", []string{"components", "parameters", "Limit"}, "pager.MaxPageSize and facade/list.go (limit, 1 to 1000)"},
	{"the page offset parameter", []string{"components", "parameters", "Skip"}, "pager and facade/list.go (skip from 0)"},
}

// decodeSpec reads a spec, YAML or JSON, as generic data.
func decodeSpec(doc []byte) (map[string]any, error) {
	var root map[string]any
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return nil, err
	}
	return root, nil
}

// lookup returns the value at the keys at under v, or nil.
func lookup(v any, at []string) any {
	for _, k := range at {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// meaning returns v without what does not change the wire or the Go
// API's shape: descriptions, summaries, examples and our x-leadfox marks.
func meaning(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			switch {
			case k == "description", k == "summary", k == "example", k == "examples", strings.HasPrefix(k, "x-leadfox-"):
				continue
			}
			out[k] = meaning(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = meaning(e)
		}
		return out
	}
	return v
}

// factsSection reports each hand-written wire fact that changed, and
// every enum of the new effective spec whose values lack a Go name.
func factsSection(r *report, s specs, _ affected) error {
	r.section("Wire facts the SDK writes by hand, and enum names")
	base, err := decodeSpec(s.base)
	if err != nil {
		return fmt.Errorf("the committed effective spec: %w", err)
	}
	rev, err := decodeSpec(s.rev)
	if err != nil {
		return fmt.Errorf("the new effective spec: %w", err)
	}
	n := 0
	for _, f := range handwrittenFacts {
		old, now := meaning(lookup(base, f.at)), meaning(lookup(rev, f.at))
		if reflect.DeepEqual(old, now) {
			continue
		}
		n++
		r.breaking("wire fact", f.name+" changed")
		r.printf("BREAKING: %s (%s) changed; the SDK writes it by hand in %s: change that code, then its test.\n  was: %s\n  now: %s\n",
			f.name, strings.Join(f.at, "."), f.writtenIn, flow(old), flow(now))
	}
	for _, e := range unnamedEnums(rev) {
		n++
		r.breaking("enum", e)
		r.printf("BREAKING: %s\n", e)
	}
	if n == 0 {
		r.println("unchanged; every enum value has a Go name")
	}
	return nil
}

// flow renders v as one line of YAML flow style.
func flow(v any) string {
	if v == nil {
		return "(absent)"
	}
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	setFlow(&n)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	if err := enc.Encode(&n); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSpace(b.String())
}

func setFlow(n *yaml.Node) {
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		n.Style = yaml.FlowStyle
	}
	for _, c := range n.Content {
		setFlow(c)
	}
}

// unnamedEnums returns a message for each schema of doc whose
// x-enum-varnames does not name every value of its enum, in document
// order of keys.
func unnamedEnums(doc map[string]any) []string {
	var out []string
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if names, ok := v["x-enum-varnames"].([]any); ok {
				if values, _ := v["enum"].([]any); len(values) != len(names) {
					out = append(out, fmt.Sprintf("%s: the enum %s has %d value(s) but x-enum-varnames %s names %d: give each value a Go name, in order, in api/overlay.yaml",
						at, flow(values), len(values), flow(names), len(names)))
				}
			}
			for _, k := range slices.Sorted(maps.Keys(v)) {
				walk(at+"."+k, v[k])
			}
		case []any:
			for i, e := range v {
				walk(fmt.Sprintf("%s[%d]", at, i), e)
			}
		}
	}
	walk("$", doc)
	return out
}

// changedComponents returns the components, as "#/components/<kind>/<name>",
// whose meaning differs between the two effective specs, added and
// removed ones included.
func changedComponents(s specs) map[string]bool {
	base, _ := decodeSpec(s.base)
	rev, _ := decodeSpec(s.rev)
	out := map[string]bool{}
	for _, doc := range []map[string]any{base, rev} {
		comps, _ := doc["components"].(map[string]any)
		for kind, group := range comps {
			g, _ := group.(map[string]any)
			for name := range g {
				at := []string{"components", kind, name}
				if !reflect.DeepEqual(meaning(lookup(base, at)), meaning(lookup(rev, at))) {
					out["#/components/"+kind+"/"+name] = true
				}
			}
		}
	}
	return out
}

// modelsOf returns the changed schemas that operation id uses, each with
// the Go API changes of its type that apidiff reported.
func modelsOf(id string, s specs, changed map[string]bool, fields map[string][]string) []string {
	var out []string
	for _, ops := range [][]specflow.Operation{s.revOps, s.baseOps} {
		for _, op := range ops {
			if op.ID != id {
				continue
			}
			for _, ref := range op.Uses {
				name, ok := strings.CutPrefix(ref, "#/components/schemas/")
				if !ok || !changed[ref] {
					continue
				}
				if f := fields[name]; len(f) > 0 {
					name += " (" + strings.Join(f, "; ") + ")"
				}
				out = append(out, name)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
