package jsonobj

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// Properties are a contact's property values keyed by property shortcode.
// The API documents them as strings; a value the server sends as any
// other JSON value (a number, a boolean, null, an array or an object) is
// kept as its JSON text, numbers and strings as written (an array or an
// object without white space between its tokens, and with '<', '>' and
// '&' escaped, as encoding/json writes it), and written back as that
// same JSON value, never as a string. A nil Properties encodes as null.
type Properties map[string]PropertyValue

// PropertyValue is one property value: a string, or the JSON text of the
// number, boolean, null, array or object the server sent. The zero PropertyValue is the
// empty string. Values are comparable with == and go-cmp (Equal).
type PropertyValue struct {
	text string
	json bool // text is the JSON text of a value other than a string
}

// StringValue returns the PropertyValue of the string s.
func StringValue(s string) PropertyValue { return PropertyValue{text: s} }

// JSONValue returns the PropertyValue of the JSON value raw: a string's
// text, or any other value's JSON text as it is written. Text that is not
// one JSON value is an error.
func JSONValue(raw []byte) (PropertyValue, error) {
	var v PropertyValue
	err := v.UnmarshalJSON(raw)
	return v, err
}

// String returns the string, or the JSON text of another value ("42",
// "true", "null", `[1,2]`).
func (v PropertyValue) String() string { return v.text }

// IsString reports whether the value is a JSON string.
func (v PropertyValue) IsString() bool { return !v.json }

// Equal reports whether v and w are the same value.
func (v PropertyValue) Equal(w PropertyValue) bool { return v == w }

// MarshalJSON returns the string encoded as JSON, or the JSON text of
// another value as the server sent it.
func (v PropertyValue) MarshalJSON() ([]byte, error) {
	if v.json {
		return []byte(v.text), nil
	}
	return json.Marshal(v.text)
}

// UnmarshalJSON keeps a JSON string as its value and any other JSON value
// as its text.
func (v *PropertyValue) UnmarshalJSON(b []byte) error {
	if err := checkValue(b); err != nil {
		return err
	}
	b = bytes.TrimSpace(b)
	switch b[0] {
	case '"':
		var s string
		if err := decodeString(b, &s); err != nil {
			return err
		}
		*v = PropertyValue{text: s}
	default:
		*v = PropertyValue{text: canonical(b), json: true}
	}
	return nil
}

// canonical returns the checked JSON value b as encoding/json writes a
// Marshaler's output: without insignificant white space, and with '<',
// '>', '&', U+2028 and U+2029 escaped. Numbers, keys and the rest of the
// strings are kept as written; the text reads back as itself.
func canonical(b []byte) string {
	if b[0] != '{' && b[0] != '[' {
		return string(b)
	}
	var compact, escaped bytes.Buffer
	_ = json.Compact(&compact, b) // b is checked JSON
	json.HTMLEscape(&escaped, compact.Bytes())
	return escaped.String()
}

// Strings returns the values as strings (see PropertyValue.String), for a
// request that takes a map[string]string; nil for a nil p.
func (p Properties) Strings() map[string]string {
	if p == nil {
		return nil
	}
	m := make(map[string]string, len(p))
	for k, v := range p {
		m[k] = v.text
	}
	return m
}

// MarshalJSON encodes the properties as a JSON object with sorted keys.
func (p Properties) MarshalJSON() ([]byte, error) {
	if p == nil {
		return []byte("null"), nil
	}
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kj, _ := json.Marshal(k)
		b.Write(kj)
		b.WriteByte(':')
		vj, _ := p[k].MarshalJSON()
		b.Write(vj)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// UnmarshalJSON decodes a JSON object of property values into a new map,
// the last member of a key winning; null sets p to nil. Each value is
// kept as UnmarshalJSON of PropertyValue keeps it.
func (p *Properties) UnmarshalJSON(b []byte) error {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		err := notObject(b)
		if err == nil {
			*p = nil
		}
		return err
	}
	var unknownBuf [16]member
	none := &Fields{}
	members, end, err := none.scan(b, i, nil, unknownBuf[:0])
	if err != nil {
		return err
	}
	if j := skipSpace(b, end); j != len(b) {
		return syntaxError(j, "data after the JSON value")
	}
	keys := plainKeys(b, members)
	m := make(Properties, len(members))
	for _, mb := range members {
		key := mb.key
		if !mb.escapedKey {
			key, keys = keys[:mb.ke-mb.ks], keys[mb.ke-mb.ks:]
		}
		v, err := propertyValue(mb.value)
		if err != nil {
			return wrapField(key, err)
		}
		m[key] = v
	}
	*p = m
	return nil
}

// propertyValue returns the PropertyValue of the checked JSON value v.
func propertyValue(v []byte) (PropertyValue, error) {
	switch v[0] {
	case '"':
		var s string
		err := decodeString(v, &s)
		return PropertyValue{text: s}, err
	}
	return PropertyValue{text: canonical(v), json: true}, nil
}
