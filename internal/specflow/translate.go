package specflow

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// EffectiveVersion is the OpenAPI version of every effective spec: a 3.1
// file is translated to it, so that the generator, the tests and the
// diff see one dialect and a pure translation changes nothing.
const EffectiveVersion = "3.0.3"

// Source describes a spec file as Apply read it.
type Source struct {
	Version string // its openapi field, e.g. "3.1.0"
	JSON    bool   // written as JSON
}

func (s Source) String() string {
	format := "YAML"
	if s.JSON {
		format = "JSON"
	}
	return "OpenAPI " + s.Version + " " + format
}

// ReadSource returns the version and format of the spec file doc.
func ReadSource(doc []byte) (Source, error) {
	var root struct {
		OpenAPI string `yaml:"openapi"`
	}
	if err := yaml.Unmarshal(doc, &root); err != nil {
		return Source{}, fmt.Errorf("parse the spec: %w", err)
	}
	if root.OpenAPI == "" {
		return Source{}, fmt.Errorf("parse the spec: no openapi version field")
	}
	t := bytes.TrimSpace(doc)
	return Source{Version: root.OpenAPI, JSON: len(t) > 0 && t[0] == '{'}, nil
}

// normalize makes the parsed spec root (the document's mapping) the
// effective spec's dialect: block-style YAML, whatever the file's layout
// (a JSON file is one flow mapping), and OpenAPI 3.0 for a 3.1 file. It
// returns an error naming what a 3.1 file holds that 3.0 cannot say.
func normalize(root *yaml.Node, src Source) error {
	if src.JSON {
		blockStyle(root)
	}
	switch {
	case strings.HasPrefix(src.Version, "3.0."):
		return nil
	case strings.HasPrefix(src.Version, "3.1."):
		return translate31(root)
	}
	return fmt.Errorf("OpenAPI %s: only 3.0 and 3.1 are supported", src.Version)
}

// blockStyle clears the flow and quoting styles of n and its children;
// the encoder quotes a string only where YAML needs it.
func blockStyle(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		blockStyle(c)
	}
}

// translate31 rewrites an OpenAPI 3.1 document as 3.0.3: the nullable
// type lists, schema examples lists, const, and numeric exclusive bounds
// of JSON Schema 2020-12 become their 3.0 forms.
func translate31(root *yaml.Node) error {
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i].Value, root.Content[i+1]
		switch k {
		case "openapi":
			v.Value = EffectiveVersion
		case "webhooks", "jsonSchemaDialect":
			return fmt.Errorf("OpenAPI 3.1: %s has no OpenAPI 3.0 form; remove it from the spec or extend internal/specflow's translation", k)
		}
	}
	return translateNode(root, "$")
}

func translateNode(n *yaml.Node, at string) error {
	switch n.Kind {
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if err := translateNode(c, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
		return nil
	case yaml.MappingNode:
	default:
		return nil
	}
	if err := translateSchemaKeys(n, at); err != nil {
		return err
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if err := translateNode(n.Content[i+1], at+"."+n.Content[i].Value); err != nil {
			return err
		}
	}
	return nil
}

// translateSchemaKeys rewrites the 3.1-only keys of the mapping n.
func translateSchemaKeys(n *yaml.Node, at string) error {
	var out []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Value == "type" && v.Kind == yaml.SequenceNode:
			var types []*yaml.Node
			null := false
			for _, t := range v.Content {
				if t.Value == "null" {
					null = true
				} else {
					types = append(types, t)
				}
			}
			if len(types) != 1 {
				return fmt.Errorf("OpenAPI 3.1: %s.type lists %d types besides null; OpenAPI 3.0 has one: rewrite it as anyOf", at, len(types))
			}
			out = append(out, k, types[0])
			if null {
				out = append(out, scalar("nullable"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
			}
			continue
		case k.Value == "examples" && v.Kind == yaml.SequenceNode:
			if len(v.Content) > 0 {
				out = append(out, scalar("example"), v.Content[0])
			}
			continue
		case k.Value == "const" && v.Kind == yaml.ScalarNode:
			out = append(out, scalar("enum"), &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{v}})
			continue
		case (k.Value == "exclusiveMinimum" || k.Value == "exclusiveMaximum") && v.Kind == yaml.ScalarNode && v.Tag != "!!bool":
			bound := "minimum"
			if k.Value == "exclusiveMaximum" {
				bound = "maximum"
			}
			out = append(out, scalar(bound), v, k, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
			continue
		}
		out = append(out, k, v)
	}
	n.Content = out
	return nil
}

func scalar(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}
