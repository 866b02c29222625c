package redact

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// MinLen is the length, in bytes, of the shortest credential the module
// accepts: a shorter one cannot be removed from text in its encoded
// forms without removing ordinary text too (3 bytes of base64 are 4
// letters, a word).
const MinLen = 8

// CheckLen returns an error saying why if the credential s is empty or
// shorter than [MinLen] bytes; the error never quotes s.
func CheckLen(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	if len(s) < MinLen {
		return fmt.Errorf("%d bytes (%d characters), shorter than the %d bytes a credential needs to be kept out of logs and errors",
			len(s), utf8.RuneCountInString(s), MinLen)
	}
	return nil
}

// A Secret holds a credential where no printer can reach it: inside a
// closure, which fmt prints as an address under every verb, reflection
// cannot read, and encoding/json skips. A struct that keeps a credential
// in a Secret field is safe to print with any verb, however deep it is
// nested and whether or not the field is exported. The zero Secret holds
// "".
type Secret struct {
	get func() string
}

// NewSecret returns a Secret holding s.
func NewSecret(s string) Secret {
	return Secret{get: func() string { return s }}
}

// Reveal returns the credential. It is the only way to read it.
func (s Secret) Reveal() string {
	if s.get == nil {
		return ""
	}
	return s.get()
}

// Format prints [Mark] under every verb, so that a Secret reached by an
// exported path prints no address either.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, Mark) }

// MarshalJSON encodes [Mark].
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + Mark + `"`), nil }
