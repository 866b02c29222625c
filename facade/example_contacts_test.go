package facade_test

import (
	"context"
	"fmt"
	"log"

	"github.com/leadfox-go/leadfox/tests/fake"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/query"
)

// Creates a contact, then upserts it again by
// email: the second call merges its properties into the same contact.
func ExampleContactsService_Upsert() {
	srv := fake.NewServer() // an in-memory Leadfox API, for the example
	defer srv.Close()
	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	first, err := client.Contacts.Upsert(ctx, &facade.ContactCreate{
		Email:      "ada@example.com",
		Properties: facade.ContactProperties{"firstname": "Ada"},
	})
	if err != nil {
		log.Fatal(err)
	}
	again, err := client.Contacts.Upsert(ctx, &facade.ContactCreate{
		Email:      "ada@example.com",
		Properties: facade.ContactProperties{"lastname": "Lovelace"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(first.GetID() == again.GetID())
	fmt.Println(again.Properties["firstname"], again.Properties["lastname"])
	// Output:
	// true
	// Ada Lovelace
}

// Walks the contacts that match a filter; the
// pages are fetched as the loop goes.
func ExampleContactsService_List() {
	srv := fake.NewServer() // an in-memory Leadfox API, for the example
	defer srv.Close()
	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	for _, c := range []struct{ email, company string }{
		{"ada@example.com", "Acme"},
		{"grace@example.com", "Globex"},
		{"alan@example.com", "Acme"},
		{"edsger@example.com", "Acme"},
	} {
		_, err := client.Contacts.Upsert(ctx, &facade.ContactCreate{
			Email:      c.email,
			Properties: facade.ContactProperties{"company": c.company},
		})
		if err != nil {
			log.Fatal(err)
		}
	}

	contacts, err := client.Contacts.List(&facade.ListOptions{
		Filter:   query.And(query.Eq("properties.company", "Acme")),
		PageSize: 2,
	})
	if err != nil {
		log.Fatal(err)
	}
	for contact, err := range contacts.All(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(contact.GetEmail())
	}
	// Output:
	// ada@example.com
	// alan@example.com
	// edsger@example.com
}
