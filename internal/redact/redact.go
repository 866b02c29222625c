// Package redact removes credentials from text bound for an error or a
// log record: the API key, the secret and the current and previous tokens
// by value, in the encodings a server may plausibly echo them in (see
// [Redactor]), and anything shaped like a JWT; and holds credentials out
// of reach of printers ([Secret]).
package redact

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Mark stands in for each piece of text that was removed.
const Mark = "[redacted]"

// minBase64 is the shortest base64 run of a secret that is matched: a
// shorter one would match ordinary text. Secrets of 5 bytes or more have
// at least one such run at every alignment.
const minBase64 = 6

// backtrackBudget bounds the alternatives tried, per position, where a
// secret's own '%' or '\' may be either itself or the start of an escape.
const backtrackBudget = 32

// A Redactor removes a fixed set of secrets (the API key and the secret)
// and the two latest tokens from text. It is the one redaction path of
// the module. Each secret is found by value, as it is, as hex (all lower or
// all upper case), as UTF-16 (either byte order), or as base64 or base64url
// (padded or not, alone or inside a larger blob at any of the three
// alignments), and within any of these, each byte may be written:
//
//   - as itself;
//   - JSON-escaped: a short escape (`\/`, `\"`, `\\`, `\n`...) or \uXXXX
//     (either hex case, surrogate pairs included), or \xXX;
//   - URL- or form-encoded, %XX in either hex case, a space also as '+',
//     and percent-encoded again any number of times ("%2541");
//   - as an HTML character reference: decimal (&#115;), hex (&#x73;) or
//     named (&sol;, for the punctuation that has a name).
//
// Between two bytes of a secret, up to 64 runs of white space (space,
// tab, CR, LF, as they are or escaped) are passed over, so that a secret
// wrapped or broken into lines is still found.
//
// After that, anything shaped like a JWT (eyJ..., three dot-separated
// base64url parts) is removed too, known or not.
//
// What it cannot find, and why: a part of a secret shorter than the whole
// (any fixed cut-off would also remove ordinary text); a secret
// transformed rather than encoded (case-folded outside hex, reversed,
// hashed, encrypted, compressed); encodings stacked other than the
// escapes above over the forms above (base64 of hex, base64 of
// URL-encoded text, hex of base64), base32, base58, ascii85 and
// quoted-printable, which the Leadfox API has no reason to produce and
// each of which multiplies the forms to look for; text a printer escapes
// after redaction (the SDK redacts before it formats). Those are why the
// SDK keeps credentials out of what it prints in the first place (see
// [Secret]) rather than relying on redaction alone.
//
// A secret shorter than [MinLen] is still removed in its plain and
// escaped forms, but not in base64; the module refuses such credentials
// at construction. Redacting never makes text longer than len(Mark) per
// removed piece plus the text.
//
// A nil *Redactor removes only what is shaped like a JWT. A Redactor is
// safe for concurrent use: String, Bytes, Line and Error may run while
// [Redactor.Rotate] adds a token, and see the table before or after it.
type Redactor struct {
	mu                sync.Mutex // serializes Add and Rotate
	fixed             []Secret
	current, previous Secret
	tab               atomic.Pointer[table]
}

// New returns a Redactor of secrets; empty strings are ignored.
func New(secrets ...string) *Redactor {
	r := &Redactor{}
	r.Add(secrets...)
	return r
}

// Add adds secrets that are removed for the life of r, such as an API key
// and a secret. Empty strings and secrets r already holds are ignored.
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if s != "" && !slices.ContainsFunc(r.fixed, func(f Secret) bool { return f.Reveal() == s }) {
			r.fixed = append(r.fixed, NewSecret(s))
		}
	}
	r.rebuild()
}

// Rotate makes token the current token; the current one becomes the
// previous one, and the one before it is no longer removed, so that the
// table stays bounded however many tokens are issued. An empty token, or
// the current one again, changes nothing.
func (r *Redactor) Rotate(token string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if token == "" || token == r.current.Reveal() {
		return
	}
	r.previous, r.current = r.current, NewSecret(token)
	r.rebuild()
}

// rebuild replaces the table with one for the secrets r holds now. The
// caller holds r.mu.
func (r *Redactor) rebuild() {
	secrets := append(slices.Clone(r.fixed), r.current, r.previous)
	t := &table{}
	for _, secret := range secrets {
		s := secret.Reveal()
		if s == "" {
			continue
		}
		for _, f := range forms(s) {
			t.add(f)
		}
	}
	r.tab.Store(t)
}

