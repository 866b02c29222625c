package specflow

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Operation is one operation of a spec, as the SDK's operation table
// needs it: read from the effective spec as data.
type Operation struct {
	ID     string // the operationId
	Method string // upper case, such as "GET"
	Path   string // the path template, such as "/v1/contact/{id}"
	// Idempotent reports whether sending the operation twice has the
	// effect of sending it once: a GET, HEAD, PUT or DELETE, or an
	// operation marked x-idempotent: true.
	Idempotent bool
	// Methods are the facade functions that send it ("Type.Method" or
	// "Func"), from its x-leadfox-methods.
	Methods []string
}

// httpMethods are the operation keys of an OpenAPI path item, in the
// order the table lists them within one path.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// Operations returns every operation of spec (YAML or JSON), in the
// order of its paths and, within a path, of httpMethods. An operation
// without an operationId, or two with one id, is an error.
func Operations(spec []byte) ([]Operation, error) {
	var doc struct {
		Paths yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(spec, &doc); err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	if doc.Paths.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("read spec: no paths object")
	}
	var ops []Operation
	seen := map[string]string{}
	for i := 0; i+1 < len(doc.Paths.Content); i += 2 {
		path, item := doc.Paths.Content[i].Value, doc.Paths.Content[i+1]
		byMethod := map[string]*yaml.Node{}
		for j := 0; j+1 < len(item.Content); j += 2 {
			byMethod[item.Content[j].Value] = item.Content[j+1]
		}
		for _, m := range httpMethods {
			node, ok := byMethod[m]
			if !ok {
				continue
			}
			op, err := readOperation(strings.ToUpper(m), path, node)
			if err != nil {
				return nil, err
			}
			if prev, dup := seen[op.ID]; dup {
				return nil, fmt.Errorf("operationId %q of %s %s is also that of %s", op.ID, op.Method, path, prev)
			}
			seen[op.ID] = op.Method + " " + path
			ops = append(ops, op)
		}
	}
	return ops, nil
}

// readOperation reads the operation object node of method and path.
func readOperation(method, path string, node *yaml.Node) (Operation, error) {
	var o struct {
		ID         string   `yaml:"operationId"`
		Idempotent bool     `yaml:"x-idempotent"`
		Methods    []string `yaml:"x-leadfox-methods"`
	}
	if err := node.Decode(&o); err != nil {
		return Operation{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if o.ID == "" {
		return Operation{}, fmt.Errorf("%s %s has no operationId", method, path)
	}
	idempotent := o.Idempotent || slices.Contains([]string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete}, method)
	return Operation{ID: o.ID, Method: method, Path: path, Idempotent: idempotent, Methods: o.Methods}, nil
}
