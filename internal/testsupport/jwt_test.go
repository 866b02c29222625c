package testsupport_test

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// decode returns the three segments of jwt, decoded.
func decode(t *testing.T, jwt string) (header, payload, signature string) {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("%q has %d dot-separated parts, want 3", jwt, len(parts))
	}
	var out [3]string
	for i, p := range parts {
		b, err := base64.RawURLEncoding.DecodeString(p)
		if err != nil {
			t.Fatalf("segment %d of %q: %v", i, jwt, err)
		}
		out[i] = string(b)
	}
	return out[0], out[1], out[2]
}

func TestJWTCarriesTheClaims(t *testing.T) {
	jwt := testsupport.JWT(t, map[string]any{"sub": "user-1", "exp": 4102444800})
	header, payload, signature := decode(t, jwt)
	if header != `{"alg":"HS256","typ":"JWT"}` {
		t.Errorf("header = %s, want the HS256 JWT header", header)
	}
	var claims map[string]any
	if err := json.Unmarshal([]byte(payload), &claims); err != nil {
		t.Fatalf("payload %q: %v", payload, err)
	}
	if claims["sub"] != "user-1" || claims["exp"] != float64(4102444800) || len(claims) != 2 {
		t.Errorf("claims = %v, want sub user-1 and exp 4102444800", claims)
	}
	if signature == "" {
		t.Error("signature is empty")
	}
}

func TestJWTPayloadIsVerbatim(t *testing.T) {
	for _, payload := range []string{`{"exp":4.1024448e9}`, `not json`, ``} {
		if _, got, _ := decode(t, testsupport.JWTPayload(payload)); got != payload {
			t.Errorf("payload of JWTPayload(%q) = %q", payload, got)
		}
	}
}

// fatalTB records Fatalf instead of stopping the test.
type fatalTB struct {
	testing.TB
	failed bool
}

func (f *fatalTB) Helper()               {}
func (f *fatalTB) Fatalf(string, ...any) { f.failed = true }

func TestJWTFailsOnClaimsThatAreNotJSON(t *testing.T) {
	tb := &fatalTB{TB: t}
	testsupport.JWT(tb, map[string]any{"exp": math.NaN()})
	if !tb.failed {
		t.Error("JWT with a NaN claim did not fail the test")
	}
}