func (r *Redactor) table() *table {
	if r == nil {
		return nil
	}
	return r.tab.Load()
}

// String returns s with every secret and JWT replaced by [Mark]. It
// returns s itself, allocating nothing, when there is nothing to remove.
func (r *Redactor) String(s string) string {
	t := r.table()
	start, end := find(t, s, 0)
	if start < 0 {
		return s
	}
	return string(replace(t, s, start, end))
}

// Bytes returns b with every secret and JWT replaced by [Mark]. It never
// modifies b: it returns b itself when there is nothing to remove, and a
// new slice otherwise.
func (r *Redactor) Bytes(b []byte) []byte {
	t := r.table()
	start, end := find(t, b, 0)
	if start < 0 {
		return b
	}
	return replace(t, b, start, end)
}

// Line returns s redacted and made one line: invalid UTF-8 is dropped,
// each run of white space and non-printing characters becomes one space,
// and the text is cut to at most limit bytes, on a rune boundary, ending
// in "…" if it was cut. Secrets are removed before the text is cut, so a
// cut never leaves part of one. A limit of 0 or less does not cut.
func (r *Redactor) Line(s string, limit int) string {
	red := r.String(s)
	line := oneLine(red)
	if line != red {
		line = r.String(line) // joining the pieces may have made a secret
	}
	if limit <= 0 || len(line) <= limit {
		return line
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(line[cut]) {
		cut--
	}
	return line[:cut] + "…"
}

// Error returns err itself if its text holds nothing to remove, and
// otherwise an error whose text is redacted and that matches, under
// errors.Is, every error that err matches. errors.As no longer reaches
// the errors inside err then, since they hold the unredacted text. A nil
// err gives nil.
func (r *Redactor) Error(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	red := r.String(msg)
	if red == msg {
		return err
	}
	return &redactedError{msg: red, err: err}
}

// redactedError is an error whose text was redacted.
type redactedError struct {
	msg string
	err error // the original, for errors.Is only
}

func (e *redactedError) Error() string { return e.msg }

// Is reports whether the original error matches target.
func (e *redactedError) Is(target error) bool { return errors.Is(e.err, target) }

// Timeout reports whether the original error is a timeout, as net.Error
// says.
func (e *redactedError) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.As(e.err, &t) && t.Timeout()
}

// GoString keeps %#v from printing the original error.
func (e *redactedError) GoString() string { return fmt.Sprintf("redact.Error(%q)", e.msg) }

// oneLine drops invalid UTF-8 and turns each run of white space and
// non-printing characters into one space, trimmed at both ends.
func oneLine(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x21 || c > 0x7e {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			continue
		case unicode.IsSpace(r) || !unicode.IsPrint(r):
			space = len(b) > 0
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// forms returns what the table holds for the secret s: s itself, its hex
// in either case, its UTF-16 in either byte order, and its base64 runs.
func forms(s string) []string {
	h := hex.EncodeToString([]byte(s))
	return append([]string{s, h, strings.ToUpper(h), utf16Of(s, binary.LittleEndian), utf16Of(s, binary.BigEndian)}, base64Forms(s)...)
}

// utf16Of returns s in UTF-16 with the byte order order.
func utf16Of(s string, order binary.AppendByteOrder) string {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = order.AppendUint16(b, u)
	}
	return string(b)
}

// base64Forms returns the runs of base64 and base64url text that encode
// s alone or inside a larger blob: for each of the three alignments, the
// characters that only s's bits determine, and, for a blob that ends with
// s, those characters with the last partial one, padded and not.
func base64Forms(s string) []string {
	var forms []string
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for align := range 3 {
			src := make([]byte, align+len(s))
			copy(src[align:], s)
			full := enc.EncodeToString(src)
			start, end := (8*align+5)/6, 8*len(src)/6
			if end-start < minBase64 {
				continue
			}
			forms = append(forms, full[start:end])
			if len(src)%3 != 0 {
				pad := len(full)
				for pad > 0 && full[pad-1] == '=' {
					pad--
				}
				forms = append(forms, full[start:pad], full[start:])
			}
		}
	}
	return forms
}
