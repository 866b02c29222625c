package testsupport

import (
	"encoding/base64"
	"encoding/json"
	"testing"
)

// jwtHeader and jwtSignature are the first and last segments of every
// JWT minted here. The signature is not one (the SDK reads the claims
// without verifying) and is long and unusual, so that a leak scan looking
// for it cannot find it by chance.
var (
	jwtHeader    = segment(`{"alg":"HS256","typ":"JWT"}`)
	jwtSignature = segment("signature-of-the-test-jwt")
)

func segment(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// JWT returns a compact JWT whose payload is claims as JSON, with an
// HS256 header and a fixed signature that does not verify. It fails tb
// if claims cannot be marshalled as JSON.
func JWT(tb testing.TB, claims map[string]any) string {
	tb.Helper()
	payload, err := json.Marshal(claims)
	if err != nil {
		tb.Fatalf("testsupport.JWT: marshal claims: %v", err)
	}
	return JWTPayload(string(payload))
}

// JWTPayload returns a JWT as [JWT] does whose payload segment encodes
// payload verbatim, JSON or not: for tokens made at package level and for
// tests of malformed payloads.
func JWTPayload(payload string) string {
	return jwtHeader + "." + segment(payload) + "." + jwtSignature
}
