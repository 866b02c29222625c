package jsonobj

import (
	"encoding/json"
	"strings"
)

// Fields are the JSON keys of the properties of one generated type, in the
// order of its schema. Create them once with NewFields; they are read-only
// and safe for concurrent use.
type Fields struct {
	keys []string
}

// NewFields returns the Fields of a type whose properties have these JSON
// keys, in this order.
func NewFields(keys ...string) *Fields {
	return &Fields{keys: keys}
}

// index returns the index of key, or -1.
func (f *Fields) index(key []byte) int {
	for i, k := range f.keys {
		if len(k) == len(key) && k == string(key) {
			return i
		}
	}
	return -1
}

// member is an unknown member of an object: its key, unescaped if it had
// escapes, else the offsets of its key in the input, and its value.
type member struct {
	key        string // set only for a key with escapes
	ks, ke     int    // key offsets, without the quotes
	value      []byte
	escapedKey bool
}

// Decode decodes the JSON object b, which it checks in full. For each
// known key, decode is called with the key's index and the value of the
// last member with that key (the one encoding/json's map keeps), in index
// order; an error it returns is wrapped in a *FieldError naming the key.
// Every other member goes into a new map stored in *extra, as a copy of
// the raw bytes the server sent, the last member of a key winning; *extra
// is left as it is when there is none. A JSON null leaves everything
// unchanged, as encoding/json does. Any other value that is not an object
// is a *TypeError; input that is not one JSON value is a *SyntaxError.
func (f *Fields) Decode(b []byte, decode func(i int, value []byte) error, extra *map[string]json.RawMessage) error {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return notObject(b)
	}
	var lastBuf [24][]byte
	var last [][]byte
	if n := len(f.keys); n <= len(lastBuf) {
		last = lastBuf[:n]
	} else {
		last = make([][]byte, n)
	}
	var unknownBuf [24]member
	unknown, end, err := f.scan(b, i, last, unknownBuf[:0])
	if err != nil {
		return err
	}
	if j := skipSpace(b, end); j != len(b) {
		return syntaxError(j, "data after the JSON value")
	}
	for k, v := range last {
		if v == nil {
			continue
		}
		if err := decode(k, v); err != nil {
			return wrapField(f.keys[k], err)
		}
	}
	if len(unknown) > 0 {
		*extra = rawMembers(b, unknown)
	}
	return nil
}

// scan reads the members of the object at b[i], putting the value of each
// known one in last and appending the unknown ones to unknown. It returns
// them and the index just past the object.
func (f *Fields) scan(b []byte, i int, last [][]byte, unknown []member) ([]member, int, error) {
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return unknown, i + 1, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return nil, i, syntaxError(i, "expected a string key")
		}
		kEnd, plain, err := skipString(b, i)
		if err != nil {
			return nil, kEnd, err
		}
		m := member{ks: i + 1, ke: kEnd - 1}
		key := b[m.ks:m.ke]
		if !plain {
			m.key, m.escapedKey = unquote(b[i:kEnd]), true
			key = []byte(m.key)
		}
		i = skipSpace(b, kEnd)
		if i >= len(b) || b[i] != ':' {
			return nil, i, syntaxError(i, "expected a colon after an object key")
		}
		start := skipSpace(b, i+1)
		i, err = skipValue(b, start, 2)
		if err != nil {
			return nil, i, err
		}
		m.value = b[start:i]
		if k := f.index(key); k >= 0 {
			last[k] = m.value
		} else {
			unknown = append(unknown, m)
		}
		i = skipSpace(b, i)
		if i >= len(b) {
			return nil, i, syntaxError(i, "unexpected end of input in object")
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return unknown, i + 1, nil
		default:
			return nil, i, syntaxError(i, "expected a comma or the end of the object")
		}
	}
}

// rawMembers returns the map of the unknown members, their values copied
// into one allocation and their plain keys into another.
func rawMembers(b []byte, unknown []member) map[string]json.RawMessage {
	valueLen := 0
	for _, m := range unknown {
		valueLen += len(m.value)
	}
	keys := plainKeys(b, unknown)
	values := make([]byte, 0, valueLen)
	out := make(map[string]json.RawMessage, len(unknown))
	for _, m := range unknown {
		key := m.key
		if !m.escapedKey {
			key, keys = keys[:m.ke-m.ks], keys[m.ke-m.ks:]
		}
		start := len(values)
		values = append(values, m.value...)
		out[key] = json.RawMessage(values[start:len(values):len(values)])
	}
	return out
}

// plainKeys returns the keys without escapes of members, concatenated in
// one string.
func plainKeys(b []byte, members []member) string {
	n := 0
	for _, m := range members {
		if !m.escapedKey {
			n += m.ke - m.ks
		}
	}
	var kb strings.Builder
	kb.Grow(n)
	for _, m := range members {
		if !m.escapedKey {
			kb.Write(b[m.ks:m.ke])
		}
	}
	return kb.String()
}

// unquote returns the value of the JSON string s, checked before.
func unquote(s []byte) string {
	var v string
	_ = json.Unmarshal(s, &v)
	return v
}

// notObject returns the error of b, which does not start with '{': a
// *SyntaxError if it is not JSON, nil if it is null, else a *TypeError.
func notObject(b []byte) error {
	if err := checkValue(b); err != nil {
		return err
	}
	return expect("object", b)
}
