package facade_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// Points a client at the in-memory fake server and upserts a
// contact. Against the live API, create the client with [facade.NewFromEnv]
// instead; in a test, start the fake with
// [github.com/leadfox-go/leadfox/tests/fake.Start].
func Example() {
	srv := fake.NewServer()
	defer srv.Close()
	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}

	contact, err := client.Contacts.Upsert(context.Background(), &facade.ContactCreate{
		Email:      "ada@example.com",
		Properties: facade.ContactProperties{"firstname": "Ada"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*contact.ID, *contact.Email, contact.Properties["firstname"])
	// Output: 5f0c8a3b0000000000000001 ada@example.com Ada
}

func ExampleAPIError() {
	srv := fake.NewServer() // an in-memory Leadfox API, for the example
	defer srv.Close()
	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}

	_, err = client.Contacts.Get(context.Background(), "5f0c8a3b9d1e2a00123456ff")
	if errors.Is(err, facade.ErrNotFound) {
		fmt.Println("not found")
	}
	var apiErr *facade.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}
	fmt.Println(err)
	// Output:
	// not found
	// 404 contact 5f0c8a3b9d1e2a00123456ff not found
	// facade: GET /v1/contact/5f0c8a3b9d1e2a00123456ff: 404 Not Found: contact 5f0c8a3b9d1e2a00123456ff not found
}

// The campaign-type guard: a campaign that is not an email campaign (type
// 2) is refused before any request is sent.
func ExampleCampaignsService_Create_unsupportedType() {
	client, err := facade.New("my-api-key", "my-secret")
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Campaigns.Create(context.Background(), &facade.CampaignCreate{
		Name:     "Spring sale",
		FolderID: "5f0c8a3b9d1e2a00123456cc",
		Type:     3,
	})
	fmt.Println(errors.Is(err, facade.ErrUnsupportedCampaignType))
	// Output: true
}

func ExampleIncludeList() {
	update := facade.CampaignUpdate{
		Lists:              []facade.CampaignList{facade.IncludeList("5f0c8a3b9d1e2a00123456aa"), facade.AllContacts()},
		BatchConfiguration: facade.NoBatching(),
		Status:             facade.Ptr(facade.CampaignDraft),
	}
	body, _ := json.Marshal(update)
	fmt.Println(string(body))
	// Output: {"batchConfiguration":{"type":"none"},"lists":[{"list":"5f0c8a3b9d1e2a00123456aa"},{"list":null}],"status":"d"}
}
