package testsupport

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"unicode/utf16"
)

// Encodings returns s in every form a printer or a hostile server might
// show it in, by name: as it is, hex in either case, base64 and base64url
// (padded or not, at each of the three alignments inside a larger blob),
// URL-encoded once and twice, every byte %-escaped, HTML character
// references (decimal, hex, and named for what has a name), UTF-16 in
// either byte order, JSON \u escapes, and split by a space, a line break
// or a CRLF after each of its first bytes. A test looks for each in a
// text that must not hold s.
func Encodings(s string) map[string]string {
	forms := map[string]string{
		"plain":             s,
		"hex":               hex.EncodeToString([]byte(s)),
		"HEX":               strings.ToUpper(hex.EncodeToString([]byte(s))),
		"url-encoded":       url.QueryEscape(s),
		"url-encoded twice": url.QueryEscape(url.QueryEscape(s)),
		"every byte %XX":    everyByte(s, "%%%02X"),
		"every byte %xx":    everyByte(s, "%%%02x"),
		"every byte %25XX":  everyByte(s, "%%25%02X"),
		"html decimal":      everyRune(s, "&#%d;"),
		"html hex":          everyRune(s, "&#x%x;"),
		"html HEX padded":   everyRune(s, "&#X%04X;"),
		"html named":        htmlNamed(s),
		"json \\u":          everyUTF16(s, `\u%04x`),
		"json \\U":          everyUTF16(s, `\u%04X`),
		"utf-16le":          utf16Bytes(s, false),
		"utf-16be":          utf16Bytes(s, true),
		"split by space":    split(s, " "),
		"split by \\n":      split(s, "\n"),
		"split by \\r\\n":   split(s, "\r\n"),
		"split by tab":      split(s, "\t"),
	}
	for _, enc := range []struct {
		name string
		e    *base64.Encoding
	}{{"base64", base64.StdEncoding}, {"base64url", base64.URLEncoding}, {"raw base64", base64.RawStdEncoding}, {"raw base64url", base64.RawURLEncoding}} {
		for align := range 3 {
			blob := enc.e.EncodeToString([]byte(strings.Repeat("\xff", align) + s + "\x00\x01\x02"))
			forms[fmt.Sprintf("%s at offset %d", enc.name, align)] = blob
		}
		forms[enc.name] = enc.e.EncodeToString([]byte(s))
	}
	return forms
}

func everyByte(s, format string) string {
	var b strings.Builder
	for i := range len(s) {
		fmt.Fprintf(&b, format, s[i])
	}
	return b.String()
}

func everyRune(s, format string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, format, r)
	}
	return b.String()
}

func everyUTF16(s, format string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, format, u)
	}
	return b.String()
}

// htmlNamed writes '-', '.', '_', '/', ':' and '=' by their HTML names,
// and everything else as it is.
func htmlNamed(s string) string {
	return strings.NewReplacer("-", "&hyphen;", ".", "&period;", "_", "&lowbar;", "/", "&sol;", ":", "&colon;", "=", "&equals;").Replace(s)
}

func utf16Bytes(s string, bigEndian bool) string {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return string(b)
}

// split puts sep after every byte of s but the last, so that no two bytes
// of s are adjacent.
func split(s, sep string) string {
	if s == "" {
		return ""
	}
	return strings.Join(strings.Split(s, ""), sep)
}

// Leak returns the name of the first form of s, among [Encodings] and the
// runs of base64 that only the bytes of s determine, found in text, or ""
// if there is none.
func Leak(text, s string) string {
	forms := Encodings(s)
	for _, name := range slices.Sorted(maps.Keys(forms)) {
		if form := forms[name]; form != "" && !strings.HasPrefix(name, "base64 at") && !strings.HasPrefix(name, "base64url at") &&
			!strings.HasPrefix(name, "raw base64") && strings.Contains(text, form) {
			return name
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for align := range 3 {
			full := enc.EncodeToString([]byte(strings.Repeat("\x00", align) + s))
			core := full[(8*align+5)/6 : 8*(align+len(s))/6]
			if strings.Contains(text, core) {
				return fmt.Sprintf("base64 run at offset %d", align)
			}
		}
	}
	return ""
}
