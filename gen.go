// Package leadfox is the root of the Leadfox Go SDK. Programs use package
// [github.com/leadfox-go/leadfox/facade]; this package only holds the
// generation step that turns openapi.yaml into package generated.
package leadfox

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config api/client.cfg.yaml openapi.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config api/server.cfg.yaml openapi.yaml
//go:generate cp openapi.yaml api/openapi.effective.yaml
