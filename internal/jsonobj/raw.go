package jsonobj

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
)

// Any returns the JSON value raw decoded as encoding/json decodes into an
// interface{} (nil, bool, string, []any, map[string]any), except that
// numbers are json.Number, which keeps every digit.
func Any(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return v, nil
}

// Raw returns value encoded as JSON, for an unknown member.
func Raw(value any) (json.RawMessage, error) {
	return json.Marshal(value)
}

// IsNil reports whether v is a nil map, slice, pointer or interface, for
// the generated MarshalJSON, which leaves out an optional property that is
// nil.
func IsNil[V any](v V) bool {
	r := reflect.ValueOf(&v).Elem()
	switch r.Kind() {
	case reflect.Map, reflect.Slice, reflect.Pointer, reflect.Interface:
		return r.IsNil()
	}
	return false
}
