package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/tests/bench/benchkit"
)

// BenchmarkPaired measures the time ratios of BENCHMARKS.md. On a shared
// machine the time of the same call drifts by a quarter from one second
// to the next, more than the differences measured, so each iteration
// makes one call with every client in turn, the first one rotating, and
// the ratios come from the same seconds. It reports each client's mean
// time per call (<client>-ns/op) and its ratio to the baseline
// (<client>/baseline); the other benchmarks give the allocations.
func BenchmarkPaired(b *testing.B) {
	s := newServer(b, pageSize, 0)
	b.Run("case=get", func(b *testing.B) {
		bl, gen, fc := newBaseline(b, s), newGenerated(b, s), newFacade(b, s)
		warmUp(b, fc)
		paired(b, []call{
			{Client: "baseline", Do: func(ctx context.Context) error {
				_, err := bl.contact(ctx, contactID)
				return err
			}},
			{Client: "generated", Do: func(ctx context.Context) error {
				resp, err := gen.GetContactWithResponse(ctx, contactID)
				if err == nil && resp.JSON200 == nil {
					b.Fatalf("get contact: %s", resp.Status())
				}
				return err
			}},
			{Client: "facade", Do: func(ctx context.Context) error {
				_, err := fc.Contacts.Get(ctx, contactID)
				return err
			}},
		})
	})
	b.Run("case=page-http", func(b *testing.B) {
		bl, gen, fc := newBaseline(b, s), newGenerated(b, s), newFacade(b, s)
		warmUp(b, fc)
		p, err := fc.Contacts.List(&facade.ListOptions{Max: pageSize})
		if err != nil {
			b.Fatal(err)
		}
		paired(b, []call{
			{Client: "baseline", Do: func(ctx context.Context) error {
				page, err := bl.contacts(ctx, 0, pageSize)
				checkPage(b, len(page), err)
				return nil
			}},
			{Client: "generated", Do: func(ctx context.Context) error {
				page, err := generatedContacts(ctx, gen, 0, pageSize)
				checkPage(b, len(page), err)
				return nil
			}},
			{Client: "facade", Do: func(ctx context.Context) error {
				p.Reset()
				page, err := p.NextPage(ctx)
				checkPage(b, len(page), err)
				return nil
			}},
		})
	})
	b.Run("case=page-bytes", func(b *testing.B) {
		paired(b, []call{
			{Client: "baseline", Do: func(context.Context) error {
				var page []plainContact
				return json.NewDecoder(bytes.NewReader(s.firstPage)).Decode(&page)
			}},
			{Client: "generated", Do: func(context.Context) error {
				var page []generated.Contact
				return json.NewDecoder(bytes.NewReader(s.firstPage)).Decode(&page)
			}},
		})
	})
}

// A call is one client's call of a benchmark case.
type call = benchkit.Call

// paired is benchkit.Paired.
func paired(b *testing.B, calls []call) { benchkit.Paired(b, calls) }
