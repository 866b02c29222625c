package query

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// checkPath reports what makes p an invalid path, or nil.
func checkPath(p string) error {
	switch {
	case p == "":
		return errors.New("empty path")
	case !utf8.ValidString(p):
		return errors.New("path is not valid UTF-8")
	case p[0] == '-':
		return errors.New("path starts with '-', which sort reads as descending")
	}
	for _, r := range p {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r):
			return fmt.Errorf("path contains %q; paths have no white space or control characters", r)
		case strings.ContainsRune(",|=!<>", r):
			return fmt.Errorf("path contains %q; paths have no ',', '|', '=', '!', '<' or '>'", r)
		}
	}
	if strings.HasPrefix(p, ".") || strings.HasSuffix(p, ".") || strings.Contains(p, "..") {
		return errors.New("path has an empty segment")
	}
	return nil
}

// isSeparator reports whether r is a line or paragraph separator
// (U+2028, U+2029): not control characters to Unicode, but line breaks
// to JavaScript, JSON readers and many logs.
func isSeparator(r rune) bool {
	return unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r)
}

// checkValue reports what keeps the text v of a value from being sent and
// read back exactly, or nil.
func checkValue(v string) error {
	switch {
	case v == "":
		return errors.New("empty value; the filter syntax cannot express one")
	case !utf8.ValidString(v):
		return fmt.Errorf("value %q is not valid UTF-8", v)
	case strings.ContainsAny(v, ",|"):
		return fmt.Errorf("value %q contains '%c'; the API has no escape for ',' or '|'", v, v[strings.IndexAny(v, ",|")])
	case strings.ContainsFunc(v, unicode.IsControl):
		return fmt.Errorf("value %q contains a control character", v)
	case strings.ContainsFunc(v, isSeparator):
		return fmt.Errorf("value %q contains a line or paragraph separator (U+2028, U+2029), which breaks lines like a control character", v)
	}
	first, _ := utf8.DecodeRuneInString(v)
	last, _ := utf8.DecodeLastRuneInString(v)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		return fmt.Errorf("value %q starts or ends with white space, which the API may trim", v)
	}
	return nil
}
