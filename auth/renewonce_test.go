package auth_test

import (
	"testing"

	"github.com/leadfox-go/leadfox/auth"
)

// TestRenewOneExchangePerRevokedToken: requests rejected with the same
// token, whose rejections reach Renew one after the other (the first
// renewal already done when the next comes), share one exchange: one
// revoked token costs one exchange, however many requests it rejected.
func TestRenewOneExchangePerRevokedToken(t *testing.T) {
	f := &fake{issue: issue("opaque-1", "opaque-2", "opaque-3")}
	src := f.source(t, auth.WithClock(newClock()))
	revoked := mustToken(t, src, "opaque-1")
	for i := range 5 {
		tok, err := src.Renew(t.Context(), revoked)
		if err != nil || tok.Value() != "opaque-2" {
			t.Fatalf("Renew %d = %v, %v; want opaque-2", i, tok, err)
		}
	}
	if n := f.exchanges.Load(); n != 2 {
		t.Errorf("exchanges = %d, want 2 (the first token and one renewal)", n)
	}
}
