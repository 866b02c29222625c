package jsonobj

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"time"
)

// Value decodes the JSON value v, which the caller has checked, into *p
// as json.Unmarshal(v, p) does, and errs when it does. Plain strings,
// numbers, booleans, date-times, the generated types (through their
// UnmarshalJSON) and values of a named string, integer or boolean type are
// decoded here; anything else goes to encoding/json.
func Value[E any](v []byte, p *E) error {
	switch q := any(p).(type) {
	case *string:
		return decodeString(v, q)
	case *bool:
		return decodeBool(v, q)
	case *int:
		n, err := decodeInt(v, strconv.IntSize)
		if err == nil && n != nil {
			*q = int(*n)
		}
		return err
	case *float64:
		return decodeFloat(v, q)
	case *time.Time:
		if bytes.IndexByte(v, '\\') >= 0 {
			// An escaped date-time: encoding/json decides, as its
			// handling of escapes in a time.Time differs between Go
			// releases (Go 1.27 unescapes them first).
			return json.Unmarshal(v, q)
		}
		return q.UnmarshalJSON(v)
	case json.Unmarshaler:
		return q.UnmarshalJSON(v)
	case encoding.TextUnmarshaler:
	default:
		if ok, err := decodeKind(v, reflect.ValueOf(p).Elem()); ok {
			return err
		}
	}
	return json.Unmarshal(v, p)
}

// Ptr decodes the JSON value v, which the caller has checked, into the
// pointer field *p as encoding/json does: null sets it to nil, and any
// other value is decoded into what *p points to, or, if *p is nil, into
// slot (a new value if slot is nil), which *p then points to.
func Ptr[E any](v []byte, p **E, slot *E) error {
	if string(v) == "null" {
		*p = nil
		return nil
	}
	dst := *p
	if dst == nil {
		dst = slot
		if dst == nil {
			dst = new(E)
		}
	}
	if err := Value(v, dst); err != nil {
		return err
	}
	*p = dst
	return nil
}

// Slice decodes the JSON value v, which the caller has checked, into the
// slice *p as encoding/json does: null sets it to nil, and an array gives
// a new slice of its exact length whose elements are decoded in place. The
// error of an element is a *FieldError naming its index.
func Slice[E any](v []byte, p *[]E) error {
	if len(v) == 0 || v[0] != '[' {
		if err := expect("array", v); err != nil {
			return err
		}
		*p = nil
		return nil
	}
	n := 0
	_ = eachElement(v, func([]byte) error { n++; return nil })
	s := make([]E, n)
	k := 0
	err := eachElement(v, func(e []byte) error {
		if err := Value(e, &s[k]); err != nil {
			return wrapField("["+strconv.Itoa(k)+"]", err)
		}
		k++
		return nil
	})
	if err != nil {
		return err
	}
	*p = s
	return nil
}

// eachElement calls elem with each element of the checked JSON array v,
// and returns its first error.
func eachElement(v []byte, elem func(e []byte) error) error {
	i := skipSpace(v, 1)
	if i < len(v) && v[i] == ']' {
		return nil
	}
	for i < len(v) {
		end := skipChecked(v, i)
		if err := elem(v[i:end]); err != nil {
			return err
		}
		i = skipSpace(v, end)
		if i >= len(v) || v[i] == ']' {
			return nil
		}
		i = skipSpace(v, i+1) // past the comma
	}
	return nil
}

// skipChecked returns the index just past the value at b[i], which was
// checked before: it only finds where the value ends.
func skipChecked(b []byte, i int) int {
	switch b[i] {
	case '"':
		return skipCheckedString(b, i)
	case '{', '[':
		open := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = skipCheckedString(b, i) - 1
			case '{', '[':
				open++
			case '}', ']':
				open--
				if open == 0 {
					return i + 1
				}
			}
		}
		return i
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// skipCheckedString returns the index just past the checked string at
// b[i].
func skipCheckedString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '"':
			return i + 1
		case '\\':
			i++
		}
	}
	return i
}

func decodeString(v []byte, q *string) error {
	if len(v) > 0 && v[0] == '"' {
		if bytes.IndexByte(v, '\\') < 0 {
			*q = string(v[1 : len(v)-1])
			if isUTF8(*q) {
				return nil
			}
		}
		return json.Unmarshal(v, q)
	}
	return expect("string", v)
}

func decodeBool(v []byte, q *bool) error {
	switch string(v) {
	case "true":
		*q = true
	case "false":
		*q = false
	default:
		return expect("boolean", v)
	}
	return nil
}

// decodeInt returns the integer of bits bits in v, or nil for null.
func decodeInt(v []byte, bits int) (*int64, error) {
	if len(v) == 0 || (v[0] != '-' && (v[0] < '0' || v[0] > '9')) {
		return nil, expect("number", v)
	}
	n, err := strconv.ParseInt(string(v), 10, bits)
	if err != nil {
		return nil, &TypeError{Want: "integer of " + strconv.Itoa(bits) + " bits", Got: "number " + string(v)}
	}
	return &n, nil
}

func decodeFloat(v []byte, q *float64) error {
	if len(v) == 0 || (v[0] != '-' && (v[0] < '0' || v[0] > '9')) {
		return expect("number", v)
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil {
		return &TypeError{Want: "float64", Got: "number " + string(v)}
	}
	*q = f
	return nil
}

// decodeKind decodes v into e, a value of a named string, boolean or
// integer type without JSON or text methods, and reports whether it did.
func decodeKind(v []byte, e reflect.Value) (bool, error) {
	switch e.Kind() {
	case reflect.String:
		if e.Type() == reflect.TypeFor[json.Number]() {
			return false, nil
		}
		var s string
		if err := decodeString(v, &s); err != nil || string(v) == "null" {
			return true, err
		}
		e.SetString(s)
	case reflect.Bool:
		var x bool
		if err := decodeBool(v, &x); err != nil || string(v) == "null" {
			return true, err
		}
		e.SetBool(x)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := decodeInt(v, e.Type().Bits())
		if err != nil || n == nil {
			return true, err
		}
		e.SetInt(*n)
	default:
		return false, nil
	}
	return true, nil
}
