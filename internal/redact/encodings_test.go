package redact

import (
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// TestEveryEncodingRemoved: each secret, in every form of
// testsupport.Encodings (hex, HTML references, URL-encoding once and
// twice, UTF-16, JSON \u escapes, base64 at every offset, split by white
// space...), is gone from the redacted text, and the text around it is
// kept.
func TestEveryEncodingRemoved(t *testing.T) {
	secrets := []string{"key-Ak9/xQ2+pZ7 wLm4Rt8", "s3cr3t&<x>=%41é", "opq-7Hk2/Zm+Qa9=Lp3xWv8Nd5"}
	r := New(secrets[0], secrets[1])
	r.Rotate(secrets[2])
	for _, s := range secrets {
		for name, form := range testsupport.Encodings(s) {
			out := r.String("before «" + form + "» after")
			if leak := testsupport.Leak(out, s); leak != "" {
				t.Errorf("%.6s… as %s: %q still shows it (%s)", s, name, out, leak)
			}
			if strings.Contains(strings.Join(strings.Fields(out), ""), strings.Join(strings.Fields(s), "")) {
				t.Errorf("%.6s… as %s: %q still shows it without its spaces", s, name, out)
			}
			if !strings.HasPrefix(out, "before «") || !strings.HasSuffix(out, "» after") {
				t.Errorf("%.6s… as %s: %q lost the text around it", s, name, out)
			}
		}
	}
}

// TestOrdinaryTextKept: text that only resembles encodings of a secret
// (its first bytes, HTML and percent escapes of other text, white space)
// is left alone.
func TestOrdinaryTextKept(t *testing.T) {
	r := New("key-Ak9/xQ2+pZ7")
	for _, s := range []string{
		"key-Ak9 is not the key", "k e y - A k 9 /", "&amp; &#107; %256B %2B", "6b65792d416b39", "k\x00e\x00y\x00-\x00",
	} {
		if got := r.String(s); got != s {
			t.Errorf("String(%q) = %q, want it unchanged", s, got)
		}
	}
}
