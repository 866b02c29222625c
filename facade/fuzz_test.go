package facade

import (
	"strings"
	"testing"
	"time"
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

// FuzzParseRetryAfter checks that no header value gives a negative wait.
func FuzzParseRetryAfter(f *testing.F) {
	for _, seed := range []string{"0", "120", "-1", "Wed, 21 Oct 2015 07:28:00 GMT", "99999999999999999999", ""} {
		f.Add(seed)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d, ok := parseRetryAfter(v, now); d < 0 || (!ok && d != 0) {
			t.Errorf("parseRetryAfter(%q) = %v, %v", v, d, ok)
		}
	})
}
