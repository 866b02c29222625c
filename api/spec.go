// Package api holds the effective OpenAPI spec of the SDK: openapi.yaml
// as the generator sees it, with api/overlay.yaml applied. go generate
// writes openapi.effective.yaml; never edit it by hand.
package api

import _ "embed"

//go:embed openapi.effective.yaml
var effective []byte

// Spec returns the effective spec, as YAML. The caller may modify the
// returned slice: it is a copy.
func Spec() []byte {
	return append([]byte(nil), effective...)
}
