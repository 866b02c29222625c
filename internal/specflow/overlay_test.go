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
