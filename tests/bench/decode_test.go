package bench

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// The generated UnmarshalJSON of the types that keep unknown fields
// (api/templates/additional-properties.tmpl, internal/jsonobj) decodes in
// one pass. These tests hold it to oapi-codegen's own algorithm,
// decodeByMap below, with the unknown members kept as json.RawMessage: the
// same value, and an error exactly when that algorithm errs; and to
// encoding/json: it accepts exactly the valid JSON.

// decodeByMap decodes b into a new T as oapi-codegen v2.8.2's generated
// UnmarshalJSON does (api/templates/upstream-additional-properties-v2.8.2.tmpl):
// b into a map of raw members, each property's member into its field with
// json.Unmarshal, and every other member into AdditionalProperties, which
// stays nil when there is none.
func decodeByMap[T any](b []byte) (T, error) {
	var v T
	object := make(map[string]json.RawMessage)
	if err := json.Unmarshal(b, &object); err != nil {
		return v, err
	}
	rv := reflect.ValueOf(&v).Elem()
	for i := range rv.NumField() {
		name, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("json"), ",")
		raw, found := object[name]
		if name == "-" || !found {
			continue
		}
		if err := json.Unmarshal(raw, rv.Field(i).Addr().Interface()); err != nil {
			return v, err
		}
		delete(object, name)
	}
	if len(object) == 0 {
		return v, nil
	}
	extra := make(map[string]json.RawMessage, len(object))
	for name, raw := range object {
		var x json.RawMessage
		if err := json.Unmarshal(raw, &x); err != nil {
			return v, err
		}
		extra[name] = x
	}
	rv.FieldByName("AdditionalProperties").Set(reflect.ValueOf(extra))
	return v, nil
}

// decoder checks the generated decoding of one type.
type decoder struct {
	typ reflect.Type
	// same decodes b with the generated UnmarshalJSON, called directly
	// as a parent's decoding calls it, on input encoding/json has not
	// checked, and with decodeByMap; it returns how they differ, or "".
	same func(b []byte) string
	// roundTrip decodes b, and if that succeeds, encodes the value and
	// decodes it again; it returns how the two values differ, or "".
	roundTrip func(b []byte) string
}

func decoderOf[T any]() decoder {
	return decoder{
		typ:       reflect.TypeFor[T](),
		same:      func(b []byte) string { return sameDecoding[T](b) },
		roundTrip: func(b []byte) string { return roundTrip[T](b) },
	}
}

// decoders are the types whose UnmarshalJSON the template writes: every
// resource, and the objects nested in them.
var decoders = []decoder{
	decoderOf[generated.Auth](),
	decoderOf[generated.BatchFixedCount](),
	decoderOf[generated.BatchFixedSize](),
	decoderOf[generated.BatchNone](),
	decoderOf[generated.Campaign](),
	decoderOf[generated.CampaignListInclude](),
	decoderOf[generated.CampaignMailingList](),
	decoderOf[generated.Consent](),
	decoderOf[generated.Contact](),
	decoderOf[generated.ContactListMembership](),
	decoderOf[generated.ContactMailingList](),
	decoderOf[generated.Email](),
	decoderOf[generated.EmailVariant](),
	decoderOf[generated.Error](),
	decoderOf[generated.Folder](),
	decoderOf[generated.List](),
	decoderOf[generated.MailingList](),
	decoderOf[generated.Metrics](),
	decoderOf[generated.Property](),
}

// unions lets cmp read the raw JSON that the generated union types hold.
var unions = cmp.AllowUnexported(generated.BatchConfiguration{}, generated.CampaignList{})

func sameDecoding[T any](b []byte) string {
	var got T
	gotErr := any(&got).(json.Unmarshaler).UnmarshalJSON(b)
	want, wantErr := decodeByMap[T](b)
	switch {
	case gotErr == nil && !json.Valid(b):
		return "accepted input that encoding/json rejects"
	case (gotErr != nil) != (wantErr != nil):
		return "error " + errString(gotErr) + ", want " + errString(wantErr)
	case gotErr != nil || reflect.DeepEqual(want, got):
		return ""
	}
	return cmp.Diff(want, got, unions)
}

func roundTrip[T any](b []byte) string {
	var first T
	if json.Unmarshal(b, &first) != nil {
		return ""
	}
	enc, err := json.Marshal(first)
	if err != nil {
		return "encode: " + err.Error()
	}
	var second T
	if err := json.Unmarshal(enc, &second); err != nil {
		return "decode " + string(enc) + ": " + err.Error()
	}
	if reflect.DeepEqual(first, second) {
		return ""
	}
	return cmp.Diff(first, second, byValue)
}

