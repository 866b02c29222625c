package specflow

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/speakeasy-api/openapi/overlay/loader"
	"gopkg.in/yaml.v3"
)

// Operation is one operation of an OpenAPI document, read as data: what
// make spec-diff compares, and what the SDK's operation table
// (internal/cmd/optablegen) is generated from.
type Operation struct {
	ID, Method, Path string // Method in upper case, as "PUT"
	// Idempotent reports whether sending the operation twice has the
	// effect of sending it once: a GET, HEAD, PUT or DELETE, or an
	// operation marked x-idempotent: true.
	Idempotent bool
	// Methods are the facade functions that send it ("Type.Method" or
	// "Func"), from its x-leadfox-methods (api/overlay.yaml).
	Methods []string
	// Uses are the components the operation reaches through $ref, at any
	// depth, as "#/components/<kind>/<name>", sorted.
	Uses []string
}

// GoName returns the exported Go name of the operation's id, as
// oapi-codegen names the generated client's method: its first letter
// upper-cased.
func (o Operation) GoName() string {
	r, n := utf8.DecodeRuneInString(o.ID)
	return string(unicode.ToUpper(r)) + o.ID[n:]
}

// httpMethods are the keys of a path item that hold operations.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// Operations returns every operation of the OpenAPI document doc (YAML
// or JSON), sorted by method and path. It reads the document as data: a
// path-level parameters list, extensions or any key order are fine.
func Operations(doc []byte) ([]Operation, error) {
	root, err := decode(doc)
	if err != nil {
		return nil, err
	}
	comps := componentRefs(root)
	paths, _ := root["paths"].(map[string]any)
	var ops []Operation
	for path, v := range paths {
		item, _ := v.(map[string]any)
		for _, m := range httpMethods {
			op, ok := item[m].(map[string]any)
			if !ok {
				continue
			}
			id, _ := op["operationId"].(string)
			direct := refsIn(op, nil)
			direct = refsIn(item["parameters"], direct)
			method := strings.ToUpper(m)
			mark, _ := op["x-idempotent"].(bool)
			ops = append(ops, Operation{ID: id, Method: method, Path: path, Uses: closure(direct, comps),
				Idempotent: mark || slices.Contains(idempotentMethods, method), Methods: stringList(op["x-leadfox-methods"])})
		}
	}
	slices.SortFunc(ops, func(a, b Operation) int {
		return strings.Compare(a.Method+" "+a.Path, b.Method+" "+b.Path)
	})
	return ops, nil
}

// idempotentMethods are the HTTP methods that HTTP defines idempotent.
var idempotentMethods = []string{"GET", "HEAD", "PUT", "DELETE"}

// stringList returns v, a YAML list, as strings; nil if it is not one.
func stringList(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// decode reads an OpenAPI document, YAML or JSON, as generic data.
func decode(doc []byte) (map[string]any, error) {
	var root map[string]any
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return nil, fmt.Errorf("parse the spec: %w", err)
	}
	if root == nil {
		return nil, fmt.Errorf("parse the spec: not a mapping")
	}
	return root, nil
}

// componentRefs returns, for each component "#/components/<kind>/<name>",
// the components its own definition refers to directly.
func componentRefs(root map[string]any) map[string][]string {
	out := map[string][]string{}
	comps, _ := root["components"].(map[string]any)
	for kind, v := range comps {
		group, _ := v.(map[string]any)
		for name, def := range group {
			out["#/components/"+kind+"/"+name] = refsIn(def, nil)
		}
	}
	return out
}

// refsIn appends every $ref string under v to refs.
func refsIn(v any, refs []string) []string {
	switch v := v.(type) {
	case map[string]any:
		if r, ok := v["$ref"].(string); ok {
			refs = append(refs, r)
		}
		for _, k := range slices.Sorted(maps.Keys(v)) {
			refs = refsIn(v[k], refs)
		}
	case []any:
		for _, e := range v {
			refs = refsIn(e, refs)
		}
	}
	return refs
}

// closure returns the components reachable from refs through comps,
// sorted, without repeats.
func closure(refs []string, comps map[string][]string) []string {
	seen := map[string]bool{}
	for len(refs) > 0 {
		r := refs[len(refs)-1]
		refs = refs[:len(refs)-1]
		if seen[r] {
			continue
		}
		seen[r] = true
		refs = append(refs, comps[r]...)
	}
	return slices.Sorted(maps.Keys(seen))
}

// Locate returns the location of every node that the overlay JSONPath
// target selects in doc, each as its keys from the root (a sequence index
// as its decimal number), in document order. ov is the overlay the target
// comes from: its JSONPath dialect applies.
func Locate(doc, ov []byte, target string) ([][]string, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return nil, fmt.Errorf("parse the spec: %w", err)
	}
	o, err := loader.LoadOverlayFromReader(bytes.NewReader(ov))
	if err != nil {
		return nil, fmt.Errorf("load the overlay: %w", err)
	}
	path, err := o.NewPath(target, nil)
	if err != nil {
		return nil, fmt.Errorf("target %s: %w", target, err)
	}
	where := map[*yaml.Node][]string{}
	var walk func(n *yaml.Node, at []string)
	walk = func(n *yaml.Node, at []string) {
		where[n] = at
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, at)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], append(slices.Clip(at), n.Content[i].Value))
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, append(slices.Clip(at), fmt.Sprint(i)))
			}
		}
	}
	walk(&root, nil)
	var out [][]string
	for _, n := range path.Query(&root) {
		if at, ok := where[n]; ok {
			out = append(out, at)
		}
	}
	return out, nil
}

// OperationsAt returns the operations of ops that the location at (as
// Locate returns it) lies in or is used by: the operation under
// paths/<path>/<method>, every operation of paths/<path>, or every
// operation that uses the component under components/<kind>/<name>.
func OperationsAt(ops []Operation, at []string) []Operation {
	var out []Operation
	switch {
	case len(at) >= 2 && at[0] == "paths":
		method := ""
		if len(at) >= 3 && slices.Contains(httpMethods, at[2]) {
			method = strings.ToUpper(at[2])
		}
		for _, op := range ops {
			if op.Path == at[1] && (method == "" || op.Method == method) {
				out = append(out, op)
			}
		}
	case len(at) >= 3 && at[0] == "components":
		ref := "#/components/" + at[1] + "/" + at[2]
		for _, op := range ops {
			if slices.Contains(op.Uses, ref) {
				out = append(out, op)
			}
		}
	}
	return out
}
