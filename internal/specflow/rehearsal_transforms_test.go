package specflow_test

import (
	"encoding/json"
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"
)

// The vendor's file in other clothes: the same API as another format,
// version or layout. Each must pass the workflow unchanged.

// asJSON returns the spec as indented JSON, its keys sorted.
func asJSON(spec []byte) ([]byte, error) {
	var v any
	if err := yaml.Unmarshal(spec, &v); err != nil {
		return nil, err
	}
	return json.MarshalIndent(v, "", "  ")
}

// as31 returns the spec as OpenAPI 3.1 says it: nullable as a type list,
// a schema's example as an examples list.
func as31(spec []byte) ([]byte, error) {
	return editNodes(spec, func(n *yaml.Node) {
		if n.Kind != yaml.MappingNode {
			return
		}
		var out []*yaml.Node
		var typ *yaml.Node
		nullable := false
		schema := !slices.ContainsFunc(n.Content, func(k *yaml.Node) bool { return k.Value == "in" || k.Value == "schema" })
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			switch {
			case k.Value == "openapi" && v.Value == "3.0.3":
				v.Value = "3.1.0"
			case k.Value == "nullable" && v.Value == "true":
				nullable = true
				continue
			case k.Value == "type" && v.Kind == yaml.ScalarNode:
				typ = v
			case k.Value == "example" && v.Kind != yaml.MappingNode && schema:
				k.Value = "examples"
				v = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Content: []*yaml.Node{v}}
			}
			out = append(out, k, v)
		}
		if nullable && typ != nil {
			*typ = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle,
				Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: typ.Value}, {Kind: yaml.ScalarNode, Tag: "!!str", Value: "null", Style: yaml.DoubleQuotedStyle}}}
		}
		n.Content = out
	})
}

// reworded returns the spec with every mapping's keys in reverse order,
// every list in block style, and every description reworded.
func reworded(spec []byte) ([]byte, error) {
	return editNodes(spec, func(n *yaml.Node) {
		n.Style &^= yaml.FlowStyle
		if n.Kind != yaml.MappingNode {
			return
		}
		var pairs [][2]*yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "description" && n.Content[i+1].Kind == yaml.ScalarNode {
				n.Content[i+1].Value = fmt.Sprintf("In the vendor's words: %s", n.Content[i+1].Value)
			}
			pairs = append(pairs, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
		}
		slices.Reverse(pairs)
		n.Content = n.Content[:0]
		for _, p := range pairs {
			n.Content = append(n.Content, p[0], p[1])
		}
	})
}

// editNodes applies edit to every node of spec, parents first, and
// returns the result as YAML.
func editNodes(spec []byte, edit func(*yaml.Node)) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(spec, &root); err != nil {
		return nil, err
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		edit(n)
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&root)
	return yaml.Marshal(&root)
}
