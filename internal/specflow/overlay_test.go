package specflow_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/internal/specflow"
)

const overlaySpec = `openapi: 3.0.3
paths:
  /v1/a:
    get:
      operationId: vendorA
components:
  schemas:
    A:
      type: object
      properties:
        fromemail: {type: string}
`

func TestApplyNamesStaleActions(t *testing.T) {
	ov := `overlay: 1.0.0
info: {title: t, version: 1.0.0}
actions:
  - target: $.paths['/v1/a'].get
    update: {operationId: getA}
  - target: $.components.schemas.A.properties.fromEmail
    update: {x-go-name: FromEmail}
  - target: $.paths['/v1/b'].put
    update: {operationId: putB}
`
	out, err := specflow.Apply([]byte(overlaySpec), []byte(ov), "api/overlay.yaml")
	var stale *specflow.OverlayError
	if !errors.As(err, &stale) {
		t.Fatalf("err = %v, want an *OverlayError", err)
	}
	if len(stale.Stale) != 2 || stale.Stale[0].Index != 2 || stale.Stale[1].Index != 3 {
		t.Errorf("stale = %+v, want actions 2 and 3", stale.Stale)
	}
	for _, want := range []string{"action 2: target $.components.schemas.A.properties.fromEmail matches nothing", "action 3", "Fix:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if !strings.Contains(string(out), "operationId: getA") {
		t.Errorf("the matching action was not applied:\n%s", out)
	}
}

func TestApplyIsDeterministic(t *testing.T) {
	ov := `overlay: 1.0.0
info: {title: t, version: 1.0.0}
actions:
  - target: $.components.schemas.*.properties.fromemail
    update: {x-go-name: FromEmail}
`
	first, err := specflow.Apply([]byte(overlaySpec), []byte(ov), "o")
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, err := specflow.Apply([]byte(overlaySpec), []byte(ov), "o")
		if err != nil || string(again) != string(first) {
			t.Fatalf("Apply gave %q, %v; first %q", again, err, first)
		}
	}
	if !strings.Contains(string(first), "x-go-name: FromEmail") {
		t.Errorf("not applied:\n%s", first)
	}
}

func TestApplyRejectsBadInput(t *testing.T) {
	if _, err := specflow.Apply([]byte("- a list"), []byte("overlay: 1.0.0"), "o"); err == nil || !strings.Contains(err.Error(), "not a YAML mapping") {
		t.Errorf("a list spec: err = %v", err)
	}
	if _, err := specflow.Apply([]byte(overlaySpec), []byte("overlay: 1.0.0\nactions: [{target: '$[', update: {}}]"), "o"); err == nil {
		t.Error("an invalid overlay: no error")
	}
}

func TestWithoutActionsDropsTheStaleOnes(t *testing.T) {
	ov := []byte("overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n  - target: $.a\n    remove: true\n  - target: $.b\n    remove: true\n  - target: $.c\n    remove: true\n")
	out, err := specflow.WithoutActions(ov, []specflow.StaleAction{{Index: 1}, {Index: 3}})
	if err != nil {
		t.Fatal(err)
	}
	if s := string(out); strings.Contains(s, "$.a") || !strings.Contains(s, "$.b") || strings.Contains(s, "$.c") {
		t.Errorf("WithoutActions kept the wrong actions:\n%s", s)
	}
}

// TestApplyWritesReadableYAML checks that a JSON spec gives a block-style
// YAML effective spec, one line per member, not one flow line.
func TestApplyWritesReadableYAML(t *testing.T) {
	spec := []byte(`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"operationId":"x","responses":{"200":{"description":"ok"}}}}}}`)
	ov := []byte("overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n  - target: $.paths['/a'].get\n    update:\n      x-idempotent: true\n")
	out, err := specflow.Apply(spec, ov, "ov")
	if err != nil {
		t.Fatal(err)
	}
	want := "openapi: 3.0.3\ninfo:\n  title: t\n  version: \"1\"\npaths:\n  /a:\n    get:\n      operationId: x\n      responses:\n        \"200\":\n          description: ok\n      x-idempotent: true\n"
	if string(out) != want {
		t.Errorf("Apply of a JSON spec =\n%s\nwant\n%s", out, want)
	}
}

// TestApplyTranslates31 checks that a 3.1 spec becomes the 3.0.3 that
// says the same, so that a pure translation changes nothing.
func TestApplyTranslates31(t *testing.T) {
	ov := []byte("overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n  - target: $.info\n    update: {x-k: 1}\n")
	v31 := []byte(`openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        when: {type: [string, "null"], format: date-time, examples: ["2026-01-01T00:00:00Z"]}
        n: {type: integer, exclusiveMinimum: 0}
        k: {const: x}
`)
	v30 := []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        when: {type: string, nullable: true, format: date-time, example: "2026-01-01T00:00:00Z"}
        n: {type: integer, minimum: 0, exclusiveMinimum: true}
        k: {enum: [x]}
`)
	got, err := specflow.Apply(v31, ov, "ov")
	if err != nil {
		t.Fatal(err)
	}
	want, err := specflow.Apply(v30, ov, "ov")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("3.1 translated =\n%s\nwant the 3.0 file's\n%s", got, want)
	}
	bad := []byte("openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\npaths: {}\ncomponents: {schemas: {A: {type: [string, integer]}}}\n")
	if _, err := specflow.Apply(bad, ov, "ov"); err == nil || !strings.Contains(err.Error(), "$.components.schemas.A.type") {
		t.Errorf("Apply of a two-type schema: err = %v, want one naming $.components.schemas.A.type", err)
	}
}
