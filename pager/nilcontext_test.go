package pager_test

import (
	"context"
	"testing"

	"github.com/leadfox-go/leadfox/pager"
)

// TestNilContextIsAnError checks that each way of walking a pager
// returns an error for a nil context, rather than panic.
func TestNilContextIsAnError(t *testing.T) {
	p, err := pager.New(newCollection(3).fetch, pager.Options{PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	var nilCtx context.Context
	for _, v := range []struct {
		name string
		err  func() error
	}{
		{"All", func() error {
			for _, err := range p.All(nilCtx) {
				return err
			}
			return nil
		}},
		{"Pages", func() error {
			for _, err := range p.Pages(nilCtx) {
				return err
			}
			return nil
		}},
		{"Collect", func() error { _, err := p.Collect(nilCtx); return err }},
		{"NextPage", func() error { _, err := p.NextPage(nilCtx); return err }},
	} {
		t.Run(v.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("%s(nil) panics: %v", v.name, r)
				}
			}()
			if err := v.err(); err == nil {
				t.Errorf("%s(nil) = nil error, want one", v.name)
			}
		})
	}
}
