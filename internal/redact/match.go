package redact

import (
	"slices"
	"unicode/utf16"
	"unicode/utf8"
)

// text is what the matcher reads.
type text interface{ ~string | ~[]byte }

// table is the immutable set of forms a Redactor looks for, indexed by
// their first byte.
type table struct {
	forms []string
	first [256][]int32 // indices in forms, by first byte
	// pairs has bit a<<8|b set if some form starts with the bytes a, b
	// (any b for a one-byte form): one look-up rules out most positions.
	pairs [1 << 16 / 64]uint64
}

// add adds form to t unless it is already there.
func (t *table) add(form string) {
	if slices.Contains(t.forms, form) {
		return
	}
	t.first[form[0]] = append(t.first[form[0]], int32(len(t.forms)))
	t.forms = append(t.forms, form)
	if len(form) == 1 {
		for b := range 256 {
			t.setPair(form[0], byte(b))
		}
		return
	}
	t.setPair(form[0], form[1])
}

func (t *table) setPair(a, b byte) {
	i := uint(a)<<8 | uint(b)
	t.pairs[i/64] |= 1 << (i % 64)
}

// mayStart reports whether a form may start at s[i]: false only when
// s[i] and s[i+1] are plain bytes that no form starts with.
func mayStart[T text](t *table, s T, i int) bool {
	if i+1 >= len(s) || isEscapeStart(s[i]) || mayBeGap(s[i+1]) {
		return true
	}
	p := uint(s[i])<<8 | uint(s[i+1])
	return t.pairs[p/64]&(1<<(p%64)) != 0
}

func isEscapeStart(c byte) bool { return c == '%' || c == '\\' || c == '+' || c == '&' }

// isSpace reports whether c is white space that may split a secret: a
// server wrapping a long line, or a blob broken into lines.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// mayBeGap reports whether c may be, or start, something matchForm
// passes over or decodes: an escape or white space.
func mayBeGap(c byte) bool { return isEscapeStart(c) || isSpace(c) }

// replace returns s with [Mark] in place of s[start:end] and of every
// later match.
func replace[T text](t *table, s T, start, end int) []byte {
	out := make([]byte, 0, len(s)+len(Mark))
	last := 0
	for start >= 0 {
		out = append(out, s[last:start]...)
		out = append(out, Mark...)
		last = end
		start, end = find(t, s, end)
	}
	return append(out, s[last:]...)
}

// find returns the first match in s at or after from: the longest form of
// a secret starting at the earliest position, or a JWT. It returns -1, -1
// if there is none.
func find[T text](t *table, s T, from int) (start, end int) {
	for i := from; i < len(s); i++ {
		if t != nil && mayStart(t, s, i) {
			if e := matchAt(t, s, i); e > i {
				return i, e
			}
		}
		if s[i] == 'e' {
			if e := jwtAt(s, i); e > i {
				return i, e
			}
		}
	}
	return -1, -1
}

// matchAt returns the end of the longest form matching s from i, or -1.
func matchAt[T text](t *table, s T, i int) int {
	c := s[i]
	best := tryForms(t, s, i, c)
	if isEscapeStart(c) {
		if b, ok := escapedFirst(s, i); ok && b != c {
			best = max(best, tryForms(t, s, i, b))
		}
	}
	return best
}

// tryForms returns the end of the longest form starting with byte c that
// matches s from i, or -1.
func tryForms[T text](t *table, s T, i int, c byte) int {
	best := -1
	var next byte // the byte after s[i], if it cannot start an escape
	if i+1 < len(s) && !isEscapeStart(s[i]) && !mayBeGap(s[i+1]) {
		next = s[i+1]
	}
	for _, fi := range t.first[c] {
		f := t.forms[fi]
		if next != 0 && len(f) > 1 && f[1] != next {
			continue // the common miss, without a call
		}
		budget := backtrackBudget
		if e := matchForm(s, i, f, &budget); e > best {
			best = e
		}
	}
	return best
}

// matchForm returns the end in s of form f matched from k, each byte of f
// as itself or escaped, or -1 if it does not match. Where a byte of f is
// '%' or '\' and s has an escape there, both readings are tried, within
// budget. Between two bytes of f, up to maxGap runs of white space, as it
// is or escaped, are passed over.
func matchForm[T text](s T, k int, f string, budget *int) int {
	gaps := 0
	for j := 0; j < len(f); {
		if k >= len(s) {
			return -1
		}
		c := s[k]
		if isEscapeStart(c) {
			if n, adv := escapeMatch(s, k, f[j:]); n > 0 {
				if c == f[j] && *budget > 0 {
					*budget--
					if e := matchForm(s, k+1, f[j+1:], budget); e >= 0 {
						return e
					}
				}
				if e := matchDeeper(s, k, adv, f[j:], budget); e >= 0 {
					return e
				}
				k, j = k+adv, j+n
				continue
			}
		}
		if c == f[j] {
			k, j = k+1, j+1
			continue
		}
		adv := gapAt(s, k)
		if j == 0 || adv == 0 || gaps == maxGap {
			return -1
		}
		k, gaps = k+adv, gaps+1
	}
	return k
}

// matchDeeper matches f, whose first byte is '%', from the %XX escape at
// s[k] (adv long, standing for '%') read as percent-encoding applied more
// than once ("%2525" for '%'), deepest last; it returns the end of the
// match, or -1. Each reading spends budget.
func matchDeeper[T text](s T, k, adv int, f string, budget *int) int {
	if f[0] != '%' || s[k] != '%' {
		return -1
	}
	for {
		b, ok := hexByte(s, k+adv)
		if !ok || b != '%' || *budget <= 0 {
			return -1
		}
		adv += 2
		*budget--
		if e := matchForm(s, k+adv, f[1:], budget); e >= 0 {
			return e
		}
	}
}

