package facade

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzErrorMessage checks that any error body gives a one-line message of
// bounded length, and never panics.
func FuzzErrorMessage(f *testing.F) {
	for _, seed := range []string{`{"error":"x"}`, `{"errors":[{"message":"m"},["n"]]}`, `["a",1,null]`, `"s"`, "<html>", "text\nmore", `{"message":`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		msg := errorMessage(body)
		if strings.ContainsAny(msg, "\n\r\t") {
			t.Errorf("errorMessage(%q) = %q, not one line", body, msg)
		}
		if len(msg) > maxMessage+len("…") {
			t.Errorf("errorMessage gave %d bytes, want at most %d", len(msg), maxMessage+3)
		}
		if utf8.Valid(body) && !utf8.ValidString(msg) {
			t.Errorf("errorMessage(%q) = %q, cut inside a rune", body, msg)
		}
	})
}
