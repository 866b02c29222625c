package bench

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/generated"
)

// BenchmarkListPage measures one page of 100 contacts: end to end over
// HTTP (via=http), and decoded from the same bytes without HTTP
// (via=bytes), where the cost of decoding shows alone; via=bytes-known-only
// decodes the page without the members the spec does not name, to show
// the cost of keeping them. The facade decodes into the generated types
// with a json.Decoder over the body, as client=generated does here.
func BenchmarkListPage(b *testing.B) {
	s := newServer(b, pageSize, 0)
	b.Run("via=http/client=baseline", func(b *testing.B) {
		c := newBaseline(b, s)
		for b.Loop() {
			page, err := c.contacts(b.Context(), 0, pageSize)
			checkPage(b, len(page), err)
		}
	})
	b.Run("via=http/client=generated", func(b *testing.B) {
		c := newGenerated(b, s)
		for b.Loop() {
			page, err := generatedContacts(b.Context(), c, 0, pageSize)
			checkPage(b, len(page), err)
		}
	})
	b.Run("via=http/client=facade", func(b *testing.B) {
		c := newFacade(b, s)
		warmUp(b, c)
		p, err := c.Contacts.List(&facade.ListOptions{Max: pageSize})
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			p.Reset()
			page, err := p.NextPage(b.Context())
			checkPage(b, len(page), err)
		}
	})
	for _, body := range []struct {
		via  string
		json []byte
	}{{"bytes", s.firstPage}, {"bytes-known-only", withoutUnknown(s.firstPage)}} {
		b.Run("via="+body.via+"/client=baseline", func(b *testing.B) {
			benchDecode[plainContact](b, body.json)
		})
		b.Run("via="+body.via+"/client=generated", func(b *testing.B) {
			benchDecode[generated.Contact](b, body.json)
		})
	}
}

// benchDecode decodes the page in body into a []T, as the facade does.
func benchDecode[T any](b *testing.B, body []byte) {
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var page []T
		err := json.NewDecoder(bytes.NewReader(body)).Decode(&page)
		checkPage(b, len(page), err)
	}
}

func checkPage(tb testing.TB, n int, err error) {
	if err != nil {
		tb.Fatal(err)
	}
	if n != pageSize {
		tb.Fatalf("got %d contacts, want %d", n, pageSize)
	}
}
