package reqbuild_test

import (
	"testing"

	"github.com/leadfox-go/leadfox/generated/client"
)

// TestGeneratedBuilderParsesOnce holds the generated request builders to
// package reqbuild's cost: the builder of a GET used to parse the server
// URL, the relative path and the whole URL's text: 14 allocations.
func TestGeneratedBuilderParsesOnce(t *testing.T) {
	const server, id = "https://api.leadfox.co/", "5f0c8a3b9d1e2a0012345678"
	req, err := client.NewGetContactRequest(server, id)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := req.URL.String(), server+"v1/contact/"+id; got != want || req.Host != "api.leadfox.co" {
		t.Fatalf("URL = %s, Host %s; want %s, api.leadfox.co", got, req.Host, want)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := client.NewGetContactRequest(server, id); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 8 {
		t.Errorf("NewGetContactRequest makes %v allocations, want at most 8", allocs)
	}
}
