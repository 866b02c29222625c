package testsupport_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/internal/testsupport"
)

func TestJSONValueKeepsNumbersAsWritten(t *testing.T) {
	got := testsupport.JSONValue(t, []byte(`{"big":12345678901234567890,"f":1.50,"a":[1e3]}`))
	want := map[string]any{"big": json.Number("12345678901234567890"), "f": json.Number("1.50"), "a": []any{json.Number("1e3")}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSONValue (-want +got):\n%s", diff)
	}
}

func TestDecodeJSONRejectsWhatIsNotJSON(t *testing.T) {
	if v, err := testsupport.DecodeJSON([]byte(`{"a":`)); err == nil {
		t.Errorf("DecodeJSON of a cut object = %v, nil; want an error", v)
	}
	tb := &fatalTB{TB: t}
	testsupport.JSONValue(tb, []byte(`nope`))
	if !tb.failed {
		t.Error("JSONValue of text that is not JSON did not fail the test")
	}
}
