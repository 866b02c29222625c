// Package bench measures the SDK's facade against what a user could pick
// instead, on the same payloads: the one-buffer encoding/json baseline,
// the raw oapi-codegen client (oapiclient) and the ogen client
// (ogenclient), both generated from api/openapi.effective.yaml. It is a
// module of its own, so that the SDK's module gains no dependency; `make
// bench` runs it and writes BENCHMARKS.md's performance tables. After a
// change of the spec, `go generate` in this directory regenerates the
// peers.
package bench

// The peers are generated from the effective spec with two changes each
// generator needs: oapi-codegen cannot name the SDK's internal type of a
// contact's properties (x-go-type jsonobj.Properties) from another
// module, so the raw client gets the type the spec describes; ogen
// refuses the name ContactProperties, which its own names for inline
// schemas take too.
//go:generate sh -c "sed '/x-go-type: jsonobj.Properties/d' ../api/openapi.effective.yaml > oapi.spec.yaml && go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config oapi.cfg.yaml oapi.spec.yaml; status=$?; rm -f oapi.spec.yaml; exit $status"
//go:generate sh -c "sed 's/ContactProperties\\b/ContactPropertyValues/g' ../api/openapi.effective.yaml > ogen.spec.yaml && go run github.com/ogen-go/ogen/cmd/ogen@v1.25.0 -config ogen.yml -target ogenclient -package ogenclient -clean ogen.spec.yaml; status=$?; rm -f ogen.spec.yaml; exit $status"
