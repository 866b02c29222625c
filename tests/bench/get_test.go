package bench

import (
	"testing"

	"github.com/leadfox-go/leadfox/facade"
)

// BenchmarkGetContact measures one GET of a contact, sent and decoded:
// by plain net/http and encoding/json (baseline), by the raw generated
// client (ClientWithResponses, with the token set by a request editor),
// and by the SDK with its whole chain (retry, auth with a cached token,
// decoding that keeps unknown fields), which must make no exchange.
func BenchmarkGetContact(b *testing.B) {
	s := newServer(b, pageSize, 0)
	b.Run("client=baseline", func(b *testing.B) {
		c := newBaseline(b, s)
		for b.Loop() {
			if _, err := c.contact(b.Context(), contactID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("client=generated", func(b *testing.B) {
		c := newGenerated(b, s)
		for b.Loop() {
			resp, err := c.GetContactWithResponse(b.Context(), contactID)
			if err != nil {
				b.Fatal(err)
			}
			if resp.JSON200 == nil {
				b.Fatalf("get contact: %s", resp.Status())
			}
		}
	})
	b.Run("client=facade", func(b *testing.B) {
		c := newFacade(b, s)
		warmUp(b, c)
		exchanges := s.exchanges.Load()
		for b.Loop() {
			if _, err := c.Contacts.Get(b.Context(), contactID); err != nil {
				b.Fatal(err)
			}
		}
		if got := s.exchanges.Load() - exchanges; got != 0 {
			b.Errorf("%d exchanges in the steady state, want 0", got)
		}
	})
}

// warmUp makes the facade's first call, which exchanges the key for a
// token, so that the measured calls are the steady state.
func warmUp(tb testing.TB, c *facade.Client) {
	tb.Helper()
	if _, err := c.Contacts.Get(tb.Context(), contactID); err != nil {
		tb.Fatal(err)
	}
}
