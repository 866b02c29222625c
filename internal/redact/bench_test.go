package redact

import (
	"strings"
	"testing"
)

// BenchmarkString measures a 4 KiB error body with nothing to remove
// (the common case), one with a secret echoed in it, and the same bodies
// through strings.ReplaceAll of the plain secrets alone, the floor of any
// by-value redaction.
func BenchmarkString(b *testing.B) {
	r := New(key, secret)
	r.Rotate("opq-7Hk2/Zm+Qa9=Lp3xWv8")
	r.Rotate("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")
	clean := strings.Repeat(`{"error":"contact not found","path":"/v1/contact/5f0c8a3b9d1e2a00"} `, 4096/70)
	dirty := clean[:2048] + formEncode(secret) + clean[2048:]
	plain := func(s string) string {
		for _, x := range []string{key, secret, "opq-7Hk2/Zm+Qa9=Lp3xWv8"} {
			s = strings.ReplaceAll(s, x, Mark)
		}
		return s
	}
	for name, in := range map[string]string{"clean": clean, "echo": dirty} {
		b.Run(name+"/redact", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				_ = r.String(in)
			}
		})
		b.Run(name+"/replaceall", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				_ = plain(in)
			}
		})
	}
}

func formEncode(s string) string {
	return strings.NewReplacer("/", "%2F", "+", "%2B", " ", "+").Replace(s)
}
