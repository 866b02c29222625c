// Package jsonobj decodes the JSON objects of the generated model types in
// one validating pass, keeping the members the spec does not name as the
// raw bytes the server sent. The generated code calls it from its
// UnmarshalJSON methods; the facade calls its page decoder.
package jsonobj

import (
	"fmt"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting of objects and arrays accepted, the limit
// of encoding/json.
const MaxDepth = 10000

// SyntaxError is the error for input that is not valid JSON. Offset is the
// index of the byte where the input stops being valid.
type SyntaxError struct {
	Offset int
	msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at offset %d: %s", e.Offset, e.msg)
}

func syntaxError(i int, msg string) error { return &SyntaxError{Offset: i, msg: msg} }

// isSpace reports whether c is JSON white space.
func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// skipSpace returns the index of the first byte of b from i that is not
// JSON white space, or len(b).
func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// Valid reports whether b is exactly one JSON value, with white space
// around it, as json.Valid does.
func Valid(b []byte) bool {
	return checkValue(b) == nil
}

// checkValue returns nil if b is exactly one JSON value, with white space
// around it, or the *SyntaxError that says where it is not.
func checkValue(b []byte) error {
	i := skipSpace(b, 0)
	end, err := skipValue(b, i, 1)
	if err != nil {
		return err
	}
	if j := skipSpace(b, end); j != len(b) {
		return syntaxError(j, "data after the JSON value")
	}
	return nil
}

// skipValue checks the JSON value that starts at b[i], at nesting depth
// depth (1 for a top-level value), and returns the index just past it.
func skipValue(b []byte, i, depth int) (int, error) {
	if i >= len(b) {
		return i, syntaxError(i, "unexpected end of input")
	}
	switch c := b[i]; {
	case c == '"':
		end, _, err := skipString(b, i)
		return end, err
	case c == '{':
		return skipObject(b, i, depth)
	case c == '[':
		return skipArray(b, i, depth)
	case c == 't':
		return skipLiteral(b, i, "true")
	case c == 'f':
		return skipLiteral(b, i, "false")
	case c == 'n':
		return skipLiteral(b, i, "null")
	case c == '-' || (c >= '0' && c <= '9'):
		return skipNumber(b, i)
	}
	return i, syntaxError(i, fmt.Sprintf("invalid character %q looking for the beginning of a value", b[i]))
}

func skipLiteral(b []byte, i int, lit string) (int, error) {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return i, syntaxError(i, "invalid literal")
	}
	return i + len(lit), nil
}

// skipString checks the JSON string that starts at b[i], a quote, and
// returns the index just past it and whether it is plain: no escape and
// valid UTF-8, so that the bytes between its quotes are its value.
// Invalid UTF-8 is accepted, as encoding/json accepts it.
func skipString(b []byte, i int) (end int, plain bool, err error) {
	start := i
	plain = true
	ascii := true
	for i++; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '"':
			if !ascii && plain {
				plain = utf8.Valid(b[start+1 : i])
			}
			return i + 1, plain, nil
		case c == '\\':
			plain = false
			n, err := skipEscape(b, i)
			if err != nil {
				return i, false, err
			}
			i += n - 1
		case c < 0x20:
			return i, false, syntaxError(i, "control character in string")
		case c >= 0x80:
			ascii = false
		}
	}
	return i, false, syntaxError(i, "unexpected end of input in string")
}

// skipEscape checks the escape sequence at b[i], a backslash, and returns
// its length.
func skipEscape(b []byte, i int) (int, error) {
	if i+1 >= len(b) {
		return 0, syntaxError(i, "unexpected end of input in string escape")
	}
	switch b[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, nil
	case 'u':
		if i+6 > len(b) {
			return 0, syntaxError(i, "unexpected end of input in string escape")
		}
		for _, h := range b[i+2 : i+6] {
			if !isHex(h) {
				return 0, syntaxError(i, "invalid \\u escape")
			}
		}
		return 6, nil
	}
	return 0, syntaxError(i, "invalid escape")
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// skipNumber checks the JSON number that starts at b[i] and returns the
// index just past it: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func skipNumber(b []byte, i int) (int, error) {
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = skipDigits(b, i)
	default:
		return i, syntaxError(i, "invalid number")
	}
	if i < len(b) && b[i] == '.' {
		j := skipDigits(b, i+1)
		if j == i+1 {
			return j, syntaxError(j, "invalid number")
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := skipDigits(b, i)
		if j == i {
			return j, syntaxError(j, "invalid number")
		}
		i = j
	}
	return i, nil
}

func skipDigits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// skipObject checks the object that starts at b[i] and returns the index
// just past it.
func skipObject(b []byte, i, depth int) (int, error) {
	if depth > MaxDepth {
		return i, syntaxError(i, "exceeded max depth")
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return i, syntaxError(i, "expected a string key")
		}
		end, _, err := skipString(b, i)
		if err != nil {
			return end, err
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return i, syntaxError(i, "expected a colon after an object key")
		}
		i, err = skipValue(b, skipSpace(b, i+1), depth+1)
		if err != nil {
			return i, err
		}
		i = skipSpace(b, i)
		if i >= len(b) {
			return i, syntaxError(i, "unexpected end of input in object")
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return i + 1, nil
		default:
			return i, syntaxError(i, "expected a comma or the end of the object")
		}
	}
}

// skipArray checks the array that starts at b[i] and returns the index
// just past it.
func skipArray(b []byte, i, depth int) (int, error) {
	if depth > MaxDepth {
		return i, syntaxError(i, "exceeded max depth")
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return i + 1, nil
	}
	for {
		var err error
		i, err = skipValue(b, i, depth+1)
		if err != nil {
			return i, err
		}
		i = skipSpace(b, i)
		if i >= len(b) {
			return i, syntaxError(i, "unexpected end of input in array")
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case ']':
			return i + 1, nil
		default:
			return i, syntaxError(i, "expected a comma or the end of the array")
		}
	}
}
