package jsonobj

import (
	"errors"
	"strings"
)

// FieldError is the error of a member that did not decode. Field is its
// path from the object decoded: keys joined by dots, array indexes in
// brackets ("lists[1].time").
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return "field " + e.Field + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *FieldError) Unwrap() error { return e.Err }

// wrapField returns err as the error of the member key: a *FieldError
// whose path starts with key.
func wrapField(key string, err error) error {
	var se *SyntaxError
	if errors.As(err, &se) {
		return err
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		sep := "."
		if strings.HasPrefix(fe.Field, "[") {
			sep = ""
		}
		return &FieldError{Field: key + sep + fe.Field, Err: fe.Err}
	}
	return &FieldError{Field: key, Err: err}
}

// TypeError is the error of a JSON value of the wrong type: Got (object,
// array, string, number, boolean) where Want is expected.
type TypeError struct {
	Want, Got string
}

func (e *TypeError) Error() string {
	return "JSON " + e.Got + " where " + article(e.Want) + " is expected"
}

func article(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

// expect returns nil if the JSON value v is null, else the *TypeError of
// a v that is not the want expected.
func expect(want string, v []byte) error {
	k := kind(v)
	if k == "null" {
		return nil
	}
	return &TypeError{Want: want, Got: k}
}

// kind returns the JSON type of the valid value v.
func kind(v []byte) string {
	i := skipSpace(v, 0)
	if i >= len(v) {
		return "nothing"
	}
	switch v[i] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}
