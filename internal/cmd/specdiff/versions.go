package main

import (
	"bytes"
	"fmt"
)

// describe returns what a spec file is: its OpenAPI version and format.
func describe(doc []byte) string {
	format := "YAML"
	if t := bytes.TrimSpace(doc); len(t) > 0 && t[0] == '{' {
		format = "JSON"
	}
	root, err := decodeSpec(doc)
	if err != nil {
		return format + " that does not parse: " + err.Error()
	}
	v, ok := root["openapi"].(string)
	if !ok {
		return format + " without an openapi version"
	}
	return "OpenAPI " + v + " " + format
}

// versions writes the version and format of the base's openapi.yaml and
// of the new one, and a note when the version changed.
func versions(r *report, base, spec []byte) {
	b, s := describe(base), describe(spec)
	fmt.Fprintf(r, "read: openapi.yaml is %s (committed: %s)\n", s, b)
	if version(base) != version(spec) {
		fmt.Fprintf(r, "note: the OpenAPI version changed from %s to %s; the effective spec is written as OpenAPI %s (internal/specflow translates a 3.1 file), so only real changes are reported below\n",
			version(base), version(spec), "3.0.3")
	}
}

func version(doc []byte) string {
	root, err := decodeSpec(doc)
	if err != nil {
		return "?"
	}
	v, _ := root["openapi"].(string)
	return v
}
