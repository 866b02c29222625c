package redact

import "unicode/utf8"

// maxHTMLRef is the length of the longest HTML character reference
// decodeHTML reads: "&#x" or "&#", 7 digits (up to U+10FFFF with leading
// zeros), ';'; a name of htmlNames and its '&' and ';' are shorter.
const maxHTMLRef = 11

// htmlNames are the HTML named character references of the printable
// ASCII characters other than letters and digits: those a server
// escaping text for HTML may write in place of a byte of a secret.
var htmlNames = map[string]byte{
	"amp": '&', "AMP": '&', "lt": '<', "LT": '<', "gt": '>', "GT": '>', "quot": '"', "QUOT": '"',
	"apos": '\'', "sol": '/', "bsol": '\\', "period": '.', "comma": ',', "colon": ':', "semi": ';',
	"excl": '!', "quest": '?', "num": '#', "dollar": '$', "percnt": '%', "ast": '*', "midast": '*',
	"plus": '+', "equals": '=', "hyphen": '-', "dash": '-', "lowbar": '_', "UnderBar": '_',
	"lpar": '(', "rpar": ')', "lsqb": '[', "lbrack": '[', "rsqb": ']', "rbrack": ']',
	"lcub": '{', "lbrace": '{', "rcub": '}', "rbrace": '}', "vert": '|', "verbar": '|', "VerticalLine": '|',
	"tilde": '~', "Hat": '^', "grave": '`', "DiacriticalGrave": '`', "commat": '@', "nbsp": ' ',
	"Tab": '\t', "NewLine": '\n',
}

// decodeHTML decodes the HTML character reference at s[k] ('&'):
// decimal (&#115;), hex (&#x73;, either case) or named (&sol;), each
// ended by ';'. It returns the number of bytes written to buf and the
// reference's length, or 0, 0.
func decodeHTML[T text](s T, k int, buf *[utf8.UTFMax]byte) (n, adv int) {
	end := k + 1
	for end < len(s) && end-k < maxHTMLRef && s[end] != ';' {
		end++
	}
	if end >= len(s) || s[end] != ';' || end == k+1 {
		return 0, 0
	}
	ref := string(s[k+1 : end])
	if ref[0] != '#' {
		b, ok := htmlNames[ref]
		if !ok {
			return 0, 0
		}
		buf[0] = b
		return 1, end + 1 - k
	}
	r, ok := htmlNumber(ref[1:])
	if !ok {
		return 0, 0
	}
	return utf8.EncodeRune(buf[:], r), end + 1 - k
}

// htmlNumber reads the number of a numeric character reference: decimal
// digits, or 'x' or 'X' and hex digits.
func htmlNumber(ref string) (rune, bool) {
	base := rune(10)
	if ref != "" && (ref[0] == 'x' || ref[0] == 'X') {
		base, ref = 16, ref[1:]
	}
	if ref == "" {
		return 0, false
	}
	var r rune
	for i := range len(ref) {
		d, ok := unhex(ref[i])
		if !ok || rune(d) >= base {
			return 0, false
		}
		r = r*base + rune(d)
	}
	return r, r <= utf8.MaxRune
}
