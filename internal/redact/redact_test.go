package redact

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

const (
	key    = "key-Ak9/xQ2+pZ7 wLm4Rt8"
	secret = "sécret/\"<Ret>+9q\\Zx3"
)

// encodings returns s as a server may echo it, by name.
func encodings(s string) map[string]string {
	j, _ := json.Marshal(s)
	jsonText := string(j[1 : len(j)-1])
	var u strings.Builder
	for _, r := range s {
		if r > 0xffff {
			fmt.Fprintf(&u, "%q", r)
			continue
		}
		fmt.Fprintf(&u, `\u%04X`, r)
	}
	out := map[string]string{
		"plain":     s,
		"json":      jsonText,
		"json \\/":  strings.ReplaceAll(jsonText, "/", `\/`),
		"json \\u":  u.String(),
		"json low":  strings.ToLower(u.String()),
		"query":     url.QueryEscape(s),
		"query low": regexp.MustCompile(`%[0-9A-F]{2}`).ReplaceAllStringFunc(url.QueryEscape(s), strings.ToLower),
		"path":      url.PathEscape(s),
	}
	for name, enc := range map[string]*base64.Encoding{"std": base64.StdEncoding, "url": base64.URLEncoding, "raw": base64.RawStdEncoding, "rawurl": base64.RawURLEncoding} {
		out[name] = enc.EncodeToString([]byte(s))
		out[name+" in query"] = url.QueryEscape(enc.EncodeToString([]byte(s)))
		for pre := range 3 {
			out[fmt.Sprintf("%s in blob at %d", name, pre)] = enc.EncodeToString([]byte(strings.Repeat("x", pre+6) + s + "trailer"))
		}
	}
	return out
}

// leaks reports whether got gives s away: plain, or as the base64 run
// of its bytes at any alignment.
func leaks(got, s string) bool {
	if strings.Contains(got, s) {
		return true
	}
	for _, f := range base64Forms(s) {
		if strings.Contains(got, f) {
			return true
		}
	}
	return false
}

func TestStringRemovesEveryEncoding(t *testing.T) {
	r := New(key, secret)
	r.Rotate("opq-7Hk2/Zm+Qa9=Lp3xWv8")
	for _, s := range []string{key, secret, "opq-7Hk2/Zm+Qa9=Lp3xWv8"} {
		for name, form := range encodings(s) {
			in := "before " + form + " after"
			got := r.String(in)
			if leaks(got, s) || strings.Contains(got, form) {
				t.Errorf("%.5s %s: String(%q) = %q, still holds it", s, name, in, got)
			}
			if !strings.Contains(got, Mark) || !strings.HasPrefix(got, "before ") {
				t.Errorf("%.5s %s: String(%q) = %q, want the text around a %s", s, name, in, got, Mark)
			}
			if b := r.Bytes([]byte(in)); string(b) != got {
				t.Errorf("%.5s %s: Bytes = %q, String = %q", s, name, b, got)
			}
		}
	}
}

func TestStringKeepsOtherText(t *testing.T) {
	r := New(key, secret)
	for _, in := range []string{"", "plain text", `{"error":"bad \u0041 %41 + \/"}`, "key-Ak9", "eyJ not a jwt", "100%", `\`, `\u12`, "%4"} {
		if got := r.String(in); got != in {
			t.Errorf("String(%q) = %q, want it unchanged", in, got)
		}
	}
}

func TestJWTShape(t *testing.T) {
	var r *Redactor // nil: shape only
	in := "Authorization: JWT eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln, done"
	if got, want := r.String(in), "Authorization: JWT "+Mark+", done"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}

func TestLongestAndOverlapping(t *testing.T) {
	r := New("abcdef", "abcdefghij")
	if got, want := r.String("xabcdefghijy abcdefz"), "x"+Mark+"y "+Mark+"z"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	// A secret whose '%' must be read literally in one place and as an
	// escape in another.
	r = New("50%41off")
	for _, in := range []string{"50%41off", "50%2541off", "50%25%34%31off"} {
		if got := r.String(in); got != Mark {
			t.Errorf("String(%q) = %q, want %q", in, got, Mark)
		}
	}
}

func TestRotateKeepsTwoTokens(t *testing.T) {
	r := New(key)
	r.Rotate("tok-one-111111")
	r.Rotate("tok-two-222222")
	r.Rotate("tok-three-3333")
	got := r.String("tok-one-111111 tok-two-222222 tok-three-3333 " + key)
	if want := "tok-one-111111 " + Mark + " " + Mark + " " + Mark; got != want {
		t.Errorf("String = %q, want %q: the current and previous tokens and the key", got, want)
	}
}

func TestLine(t *testing.T) {
	r := New("se cret")
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"a\n\tb  c\x00d", 0, "a b c d"},
		{"x se\ncret y", 0, "x " + Mark + " y"}, // joined by the collapse
		{"se cret " + strings.Repeat("é", 10), 14, Mark + " é…"},
		{"bad \xff utf8", 0, "bad utf8"},
	}
	for _, tt := range tests {
		if got := r.Line(tt.in, tt.limit); got != tt.want {
			t.Errorf("Line(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
		}
	}
}

type plainError struct{}

func (*plainError) Error() string { return "plain" }

func TestError(t *testing.T) {
	r := New(secret)
	plain := &plainError{}
	var same *plainError
	if got := r.Error(plain); !errors.As(got, &same) || same != plain || fmt.Sprintf("%T", got) != "*redact.plainError" {
		t.Errorf("Error(plain) = %#v, want plain itself: nothing to redact", got)
	}
	if r.Error(nil) != nil {
		t.Error("Error(nil) is not nil")
	}
	err := r.Error(fmt.Errorf("echo %s: %w", secret, io.ErrUnexpectedEOF))
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		if out := fmt.Sprintf(verb, err); leaks(out, secret) {
			t.Errorf("%s = %s, holds the secret", verb, out)
		}
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("errors.Is(%v, io.ErrUnexpectedEOF) = false", err)
	}
}

func TestNothingToRemoveAllocatesNothing(t *testing.T) {
	r := New(key, secret)
	r.Rotate("opq-7Hk2/Zm+Qa9=Lp3xWv8")
	body := strings.Repeat(`{"error":"contact not found","path":"/v1/contact/5f0c8a3b9d1e2a00"} `, 50)
	b := []byte(body)
	if n := testing.AllocsPerRun(50, func() { _ = r.String(body); _ = r.Bytes(b) }); n != 0 {
		t.Errorf("String and Bytes of clean text: %v allocations, want 0", n)
	}
}

func FuzzString(f *testing.F) {
	f.Add("x", secret, 0)
	f.Add("%41%42", "AB", 1)
	f.Fuzz(func(t *testing.T, text, s string, pos int) {
		if len(s) < 1 {
			return
		}
		r := New(s)
		pos = min(max(pos, 0), len(text))
		in := text[:pos] + s + text[pos:]
		if got := r.String(in); strings.Contains(got, s) && !strings.Contains(Mark, s) {
			t.Errorf("String(%q) = %q, still holds %q", in, got, s)
		}
	})
}
