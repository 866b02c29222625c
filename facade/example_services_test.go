package facade_test

import (
	"context"
	"fmt"
	"log"

	"github.com/leadfox-go/leadfox/tests/fake"

	"github.com/leadfox-go/leadfox/facade"
)

// Creates the folder campaigns are filed in.
func ExampleFoldersService_Create() {
	srv := fake.NewServer() // an in-memory Leadfox API, for the example
	defer srv.Close()
	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}

	folder, err := client.Folders.Create(context.Background(), &facade.FolderCreate{
		Name:        "Newsletters",
		Description: facade.Ptr("Monthly news"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(folder.GetID(), folder.GetName())
	// Output: 5f0c8a3b0000000000000001 Newsletters
}

// Creates an email design that campaigns send.
func ExampleEmailsService_Create() {
	srv := fake.NewServer() // an in-memory Leadfox API, for the example
	defer srv.Close()
	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}

	email, err := client.Emails.Create(context.Background(), &facade.EmailCreate{
		Name:      "Welcome",
		Subject:   facade.Ptr("Welcome to our newsletter"),
		FromEmail: facade.Ptr("news@example.com"),
		Editor:    facade.Ptr(facade.EmailEditorBee),
		Body:      facade.Ptr("<p>Hello {{firstname}}!</p>"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(email.GetName(), email.GetSubject())
	// Output: Welcome Welcome to our newsletter
}

// Creates a list, adds a contact to it and
// walks the list's contacts.
func ExampleListsService_AddContact() {
	srv := fake.NewServer() // an in-memory Leadfox API, for the example
	defer srv.Close()
	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	list, err := client.Lists.Create(ctx, &facade.ListCreate{Name: "Subscribers"})
	if err != nil {
		log.Fatal(err)
	}
	contact, err := client.Contacts.Upsert(ctx, &facade.ContactCreate{Email: "ada@example.com"})
	if err != nil {
		log.Fatal(err)
	}
	if err := client.Lists.AddContact(ctx, list.GetID(), contact.GetID()); err != nil {
		log.Fatal(err)
	}

	members, err := client.Lists.Contacts(list.GetID(), nil)
	if err != nil {
		log.Fatal(err)
	}
	for member, err := range members.All(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(list.GetName(), member.GetEmail())
	}
	// Output: Subscribers ada@example.com
}

// Lists the GDPR mailing lists. They cannot
// be created through the API; this one is seeded into the fake server.
func ExampleMailingListsService_List() {
	srv := fake.NewServer() // an in-memory Leadfox API, for the example
	defer srv.Close()
	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	srv.PutMailingList(facade.MailingList{Name: facade.Ptr("Newsletter consent")})

	mailingLists, err := client.MailingLists.List(nil)
	if err != nil {
		log.Fatal(err)
	}
	all, err := mailingLists.Collect(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range all {
		fmt.Println(m.GetName())
	}
	// Output: Newsletter consent
}

// Defines a custom contact property; its
// shortcode is the key in [facade.ContactProperties].
func ExamplePropertiesService_Create() {
	srv := fake.NewServer() // an in-memory Leadfox API, for the example
	defer srv.Close()
	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}

	property, err := client.Properties.Create(context.Background(), &facade.PropertyCreate{
		Name:      "Company",
		Shortcode: "company",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(property.GetName(), property.GetShortcode())
	// Output: Company company
}

// Reads the totals of a campaign that was
// sent to 100 contacts (seeded into the fake server, which makes up its
// counters).
func ExampleMetricsService_Campaign() {
	srv := fake.NewServer() // an in-memory Leadfox API, for the example
	defer srv.Close()
	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	contacts := make([]facade.Contact, 100)
	for i := range contacts {
		contacts[i].Email = facade.Ptr(fmt.Sprintf("contact%d@example.com", i))
	}
	srv.InsertContacts(contacts)
	emailID := srv.PutEmail(facade.Email{Name: facade.Ptr("Welcome")})
	campaignID := srv.PutCampaign(facade.Campaign{
		Name:   facade.Ptr("Welcome campaign"),
		Status: facade.Ptr(facade.CampaignActive),
		Emails: []facade.EmailVariant{{EmailID: emailID}},
		Lists:  []facade.CampaignList{facade.AllContacts()},
	})

	rows, err := client.Metrics.Campaign(context.Background(), campaignID, &facade.MetricsOptions{Compile: true})
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range rows {
		fmt.Println("sent", m.GetSent(), "bounced", m.GetBounce(), "opened", m.GetUniqueOpen())
	}
	// Output: sent 100 bounced 5 opened 38
}
