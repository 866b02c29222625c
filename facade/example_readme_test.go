package facade_test

import (
	"context"
	"fmt"
	"log"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/query"
)

// Talks to the live API with the credentials of the
// environment: it upserts a contact and walks the contacts of a company.
// It is compiled but not run, since it needs the live API; the README's
// usage example is its body, and a test of the module fails when the two
// differ.
func ExampleNewFromEnv() {
	ctx := context.Background()
	client, err := facade.NewFromEnv() // LEADFOX_APIKEY, LEADFOX_SECRET
	if err != nil {
		log.Fatal(err)
	}

	contact, err := client.Contacts.Upsert(ctx, &facade.ContactCreate{
		Email:      "ada@example.com",
		Properties: facade.ContactProperties{"firstname": "Ada", "company": "Acme"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("upserted", contact.GetID())

	// Walk a collection, filtered on the server. A value holding ',' or '|'
	// is an error before any request, never a new condition.
	contacts, err := client.Contacts.List(&facade.ListOptions{
		Filter: query.And(query.Eq("properties.company", "Acme"), query.Exists("email", true)),
	})
	if err != nil {
		log.Fatal(err)
	}
	for c, err := range contacts.All(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(c.GetEmail(), c.Properties["firstname"])
	}
}
