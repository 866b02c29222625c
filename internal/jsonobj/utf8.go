package jsonobj

import "unicode/utf8"

// isUTF8 reports whether s is valid UTF-8, quickly for ASCII.
func isUTF8(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return utf8.ValidString(s[i:])
		}
	}
	return true
}
