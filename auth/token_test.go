package auth_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// t0 is the time of the fake clocks.
var t0 = time.Date(2030, time.January, 1, 12, 0, 0, 0, time.UTC)

func TestParseToken(t *testing.T) {
	exp := time.Unix(4102444800, 0).UTC() // 2100-01-01
	tests := []struct {
		name    string
		jwt     string
		want    time.Time // Expiry
		wantErr string    // a part of the error, "" for none
	}{
		{name: "integer exp", jwt: testsupport.JWTPayload(`{"exp":4102444800,"sub":"u"}`), want: exp},
		{name: "fractional exp", jwt: testsupport.JWTPayload(`{"exp":4102444800.25}`), want: exp.Add(250 * time.Millisecond)},
		{name: "exponent exp", jwt: testsupport.JWTPayload(`{"exp":4.1024448e9}`), want: exp},
		{name: "exp zero", jwt: testsupport.JWTPayload(`{"exp":0}`), want: time.Unix(0, 0).UTC()},
		{name: "last second of 9999", jwt: testsupport.JWTPayload(`{"exp":253402300799}`), want: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)},
		{name: "no exp", jwt: testsupport.JWTPayload(`{"sub":"u"}`)},
		{name: "exp in other case is not exp", jwt: testsupport.JWTPayload(`{"EXP":4102444800}`)},
		{name: "padded payload", jwt: "h." + base64.URLEncoding.EncodeToString([]byte(`{"exp":4102444800}`)) + ".s", want: exp},
		{name: "opaque", jwt: "d41d8cd98f00b204e9800998ecf8427e"},

		{name: "empty", jwt: "", wantErr: "empty jwt"},
		{name: "two parts", jwt: "aGVhZGVy.cGF5bG9hZA", wantErr: "2 dot-separated parts, want 3"},
		{name: "four parts", jwt: testsupport.JWTPayload(`{}`) + ".x", wantErr: "4 dot-separated parts, want 3"},
		{name: "payload not base64url", jwt: "h.e30+/.s", wantErr: "payload is not base64url"},
		{name: "empty payload", jwt: "h..s", wantErr: "payload is not a JSON object"},
		{name: "payload not JSON", jwt: testsupport.JWTPayload(`exp=4102444800`), wantErr: "payload is not a JSON object"},
		{name: "payload JSON array", jwt: testsupport.JWTPayload(`[4102444800]`), wantErr: "payload is not a JSON object"},
		{name: "payload JSON null", jwt: testsupport.JWTPayload(`null`), wantErr: "payload is not a JSON object"},
		{name: "exp string", jwt: testsupport.JWTPayload(`{"exp":"4102444800"}`), wantErr: "exp claim is not a number"},
		{name: "exp null", jwt: testsupport.JWTPayload(`{"exp":null}`), wantErr: "exp claim is not a number"},
		{name: "exp negative", jwt: testsupport.JWTPayload(`{"exp":-1}`), wantErr: "exp claim is out of range"},
		{name: "exp after 9999", jwt: testsupport.JWTPayload(`{"exp":253402300800}`), wantErr: "exp claim is out of range"},
		{name: "exp beyond int64", jwt: testsupport.JWTPayload(`{"exp":1e19}`), wantErr: "exp claim is out of range"},
		{name: "exp beyond float64", jwt: testsupport.JWTPayload(`{"exp":1e400}`), wantErr: "exp claim is out of range"},
		{name: "space", jwt: "abc def", wantErr: "not allowed in an HTTP header"},
		{name: "newline", jwt: testsupport.JWTPayload(`{}`) + "\r\nX-Evil: 1", wantErr: "not allowed in an HTTP header"},
		{name: "non-ASCII", jwt: "jwté", wantErr: "not allowed in an HTTP header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := auth.ParseToken(tt.jwt)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseToken(%q) error = %v, want one saying %q", tt.jwt, err, tt.wantErr)
				}
				if !strings.HasPrefix(err.Error(), "auth: ") {
					t.Errorf("error %q lacks the prefix %q", err, "auth: ")
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseToken(%q) error = %v, want none", tt.jwt, err)
			}
			if got := tok.Value(); got != tt.jwt {
				t.Errorf("Value() = %q, want %q", got, tt.jwt)
			}
			if !tok.Expiry.Equal(tt.want) {
				t.Errorf("Expiry = %v, want %v", tok.Expiry, tt.want)
			}
		})
	}
}

func TestParseTokenErrorsDoNotQuoteToken(t *testing.T) {
	const payload = "bm90LWpzb24tc2VjcmV0LXBheWxvYWQ" // base64url, not JSON
	for _, jwt := range []string{"hdr." + payload + ".sig", "hdr." + payload, "hdr." + payload + "!.sig"} {
		_, err := auth.ParseToken(jwt)
		if err == nil {
			t.Fatalf("ParseToken(%q) error = nil, want one", jwt)
		}
		if strings.Contains(err.Error(), payload) || strings.Contains(err.Error(), "hdr") {
			t.Errorf("ParseToken(%q) error = %q, quotes the token", jwt, err)
		}
	}
}

func TestTokenValueOfNilAndZero(t *testing.T) {
	var nilTok *auth.Token
	if got := nilTok.Value(); got != "" {
		t.Errorf("nil Token: Value() = %q, want \"\"", got)
	}
	if got := new(auth.Token).Value(); got != "" {
		t.Errorf("zero Token: Value() = %q, want \"\"", got)
	}
}
