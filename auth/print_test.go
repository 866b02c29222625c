package auth_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// TestPrintedValuesHoldNoCredential: a struct holding a Source and a
// Token, in exported and unexported fields, prints neither the key, the
// secret nor the JWT under any verb or through json.Marshal.
func TestPrintedValuesHoldNoCredential(t *testing.T) {
	jwt := jwtAt(t, 1, t0.Add(time.Hour))
	src := (&fake{issue: issue(jwt)}).source(t, auth.WithClock(newClock()))
	tok, err := src.Token(t.Context())
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	type holder struct {
		Src *auth.Source
		src *auth.Source
		Tok auth.Token
		tok auth.Token
	}
	h := holder{src, src, *tok, *tok}
	b, _ := json.Marshal(h)
	texts := []string{string(b)}
	for _, verb := range []string{"%s", "%q", "%v", "%+v", "%#v", "%x", "%X", "%d"} {
		texts = append(texts, fmt.Sprintf(verb, h), fmt.Sprintf(verb, &h))
	}
	for _, text := range texts {
		for name, secret := range map[string]string{"api key": testKey, "secret": testSecret, "token": jwt} {
			if form := testsupport.Leak(text, secret); form != "" {
				t.Errorf("%q shows the %s (%s)", text, name, form)
			}
		}
	}
}