// maxGap is the most white space matchForm passes over inside one match:
// enough for a secret broken at every byte, bounded so that a run of
// spaces costs each attempt little.
const maxGap = 64

// gapAt returns the length of the white space at s[k], a byte or an
// escape of one (JSON "\n", "%0A", "&#10;"), or 0 if there is none.
func gapAt[T text](s T, k int) int {
	if isSpace(s[k]) {
		return 1
	}
	if !isEscapeStart(s[k]) {
		return 0
	}
	var buf [utf8.UTFMax]byte
	if n, adv := decodeEscape(s, k, &buf); n == 1 && isSpace(buf[0]) {
		return adv
	}
	return 0
}

// escapedFirst returns the first byte the escape at s[i] stands for, a
// '%' escape of '%' read as percent-encoding applied again.
func escapedFirst[T text](s T, i int) (byte, bool) {
	var buf [utf8.UTFMax]byte
	n, adv := decodeEscape(s, i, &buf)
	unnest(s, i, n, &adv, &buf)
	return buf[0], n > 0
}

// escapeMatch reports how many bytes of want the escape at s[k] stands
// for, and how long the escape is; 0, 0 if it is no escape or stands for
// something else. A '%' escape standing for '%' where want has none is
// read as percent-encoding applied again ("%2541" for "A", any depth).
func escapeMatch[T text](s T, k int, want string) (n, adv int) {
	var buf [utf8.UTFMax]byte
	n, adv = decodeEscape(s, k, &buf)
	if n == 1 && want[0] != '%' {
		unnest(s, k, n, &adv, &buf)
	}
	if n == 1 && buf[0] == '+' && want[0] == ' ' && s[k] == '%' {
		buf[0] = ' ' // a form-encoded space, encoded again
	}
	if n == 0 || n > len(want) || string(buf[:n]) != want[:n] {
		return 0, 0
	}
	return n, adv
}

// unnest reads the %XX escape at s[k], decoded into buf (n bytes, adv
// long), as percent-encoding applied more than once: while it stands for
// '%' and two hex digits follow, they are the byte it stands for.
func unnest[T text](s T, k, n int, adv *int, buf *[utf8.UTFMax]byte) {
	if n != 1 || s[k] != '%' {
		return
	}
	for buf[0] == '%' {
		b, ok := hexByte(s, k+*adv)
		if !ok {
			return
		}
		buf[0], *adv = b, *adv+2
	}
}

// decodeEscape decodes the escape at s[k] into buf: '+' (a space), %XX,
// an HTML character reference, a JSON short escape, \xXX or \uXXXX (a
// surrogate pair as one rune). It returns the number of bytes written
// and the escape's length, or 0, 0.
func decodeEscape[T text](s T, k int, buf *[utf8.UTFMax]byte) (n, adv int) {
	switch s[k] {
	case '+':
		buf[0] = ' '
		return 1, 1
	case '%':
		if b, ok := hexByte(s, k+1); ok {
			buf[0] = b
			return 1, 3
		}
		return 0, 0
	case '&':
		return decodeHTML(s, k, buf)
	}
	if k+1 >= len(s) {
		return 0, 0
	}
	if b, ok := shortEscape(s[k+1]); ok {
		buf[0] = b
		return 1, 2
	}
	switch s[k+1] {
	case 'x':
		if b, ok := hexByte(s, k+2); ok {
			buf[0] = b
			return 1, 4
		}
		return 0, 0
	case 'u':
		return decodeUnicode(s, k, buf)
	}
	return 0, 0
}

// decodeUnicode decodes the \uXXXX escape at s[k], and the low half of a
// surrogate pair after it.
func decodeUnicode[T text](s T, k int, buf *[utf8.UTFMax]byte) (n, adv int) {
	r, ok := hexRune(s, k+2)
	if !ok {
		return 0, 0
	}
	adv = 6
	if utf16.IsSurrogate(r) {
		if k+7 < len(s) && s[k+6] == '\\' && s[k+7] == 'u' {
			if lo, ok := hexRune(s, k+8); ok {
				r, adv = utf16.DecodeRune(r, lo), 12
			}
		}
	}
	return utf8.EncodeRune(buf[:], r), adv
}

// shortEscape returns the byte of the JSON escape \c.
func shortEscape(c byte) (byte, bool) {
	switch c {
	case '/', '\\', '"':
		return c, true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	}
	return 0, false
}

func hexByte[T text](s T, k int) (byte, bool) {
	if k+1 >= len(s) {
		return 0, false
	}
	hi, ok1 := unhex(s[k])
	lo, ok2 := unhex(s[k+1])
	return hi<<4 | lo, ok1 && ok2
}

func hexRune[T text](s T, k int) (rune, bool) {
	if k+3 >= len(s) {
		return 0, false
	}
	var r rune
	for i := range 4 {
		d, ok := unhex(s[k+i])
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// jwtAt returns the end of what looks like a JWT at s[i]: "eyJ" (the
// base64url of `{"`), then base64url characters, a dot, more, a dot and
// more. It returns -1 if there is none.
func jwtAt[T text](s T, i int) int {
	if i+3 > len(s) || s[i+1] != 'y' || s[i+2] != 'J' {
		return -1
	}
	k := i + 3
	for part := range 3 {
		for k < len(s) && isBase64URL(s[k]) {
			k++
		}
		if part == 2 {
			break
		}
		if k >= len(s) || s[k] != '.' {
			return -1
		}
		k++
	}
	return k
}

func isBase64URL(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}
