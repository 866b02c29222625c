package facade

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// specOp is an operation of openapi.yaml.
type specOp struct {
	id, method, path string
	idempotent       bool
}

// loadSpecOps returns every operation of openapi.yaml.
func loadSpecOps(t *testing.T) []specOp {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile("../openapi.yaml")
	if err != nil {
		t.Fatalf("load openapi.yaml: %v", err)
	}
	var ops []specOp
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			mark, _ := op.Extensions["x-idempotent"].(bool)
			ops = append(ops, specOp{id: op.OperationID, method: method, path: path, idempotent: mark})
		}
	}
	slices.SortFunc(ops, func(a, b specOp) int { return strings.Compare(a.id, b.id) })
	if len(ops) < 29 {
		t.Fatalf("openapi.yaml has %d operations, want at least 29", len(ops))
	}
	return ops
}

// TestEverySpecOperationIsExercised fails when openapi.yaml has an
// operation that no facade method sends in the wire tests: a spec update
// that adds one cannot go unnoticed. Each operation's wire cases run here,
// and the request must carry the operation in its context and match the
// spec's method and path template.
func TestEverySpecOperationIsExercised(t *testing.T) {
	cases := wireCases()
	for _, op := range loadSpecOps(t) {
		if op.id == "authenticate" {
			continue // sent by the auth package, and checked in TestLogExchange
		}
		t.Run(op.id, func(t *testing.T) {
			n := 0
			for _, tc := range cases {
				if tc.op != op.id {
					continue
				}
				n++
				r := runWireCase(t, tc)
				if r.Method != op.method || !pathTemplate(op.path).MatchString(r.Path) {
					t.Errorf("%s sent %s %s, want %s %s", op.id, r.Method, r.Path, op.method, op.path)
				}
			}
			if n == 0 {
				t.Errorf("no facade method exercised for %s (%s %s): add one and a wire case", op.id, op.method, op.path)
			}
		})
	}
}

// pathTemplate turns "/v1/list/{list_id}/contact" into a regexp matching
// concrete paths.
func pathTemplate(p string) *regexp.Regexp {
	quoted := regexp.QuoteMeta(p)
	return regexp.MustCompile("^" + regexp.MustCompile(`\\\{[^}]*\\\}`).ReplaceAllString(quoted, `[^/]+`) + "$")
}

// TestOperationTableMatchesSpec holds the facade's operation table, which
// the retry transport reads, against openapi.yaml: the same operationIds,
// and idempotent exactly where the spec marks x-idempotent: true.
func TestOperationTableMatchesSpec(t *testing.T) {
	spec := loadSpecOps(t)
	var specIDs []string
	for _, op := range spec {
		specIDs = append(specIDs, op.id)
		table, ok := operations[op.id]
		if !ok {
			continue
		}
		if got, want := table.idempotent, op.idempotent; got != want {
			t.Errorf("operations[%q].idempotent = %v, want %v (x-idempotent in openapi.yaml)", op.id, got, want)
		}
	}
	if got, want := slices.Sorted(maps.Keys(operations)), specIDs; !slices.Equal(got, want) {
		t.Errorf("operation table ids = %v,\nspec ids = %v", got, want)
	}
}

func TestPathTemplate(t *testing.T) {
	tests := []struct {
		template, path string
		want           bool
	}{
		{"/v1/contact/{id}", "/v1/contact/" + contactID, true},
		{"/v1/contact/{id}", "/v1/contact/" + contactID + "/x", false},
		{"/v1/list/{list_id}/contact", "/v1/list/" + listID + "/contact", true},
		{"/v1/contact", "/v1/contact/upsert", false},
	}
	for _, tt := range tests {
		if got := pathTemplate(tt.template).MatchString(tt.path); got != tt.want {
			t.Errorf("pathTemplate(%q).MatchString(%q) = %v, want %v", tt.template, tt.path, got, tt.want)
		}
	}
}
