// Package leadfox is the root of the Leadfox Go SDK; to call the Leadfox
// marketing API, import [github.com/leadfox-go/leadfox/facade] and start
// with [github.com/leadfox-go/leadfox/facade.NewFromEnv].
//
// Build the filters of List calls with
// [github.com/leadfox-go/leadfox/query], and test your code against the
// in-memory fake server of [github.com/leadfox-go/leadfox/tests/fake].
// This package holds no API: only the generation steps and the tests
// that hold the README, CONTRIBUTING.md and the doc links to the code;
// CONTRIBUTING.md explains them to maintainers.
package leadfox

// The generation steps, in order. The first writes the effective spec,
// api/openapi.effective.yaml: openapi.yaml, the vendor's file, with
// api/overlay.yaml, the SDK's names and policy, applied strictly. The
// generator reads only the effective spec, so what it sees is committed
// and reviewed. The second writes the SDK's one operation table,
// internal/optable/table.gen.go, from it, and the facade's operationId
// constants, facade/operations.gen.go. Then oapi-codegen writes package
// generated (the models) and its packages client and server.
//
// The last step writes, from generated/models.gen.go, the nil-safe GetX
// accessors of its optional fields (generated/accessors.gen.go) and,
// with the handwritten docs of facade/models.yaml, facade/models.gen.go:
// the facade's aliases of the models, each doc listing the fields with
// their Go types, JSON names, accessors and the spec's descriptions.
// Then facade/rawclient.gen.go: the facade.RawClient methods that refuse
// a path parameter leaving its segment, one per method of the generated
// client with path parameters.

//go:generate go run ./internal/cmd/effectivespec -spec openapi.yaml -overlay api/overlay.yaml -o api/openapi.effective.yaml
//go:generate go run ./internal/cmd/optablegen -spec api/openapi.effective.yaml -o internal/optable/table.gen.go -constants facade/operations.gen.go
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config api/models.cfg.yaml api/openapi.effective.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config api/client.cfg.yaml api/openapi.effective.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config api/server.cfg.yaml api/openapi.effective.yaml
//go:generate go run ./internal/accessorgen -in generated/models.gen.go -out generated/accessors.gen.go -aliases facade/models.yaml -aliases-out facade/models.gen.go
//go:generate go run ./internal/cmd/rawclientgen -spec api/openapi.effective.yaml -client generated/client/client.gen.go -models generated/models.gen.go -o facade/rawclient.gen.go
