// Package leadfox is the root of the Leadfox Go SDK, a Go client for the
// Leadfox marketing API. Programs use package
// [github.com/leadfox-go/leadfox/facade] (start at
// [github.com/leadfox-go/leadfox/facade.NewFromEnv]), build filters with
// [github.com/leadfox-go/leadfox/query], and test against the in-memory
// fake server of [github.com/leadfox-go/leadfox/tests/fake]. This package
// holds no API: only the generation step that turns openapi.yaml into
// package [github.com/leadfox-go/leadfox/generated], and the tests that
// keep the README and the version honest.
package leadfox

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config api/client.cfg.yaml openapi.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config api/server.cfg.yaml openapi.yaml
//go:generate cp openapi.yaml api/openapi.effective.yaml
