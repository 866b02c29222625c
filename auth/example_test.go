package auth_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/leadfox-go/leadfox/auth"
)

// This example wires a Transport into an http.Client, against a stand-in
// for the Leadfox API that issues a JWT expiring in 2100.
func Example() {
	const jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln"
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/auth", func(w http.ResponseWriter, r *http.Request) {
		_, _ = fmt.Fprintf(w, `{"jwt":%q,"mode":"apikey","client":"Acme","clientid":"5f0c2a9e8b3d4c1a2b3c4d5e"}`, jwt)
	})
	mux.HandleFunc("GET /v1/contact", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "JWT "+jwt {
			http.Error(w, `{"error":"unauthorized"}`, http.StatusUnauthorized)
			return
		}
		_, _ = fmt.Fprint(w, `[{"email":"ada@example.com"}]`)
	})
	api := httptest.NewServer(mux)
	defer api.Close()

	src, err := auth.NewSource("my-api-key", "my-secret", auth.WithBaseURL(api.URL))
	if err != nil {
		log.Fatal(err)
	}
	client := &http.Client{Transport: &auth.Transport{Source: src}}
	resp, err := client.Get(api.URL + "/v1/contact")
	if err != nil {
		log.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		log.Fatal(err)
	}
	if err := resp.Body.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Status, string(body))

	// The token is cached; printing it does not show the JWT.
	tok, err := src.Token(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok)
	// Output:
	// 200 OK [{"email":"ada@example.com"}]
	// {jwt:[redacted] Expiry:2100-01-01T00:00:00Z Client:Acme ClientID:5f0c2a9e8b3d4c1a2b3c4d5e Mode:apikey}
}

func ExampleParseToken() {
	tok, err := auth.ParseToken("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("expires:", tok.Expiry)

	opaque, err := auth.ParseToken("d41d8cd98f00b204e9800998ecf8427e")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("opaque expiry known:", !opaque.Expiry.IsZero())
	// Output:
	// expires: 2100-01-01 00:00:00 +0000 UTC
	// opaque expiry known: false
}
