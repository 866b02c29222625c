package auth_test

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// FuzzParseToken checks that ParseToken never panics, never quotes the
// token in an error, and that the expiry of every token it accepts agrees
// with an independent reading of the exp claim.
func FuzzParseToken(f *testing.F) {
	for _, seed := range []string{
		"", "opaque", "a.b", "a.b.c.d", "h..s", "h.!!.s", "abc def",
		testsupport.JWTPayload(`{"exp":4102444800}`),
		testsupport.JWTPayload(`{"exp":4102444800.123456789}`),
		testsupport.JWTPayload(`{"exp":4.1024448E9}`),
		testsupport.JWTPayload(`{"exp":-0}`),
		testsupport.JWTPayload(`{"exp":0.9999999999}`),
		testsupport.JWTPayload(`{"exp":253402300799.9999}`),
		testsupport.JWTPayload(`{"exp":1e400}`),
		testsupport.JWTPayload(`{"exp":"4102444800"}`),
		testsupport.JWTPayload(`{"exp":null,"exp":1}`),
		testsupport.JWTPayload(`{"\u0065xp":1}`),
		testsupport.JWTPayload(`{"sub":"u"}`),
		testsupport.JWTPayload(`null`),
		testsupport.JWTPayload(`[]`),
		"h." + base64.URLEncoding.EncodeToString([]byte(`{"exp":1}`)) + ".s",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, jwt string) {
		tok, err := auth.ParseToken(jwt)
		if err != nil {
			if tok != nil {
				t.Errorf("ParseToken returned %v with its error", tok)
			}
			// The messages hold spaces but no dot or control byte, so a
			// rejected token without spaces can only be in one if quoted.
			if jwt != "" && !strings.Contains(jwt, " ") && strings.Contains(err.Error(), jwt) {
				t.Errorf("error %q quotes the token", err)
			}
			return
		}
		if tok.Value() != jwt {
			t.Fatalf("Value() = %q, want %q", tok.Value(), jwt)
		}
		switch parts := strings.Split(jwt, "."); len(parts) {
		case 1:
			if !tok.Expiry.IsZero() {
				t.Errorf("opaque token: Expiry = %v, want zero", tok.Expiry)
			}
		case 3:
			checkExpiry(t, parts[1], tok.Expiry)
		default:
			t.Errorf("accepted a token of %d parts", len(parts))
		}
	})
}

// checkExpiry checks got against the exp claim of payload decoded by
// encoding/json into a float64, and that Valid agrees with it.
func checkExpiry(t *testing.T, payload string, got time.Time) {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(payload, "="))
	if err != nil {
		t.Fatalf("accepted a payload that is not base64url: %v", err)
	}
	var claims map[string]json.RawMessage
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatalf("accepted a payload that is not a JSON object: %v", err)
	}
	claim, ok := claims["exp"]
	if !ok {
		if !got.IsZero() {
			t.Fatalf("no exp claim, but Expiry = %v", got)
		}
		return
	}
	var exp float64
	if err := json.Unmarshal(claim, &exp); err != nil {
		t.Fatalf("accepted exp %s, which is not a float64: %v", claim, err)
	}
	sec, frac := math.Modf(exp)
	if got.Unix() != int64(sec) || math.Abs(float64(got.Nanosecond())/1e9-frac) > 1e-6 {
		t.Fatalf("exp %s read as %v (%d s + %d ns)", claim, got, got.Unix(), got.Nanosecond())
	}
}