// byValue compares union types and raw members by the JSON value they
// hold: an encoding compacts raw JSON and may escape its strings
// differently, with the same meaning.
var byValue = cmp.Options{
	cmp.Comparer(func(a, b generated.BatchConfiguration) bool { return sameValue(a, b) }),
	cmp.Comparer(func(a, b generated.CampaignList) bool { return sameValue(a, b) }),
	cmp.Comparer(func(a, b json.RawMessage) bool { return canonicalJSON(a, nil) == canonicalJSON(b, nil) }),
}

// sameValue reports whether a and b encode to the same JSON value.
func sameValue(a, b json.Marshaler) bool {
	return canonicalJSON(a.MarshalJSON()) == canonicalJSON(b.MarshalJSON())
}

// canonicalJSON returns a canonical form of the JSON value b: numbers as
// written, strings unescaped, keys sorted, no white space.
func canonicalJSON(b []byte, err error) string {
	if err != nil {
		return "error " + err.Error()
	}
	v, err := testsupport.DecodeJSON(b)
	if err != nil {
		return "invalid " + string(b)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// TestDecodeRandomSameAsByMap decodes random objects of each type, some
// of them wrong in a small way, with both decodings.
func TestDecodeRandomSameAsByMap(t *testing.T) {
	g := newGen(1)
	for _, d := range decoders {
		for range 300 {
			b := g.object(d.typ, 0)
			if g.r.IntN(8) == 0 {
				b = g.damage(b)
			}
			if diff := d.same(b); diff != "" {
				t.Fatalf("%s from %s: generated and map-based decoding differ (-map +generated):\n%s", d.typ.Name(), b, diff)
			}
			if diff := d.roundTrip(b); diff != "" {
				t.Fatalf("%s from %s: re-encoded value differs (-first +second):\n%s", d.typ.Name(), b, diff)
			}
		}
	}
}

// TestDecodeUnknownFields checks what the one-pass decoding keeps, where
// the scanner that finds unknown members could go wrong.
func TestDecodeUnknownFields(t *testing.T) {
	type raw = json.RawMessage
	tests := []struct {
		name  string
		in    string
		want  generated.Contact
		extra map[string]json.RawMessage
	}{
		{
			name:  "escaped quotes and brackets in nested strings, kept as sent",
			in:    `{"x":{"s":"he said \"}\", {[","t":["]",{"u":"\\"}]},"email":"a@b.c"}`,
			want:  generated.Contact{Email: ptr("a@b.c")},
			extra: map[string]json.RawMessage{"x": raw(`{"s":"he said \"}\", {[","t":["]",{"u":"\\"}]}`)},
		},
		{
			name:  "duplicate unknown key: the last wins",
			in:    `{"x":1,"name":"n","x":[2]}`,
			want:  generated.Contact{Name: ptr("n")},
			extra: map[string]json.RawMessage{"x": raw(`[2]`)},
		},
		{
			name: "duplicate known key: the last wins, maps not merged",
			in:   `{"properties":{"a":"1"},"properties":{"b":"2"}}`,
			want: generated.Contact{Properties: facade.PropertyValues{"b": facade.PropertyString("2")}},
		},
		{
			name:  "known key in another case is unknown",
			in:    `{"Email":"A","email":"b"}`,
			want:  generated.Contact{Email: ptr("b")},
			extra: map[string]json.RawMessage{"Email": raw(`"A"`)},
		},
		{
			name: "escaped key",
			in:   `{"\u0065mail":"e"}`,
			want: generated.Contact{Email: ptr("e")},
		},
		{
			name:  "nulls",
			in:    `{"email":null,"lists":null,"x":null}`,
			extra: map[string]json.RawMessage{"x": raw(`null`)},
		},
		{
			name:  "white space everywhere, kept inside a raw value",
			in:    " {\n\t\"email\" : \"e\" ,\r\n \"x\" : [ 1 , { } ] } \n",
			want:  generated.Contact{Email: ptr("e")},
			extra: map[string]json.RawMessage{"x": raw(`[ 1 , { } ]`)},
		},
		{
			name: "nested unknown members",
			in:   `{"lists":[{"list":"l","_id":"s"}],"sessionTrackingConsent":{"status":"GRANTED","by":"form"}}`,
			want: generated.Contact{
				Lists: []generated.ContactListMembership{
					{ListID: ptr("l"), AdditionalProperties: map[string]json.RawMessage{"_id": raw(`"s"`)}},
				},
				SessionTrackingConsent: &generated.Consent{
					Status:               ptr(generated.ConsentStatus("GRANTED")),
					AdditionalProperties: map[string]json.RawMessage{"by": raw(`"form"`)},
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got generated.Contact
			if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tt.in, err)
			}
			want := tt.want
			want.AdditionalProperties = tt.extra
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Unmarshal(%s) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestDecodeDepthLimit decodes values nested up to and beyond the 10,000
// levels encoding/json accepts.
func TestDecodeDepthLimit(t *testing.T) {
	d := decoderOf[generated.Contact]()
	for _, depth := range []int{9_999, 10_000} {
		in := `{"x":` + strings.Repeat(`[`, depth) + strings.Repeat(`]`, depth) + `}`
		if diff := d.same([]byte(in)); diff != "" {
			t.Errorf("Contact from an unknown member nested %d deep: generated and map-based decoding differ (-map +generated):\n%s", depth+1, diff)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// trickyPayloads are inputs on which a one-pass decoder could go wrong.
// Each is decoded into every type, where most keys are unknown.
var trickyPayloads = []string{
	`{}`, ` { } `, `null`, `[]`, `"s"`, `1`, `true`, ``, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`,
	`{"a":1}x`, `{"a":1}{}`, `{"a" 1}`, `{"a":1 "b":2}`, `{,"a":1}`, `{"a":[1,2}`, `{"a":{]}`,
	`{"a":[}]}`, `{"a":"\"}"}`, `{"a":"x\\"}`, `{"a":"\\\""}`, `{"a\"b":1}`, `{"a\\":1}`,
	`{"a":tru}`, `{"a":nul}`, `{"a":01}`, `{"a":-}`, `{"a":1.}`, `{"a":.5}`, `{"a":1e}`,
	`{"a":+1}`, `{"a":1e400}`, `{"a":-0}`, `{"a":1E+2}`, `{"a":"\u00e9\ud83d\ude00\ud800"}`,
	"{\"a\":\"\xff\"}", "{\"\xff\":1}", "{\"a\":\"\x01\"}", "{\"a\x01\":1}",
	`{"email":"e","email":"f"}`, `{"email":"e","EMAIL":"f"}`, `{"email":5}`, `{"email":"e","email":5}`,
	`{"email":5,"email":"e"}`, `{"subscribed":"true"}`, `{"subscribed":true,"subscribed":null}`,
	`{"created":"2025-03-14T09:26:53.589Z"}`, `{"created":"2025-03-14"}`, `{"created":"\u0032025-03-14T09:26:53Z"}`,
	`{"created":null}`, `{"created":1}`, `{"properties":{"a":"1","a":"2"}}`, `{"properties":{"a":1}}`,
	`{"properties":{"a":null}}`, `{"properties":{"\u0061":"x"}}`, `{"properties":{"a":"\u0078"}}`,
	`{"properties":[]}`, `{"properties":null}`, `{"lists":[]}`, `{"lists":[null]}`, `{"lists":[{},1]}`,
	`{"lists":[{"list":"a","list":"b"}]}`, `{"lists":{}}`, `{"mailinglists":[{"status":"opt-in"}]}`,
	`{"mailinglists":[{"status":5}]}`, `{"sessionTrackingConsent":null}`, `{"sessionTrackingConsent":[]}`,
	`{"sent":1,"open":1.5}`, `{"sent":1e2}`, `{"sent":9223372036854775808}`, `{"sent":-9223372036854775808}`,
	`{"type":2,"status":"d","lists":[{"list":null},{"list":"5f0c8a3b9d1e2a0012345678"}]}`,
	`{"batchConfiguration":{ "type" : "none" },"emails":[{"email":"e","weight":50}]}`,
	`{"batchConfiguration":null,"emails":null,"mailinglist":{"statusFilter":2}}`,
	`{"jwt":"a.b.c","mode":"apikey","clientid":"c","client":"n"}`,
	`{"error":"e","message":"m","errors":[{"message":"x"}]}`,
	`{"type":"fixedCount","count":3}`, `{"type":null}`, `{"type":1}`,
	string(appendContact(nil, 3)),
}
