package testsupport

import (
	"bytes"
	"encoding/json"
	"testing"
)

// DecodeJSON returns the first JSON value of b as encoding/json decodes it
// into an any, but with its numbers as json.Number, as written: what the
// value means, to compare with another without float64's rounding. It
// returns the decoder's error for a b that does not start with a JSON
// value; bytes after the value are not read.
func DecodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// JSONValue returns [DecodeJSON] of b, failing tb if b does not start with
// a JSON value.
func JSONValue(tb testing.TB, b []byte) any {
	tb.Helper()
	v, err := DecodeJSON(b)
	if err != nil {
		tb.Fatalf("decode %s: %v", b, err)
	}
	return v
}
