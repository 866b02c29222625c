package facade_test

import (
	"context"
	"fmt"
	"log"

	"github.com/leadfox-go/leadfox/tests/fake"

	"github.com/leadfox-go/leadfox/facade"
)

// Creates the folder, email design and list
// a campaign refers to, then the campaign itself, as a draft.
func ExampleCampaignsService_Create() {
	srv := fake.NewServer() // an in-memory Leadfox API, for the example
	defer srv.Close()
	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	folder, err := client.Folders.Create(ctx, &facade.FolderCreate{Name: "Newsletters"})
	if err != nil {
		log.Fatal(err)
	}
	email, err := client.Emails.Create(ctx, &facade.EmailCreate{
		Name:    "Welcome",
		Subject: facade.Ptr("Welcome to our newsletter"),
	})
	if err != nil {
		log.Fatal(err)
	}
	list, err := client.Lists.Create(ctx, &facade.ListCreate{Name: "Subscribers"})
	if err != nil {
		log.Fatal(err)
	}
	target := facade.IncludeList(list.GetID())

	campaign, err := client.Campaigns.Create(ctx, &facade.CampaignCreate{
		Name:               "Welcome campaign",
		FolderID:           folder.GetID(),
		Status:             facade.Ptr(facade.CampaignDraft),
		Emails:             []facade.EmailVariant{{EmailID: email.GetID()}},
		Lists:              []facade.CampaignList{target},
		BatchConfiguration: facade.NoBatching(),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(campaign.GetName(), campaign.GetStatus(), campaign.GetType() == facade.EmailCampaignType)
	// Output: Welcome campaign d true
}
