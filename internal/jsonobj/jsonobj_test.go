package jsonobj_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/internal/jsonobj"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

var validSeeds = []string{
	`{}`, ` { } `, `null`, `[]`, `"s"`, `1`, `-0`, `1.5e-3`, `true`, ``, ` `, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`,
	`{"a":1}x`, `{"a":1}{}`, `[1,]`, `[,1]`, `{"a":[1,2}`, `{"a":{]}`, `"\u00e9\ud800"`, `"\x"`, `"\u12"`,
	"\"\x01\"", "\"\xff\"", `01`, `-`, `1.`, `.5`, `1e`, `+1`, `1e400`, `tru`, `nul`, `[true false]`,
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000), strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
}

// FuzzValid checks the scanner against encoding/json on any input.
func FuzzValid(f *testing.F) {
	for _, s := range validSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := jsonobj.Valid(b), json.Valid(b); got != want {
			t.Errorf("Valid(%q) = %v, json.Valid = %v", b, got, want)
		}
	})
}

func TestValid(t *testing.T) {
	for _, s := range validSeeds {
		if got, want := jsonobj.Valid([]byte(s)), json.Valid([]byte(s)); got != want {
			t.Errorf("Valid(%.40q) = %v, json.Valid = %v", s, got, want)
		}
	}
}

// meaning decodes b with its numbers as written.
func TestPropertiesKeepJSONValues(t *testing.T) {
	const in = `{"s":"x\"y","n":9223372036854775809,"f":1e-400,"big":1e400,"d":0.1234567890123456789012345678901234567890,` +
		`"t":true,"no":false,"z":null,"\u0065":"escaped key","s":"last"}`
	var p jsonobj.Properties
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	checks := map[string]struct {
		text     string
		isString bool
	}{
		"s": {"last", true}, "n": {"9223372036854775809", false}, "f": {"1e-400", false}, "big": {"1e400", false},
		"d": {"0.1234567890123456789012345678901234567890", false}, "t": {"true", false}, "no": {"false", false},
		"z": {"null", false}, "e": {"escaped key", true},
	}
	for k, want := range checks {
		if got := p[k]; got.String() != want.text || got.IsString() != want.isString {
			t.Errorf("p[%q] = %q (string %v), want %q (string %v)", k, got.String(), got.IsString(), want.text, want.isString)
		}
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	if diff := cmp.Diff(testsupport.JSONValue(t, []byte(in)), testsupport.JSONValue(t, out)); diff != "" {
		t.Errorf("written back (-read +written):\n%s", diff)
	}
	if strings.Contains(string(out), `"1e400"`) || strings.Contains(string(out), `"true"`) {
		t.Errorf("a number or a boolean was written back as a string: %s", out)
	}
}

// TestPropertiesKeepArraysAndObjects: a property value that is an array
// or an object is kept as the JSON text the server sent, numbers and
// strings as written, without white space, and written back as that same
// value, which reads back as itself.
func TestPropertiesKeepArraysAndObjects(t *testing.T) {
	const in = `{"a":[1, {"b" : "c<d>"}, 1e400],"o":{"x":null,"y":[]},"e":{},"s":"str"}`
	var p jsonobj.Properties
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	for k, want := range map[string]string{"a": `[1,{"b":"c\u003cd\u003e"},1e400]`, "o": `{"x":null,"y":[]}`, "e": `{}`} {
		if got := p[k]; got.String() != want || got.IsString() {
			t.Errorf("p[%q] = %q (string %v), want the JSON text %q", k, got.String(), got.IsString(), want)
		}
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	if want := `{"a":[1,{"b":"c\u003cd\u003e"},1e400],"e":{},"o":{"x":null,"y":[]},"s":"str"}`; string(out) != want {
		t.Errorf("written back as %s, want %s", out, want)
	}
	var again jsonobj.Properties
	if err := json.Unmarshal(out, &again); err != nil || !cmp.Equal(p, again) {
		t.Errorf("written back and read again: %v, %v; want %v", again, err, p)
	}
	v, err := jsonobj.JSONValue([]byte(`[1,2]`))
	if err != nil || v.String() != `[1,2]` {
		t.Errorf("JSONValue([1,2]) = %q, %v; want the array", v.String(), err)
	}
}

func TestPropertyValue(t *testing.T) {
	v := jsonobj.StringValue("42")
	n, err := jsonobj.JSONValue([]byte("42"))
	if err != nil {
		t.Fatal(err)
	}
	if v == n || v.String() != n.String() || !v.IsString() || n.IsString() {
		t.Errorf("string 42 and number 42: %#v, %#v", v, n)
	}
	if _, err := jsonobj.JSONValue([]byte(`{`)); err == nil {
		t.Errorf("JSONValue({) did not fail")
	}
	if b, _ := json.Marshal(map[string]jsonobj.PropertyValue{"v": v, "n": n}); string(b) != `{"n":42,"v":"42"}` {
		t.Errorf("Marshal = %s", b)
	}
	if !cmp.Equal(n, n) || cmp.Equal(v, n) {
		t.Errorf("cmp.Equal does not tell a string from a number")
	}
}

func TestAny(t *testing.T) {
	got, err := jsonobj.Any(json.RawMessage(`{"n":9007199254740993,"a":[1e400]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"n": json.Number("9007199254740993"), "a": []any{json.Number("1e400")}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Any (-want +got):\n%s", diff)
	}
	if _, err := jsonobj.Any(json.RawMessage(`1 2`)); err == nil {
		t.Errorf("Any(1 2) did not fail")
	}
}

// FuzzProperties checks that any properties object that decodes writes
// back the same meaning, and that it decodes whenever encoding/json can
// read it as an object.
func FuzzProperties(f *testing.F) {
	for _, s := range []string{`{}`, `null`, `{"a":"b","a":1}`, `{"a":1e400,"b":true,"c":null}`, `{"a":{}}`, `{"\u0061":"x"}`, `{"a":"\ud800"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var p jsonobj.Properties
		err := p.UnmarshalJSON(b)
		var ref map[string]json.RawMessage
		refErr := json.Unmarshal(b, &ref)
		if err == nil && refErr != nil {
			t.Fatalf("UnmarshalJSON(%q) accepted what encoding/json rejects: %v", b, refErr)
		}
		nullInput := ref == nil && err == nil
		if (refErr == nil) != (err == nil) && !nullInput {
			t.Fatalf("UnmarshalJSON(%q) = %v; encoding/json reads it as an object: %v", b, err, refErr == nil)
		}
		if err != nil || p == nil {
			return
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		want, _ := json.Marshal(meaningOf(b))
		got, _ := json.Marshal(meaningOf(out))
		if string(want) != string(got) {
			t.Errorf("UnmarshalJSON(%q) writes back %s, meaning %s, want %s", b, out, got, want)
		}
	})
}

// meaningOf returns what b means, or nil if it is not JSON.
func meaningOf(b []byte) any {
	v, _ := testsupport.DecodeJSON(b)
	return v
}

// TestValueTimeAsEncodingJSON: a date-time, escaped or not, decodes as
// json.Unmarshal decodes it on the Go release that runs the test (whose
// handling of escapes in a time.Time has changed between releases).
func TestValueTimeAsEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`"2025-03-14T09:26:53Z"`,
		`"\u0032025-03-14T09:26:53Z"`,
		`"2025-03-14T09:26:53\u005a"`,
		`"2025-03-14T09:26:53.5+01:00"`,
		`"not a time"`,
	} {
		var got, want time.Time
		gotErr := jsonobj.Value([]byte(in), &got)
		wantErr := json.Unmarshal([]byte(in), &want)
		if (gotErr != nil) != (wantErr != nil) || !got.Equal(want) {
			t.Errorf("Value(%s) = %v, %v; json.Unmarshal gives %v, %v", in, got, gotErr, want, wantErr)
		}
	}
}
