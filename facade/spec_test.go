package facade

import (
	"go/token"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/internal/optable"
	"github.com/leadfox-go/leadfox/internal/specflow"
	"github.com/leadfox-go/leadfox/pager"
)

// specOp is an operation of the effective spec.
type specOp struct {
	id, method, path string
	idempotent       bool // x-idempotent: true
}

// loadSpecOps returns every operation of the effective spec
// (api/openapi.effective.yaml), sorted by operationId.
func loadSpecOps(t *testing.T) []specOp {
	t.Helper()
	doc := specflowLoad(t)
	var ops []specOp
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			mark, _ := op.Extensions["x-idempotent"].(bool)
			ops = append(ops, specOp{id: op.OperationID, method: method, path: path, idempotent: mark})
		}
	}
	slices.SortFunc(ops, func(a, b specOp) int { return strings.Compare(a.id, b.id) })
	if len(ops) < 29 {
		t.Fatalf("the effective spec has %d operations, want at least 29", len(ops))
	}
	return ops
}

// TestEverySpecOperationIsExercised fails when the effective spec has an
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

// TestOperationMethodsExist holds the one handwritten column of the
// operation table, x-leadfox-methods of api/overlay.yaml, to the facade:
// every method it names exists, and every exported service method is
// named by an operation it sends.
func TestOperationMethodsExist(t *testing.T) {
	funcs, err := specflow.Funcs(".")
	if err != nil {
		t.Fatal(err)
	}
	mapped := map[string]bool{}
	for _, op := range optable.All {
		if len(op.Methods) == 0 {
			t.Errorf("%s (%s %s): no facade method sends it: name them in x-leadfox-methods of its operationId action in api/overlay.yaml", op.ID, op.Method, op.Path)
		}
		for _, m := range op.Methods {
			mapped[m] = true
			if !slices.Contains(funcs, m) {
				t.Errorf("%s: x-leadfox-methods names %s, which package facade does not declare", op.ID, m)
			}
		}
	}
	for _, fn := range funcs {
		typ, method, ok := strings.Cut(fn, ".")
		if ok && strings.HasSuffix(typ, "Service") && token.IsExported(method) && !mapped[fn] {
			t.Errorf("%s is an exported service method that no operation lists: name it in x-leadfox-methods of the operations it sends (api/overlay.yaml)", fn)
		}
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

// TestErrorBodyShapeIsTheSpecs holds errorMessage, which reads a JSON
// error body's "error", "message" or "errors" member by hand, against the
// effective spec's Error schema: a vendor that documents a member of
// another name fails here until errorMessage reads it.
func TestErrorBodyShapeIsTheSpecs(t *testing.T) {
	schema := specflowLoad(t).Components.Schemas["Error"]
	if schema == nil {
		t.Fatal("the effective spec has no Error schema: find the error body's new schema and check errorMessage against it")
	}
	read := []string{"error", "message", "errors"}
	known := 0
	for _, name := range slices.Sorted(maps.Keys(schema.Value.Properties)) {
		if slices.Contains(read, name) {
			known++
			continue
		}
		t.Errorf("the Error schema has a member %q that errorMessage (errors.go) does not read: read it, then add it here", name)
	}
	if known == 0 {
		t.Errorf("the Error schema has none of the members %v errorMessage reads", read)
	}
}

// TestMaxPageSizeIsTheSpecs holds the page sizes written by hand
// (MaxPageSize, pager.DefaultPageSize) against the effective spec's limit
// parameter: its minimum 1, its default, and its maximum when the spec
// documents one.
func TestMaxPageSizeIsTheSpecs(t *testing.T) {
	p := specflowLoad(t).Components.Parameters["Limit"]
	if p == nil || p.Value.Schema == nil {
		t.Fatal("the effective spec has no Limit parameter with a schema")
	}
	s := p.Value.Schema.Value
	if s.Min == nil || *s.Min != 1 {
		t.Errorf("the spec's limit minimum is %v, want 1", s.Min)
	}
	if s.Default != float64(pager.DefaultPageSize) {
		t.Errorf("the spec's limit default is %v, pager.DefaultPageSize is %d", s.Default, pager.DefaultPageSize)
	}
	if s.Max != nil && *s.Max != MaxPageSize {
		t.Errorf("the spec's limit maximum is %v, MaxPageSize is %d: set pager.MaxPageSize to the spec's", *s.Max, MaxPageSize)
	}
}
