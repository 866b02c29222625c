package specflow_test

import (
	"slices"
	"testing"

	"github.com/leadfox-go/leadfox/internal/specflow"
)

// specdocDoc has a path-level parameters list, a component reached
// through another and an operation without a body.
const specdocDoc = `openapi: 3.0.3
paths:
  /v1/contact/{id}:
    parameters:
      - $ref: "#/components/parameters/ID"
    put:
      operationId: updateContact
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/ContactUpdate"}
    delete:
      operationId: deleteContact
  /v1/email:
    get:
      operationId: listEmails
components:
  parameters:
    ID: {name: id, in: path, required: true, schema: {$ref: "#/components/schemas/ObjectID"}}
  schemas:
    ObjectID: {type: string}
    ContactUpdate:
      type: object
      properties:
        properties: {$ref: "#/components/schemas/ContactProperties"}
    ContactProperties: {type: object}
`

const specdocOverlay = "overlay: 1.0.0\nx-speakeasy-jsonpath: rfc9535\ninfo: {title: t, version: 1.0.0}\nactions: []\n"

func TestOperationsReadsTheSpecAsData(t *testing.T) {
	ops, err := specflow.Operations([]byte(specdocDoc))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, op := range ops {
		ids = append(ids, op.Method+" "+op.ID)
	}
	if want := []string{"DELETE deleteContact", "GET listEmails", "PUT updateContact"}; !slices.Equal(ids, want) {
		t.Fatalf("operations = %v, want %v", ids, want)
	}
	if !slices.Contains(ops[2].Uses, "#/components/schemas/ContactProperties") || !slices.Contains(ops[0].Uses, "#/components/schemas/ObjectID") {
		t.Errorf("uses: %v / %v, want the components reached at any depth and through path-level parameters", ops[2].Uses, ops[0].Uses)
	}
}

// TestLocateMapsTargetsToOperations holds the mapping of stale overlay
// targets to the operations they pin: under an operation, a path, or a
// component used at any depth.
func TestLocateMapsTargetsToOperations(t *testing.T) {
	ops, err := specflow.Operations([]byte(specdocDoc))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		target string
		want   []string
	}{
		{"$.paths['/v1/contact/{id}'].put.requestBody", []string{"updateContact"}},
		{"$.paths['/v1/contact/{id}']", []string{"deleteContact", "updateContact"}},
		{"$.paths['/v1/contact/{id}'].parameters[0]", []string{"deleteContact", "updateContact"}},
		{"$.components.schemas.ContactProperties", []string{"updateContact"}},
		{"$.components.schemas['ObjectID','ContactProperties']", []string{"deleteContact", "updateContact"}},
		{"$.paths.*.get", []string{"listEmails"}},
		{"$.paths['/v1/nothing']", nil},
	}
	for _, tt := range tests {
		locs, err := specflow.Locate([]byte(specdocDoc), []byte(specdocOverlay), tt.target)
		if err != nil {
			t.Fatalf("%s: %v", tt.target, err)
		}
		var got []string
		for _, at := range locs {
			for _, op := range specflow.OperationsAt(ops, at) {
				got = append(got, op.ID)
			}
		}
		slices.Sort(got)
		got = slices.Compact(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: operations %v, want %v", tt.target, got, tt.want)
		}
	}
}
