package api

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestEveryPropertyIsDescribed checks that every property of every schema
// of the effective spec, and every parameter, says what it means: the
// description becomes the field's doc comment in package generated and
// the facade's Fields blocks. A property the vendor adds without a
// description fails here until api/overlay.yaml describes it.
//
// OpenAPI 3.0 ignores a description next to a $ref, so a $ref property
// is described by the schema it names, but only when every property that
// names that schema has the same name (status -> EmailCampaignStatus):
// then the schema's description is the field's meaning. A schema named
// under several property names (ObjectID under _id, folder and list)
// describes a value, not a field, so such a property needs one of its
// own (an allOf wrapper in the overlay).
func TestEveryPropertyIsDescribed(t *testing.T) {
	var root map[string]any
	if err := yaml.Unmarshal(effective, &root); err != nil {
		t.Fatal(err)
	}
	schemas := mapAt(root, "components", "schemas")
	if len(schemas) == 0 {
		t.Fatal("the effective spec has no components.schemas")
	}
	props := map[string][]property{} // schema path -> its properties
	names := map[string][]string{}   // $ref -> the property names that use it
	var walk func(path string, schema map[string]any)
	walk = func(path string, schema map[string]any) {
		p, _ := schema["properties"].(map[string]any)
		for _, name := range sortedKeys(p) {
			node, _ := p[name].(map[string]any)
			props[path] = append(props[path], property{name, node})
			if ref := refOf(node); ref != "" && !slices.Contains(names[ref], name) {
				names[ref] = append(names[ref], name)
			}
			walk(path+".properties."+name, node)
		}
		if items, ok := schema["items"].(map[string]any); ok {
			walk(path+".items", items)
		}
		if extra, ok := schema["additionalProperties"].(map[string]any); ok {
			walk(path+".additionalProperties", extra)
		}
		for _, key := range []string{"allOf", "anyOf", "oneOf"} {
			list, _ := schema[key].([]any)
			for i, s := range list {
				m, _ := s.(map[string]any)
				walk(fmt.Sprintf("%s.%s[%d]", path, key, i), m)
			}
		}
	}
	for _, name := range sortedKeys(schemas) {
		m, _ := schemas[name].(map[string]any)
		walk("components.schemas."+name, m)
	}
	n := 0
	for _, path := range sortedKeys(props) {
		for _, p := range props[path] {
			n++
			if why := undescribed(p, schemas, names); why != "" {
				t.Errorf("%s.properties.%s has no description: %s.\n"+
					"Fix: add one in api/overlay.yaml (see its Descriptions section) and run make generate.", path, p.name, why)
			}
		}
	}
	if n < 100 {
		t.Errorf("found %d properties in the effective spec, want at least 100", n)
	}
	checkParameters(t, root)
}

type property struct {
	name string
	node map[string]any
}

// undescribed returns why p has no description, or "" when it has one.
func undescribed(p property, schemas map[string]any, names map[string][]string) string {
	if d, _ := p.node["description"].(string); strings.TrimSpace(d) != "" {
		return ""
	}
	ref, ok := p.node["$ref"].(string)
	if !ok {
		return "none of its own"
	}
	target, _ := schemas[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any)
	if d, _ := target["description"].(string); strings.TrimSpace(d) == "" {
		return "it is a $ref to " + ref + ", which has no description either"
	}
	if len(names[ref]) > 1 {
		return fmt.Sprintf("it is a $ref to %s, which properties of several names use (%s), so its description is not this field's meaning",
			ref, strings.Join(slices.Sorted(slices.Values(names[ref])), ", "))
	}
	return ""
}

// checkParameters checks the shared parameters and those of each
// operation: they become the fields of the Params types.
func checkParameters(t *testing.T, root map[string]any) {
	t.Helper()
	n := 0
	check := func(where string, p any) {
		m, _ := p.(map[string]any)
		if _, ref := m["$ref"]; ref {
			return // a shared parameter, checked on its own
		}
		n++
		if d, _ := m["description"].(string); strings.TrimSpace(d) == "" {
			t.Errorf("%s: parameter %v has no description. Fix: add one in api/overlay.yaml.", where, m["name"])
		}
	}
	shared := mapAt(root, "components", "parameters")
	for _, name := range sortedKeys(shared) {
		check("components.parameters."+name, shared[name])
	}
	paths := mapAt(root, "paths")
	for _, path := range sortedKeys(paths) {
		item, _ := paths[path].(map[string]any)
		ps, _ := item["parameters"].([]any)
		for _, p := range ps {
			check(path, p)
		}
		for _, method := range sortedKeys(item) {
			op, _ := item[method].(map[string]any)
			ps, _ := op["parameters"].([]any)
			for _, p := range ps {
				check(path+" "+method, p)
			}
		}
	}
	if n < 5 {
		t.Errorf("found %d parameters in the effective spec, want at least 5", n)
	}
}

// refOf returns the schema a property names: its $ref, or that of the
// one member of an allOf wrapper; "" for an inline schema.
func refOf(node map[string]any) string {
	if ref, ok := node["$ref"].(string); ok {
		return ref
	}
	if all, _ := node["allOf"].([]any); len(all) == 1 {
		m, _ := all[0].(map[string]any)
		ref, _ := m["$ref"].(string)
		return ref
	}
	return ""
}

func mapAt(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		m, _ = m[k].(map[string]any)
	}
	return m
}

// sortedKeys returns the keys of m, sorted, for a walk in a stable order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
