package tests

import (
	"fmt"
	"maps"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// TestEmailingFlow runs the emailing flow of the vendor's guide against
// the fake, through a transport that checks every request and every
// answer against openapi.yaml: a folder, an email design, a list,
// contacts upserted and added to it, a campaign created, scheduled and
// sent, and its metrics and those of the email design.
func TestEmailingFlow(t *testing.T) {
	const recipients = 40
	srv := fake.Start(t)
	spec := newSpecChecker(t, srv.URL())
	c := newClient(t, srv, facade.WithTransport(spec.transport(http.DefaultTransport)))
	ctx := t.Context()

	folder, err := c.Folders.Create(ctx, &facade.FolderCreate{Name: "Newsletters", Description: facade.Ptr("Monthly")})
	noErr(t, err, "Folders.Create")
	email, err := c.Emails.Create(ctx, &facade.EmailCreate{Name: "Welcome", Subject: facade.Ptr("Welcome, {{firstname}}"),
		FromEmail: facade.Ptr("news@example.com"), FromName: facade.Ptr("Example News"),
		Editor: facade.Ptr(facade.EmailEditorBee), Body: facade.Ptr("<p>Hello {{firstname}}!</p>")})
	noErr(t, err, "Emails.Create")
	list, err := c.Lists.Create(ctx, &facade.ListCreate{Name: "Welcome recipients"})
	noErr(t, err, "Lists.Create")

	var contactIDs []string
	for i := range recipients {
		contact, err := c.Contacts.Upsert(ctx, &facade.ContactCreate{Email: fmt.Sprintf("reader%02d@example.com", i),
			Properties: facade.ContactProperties{"firstname": fmt.Sprintf("Reader %d", i)}})
		noErr(t, err, "Contacts.Upsert")
		noErr(t, c.Lists.AddContact(ctx, *list.ID, *contact.ID), "Lists.AddContact")
		contactIDs = append(contactIDs, *contact.ID)
	}
	again, err := c.Contacts.Upsert(ctx, &facade.ContactCreate{Email: "reader00@example.com",
		Properties: facade.ContactProperties{"lastname": "Zero"}})
	noErr(t, err, "Contacts.Upsert again")
	wantProps := facade.ContactProperties{"firstname": "Reader 0", "lastname": "Zero"}
	if *again.ID != contactIDs[0] || !maps.Equal(again.Properties.Strings(), wantProps) {
		t.Errorf("upsert of a known email = %s %v, want %s %v", *again.ID, again.Properties, contactIDs[0], wantProps)
	}
	p, err := c.Lists.Contacts(*list.ID, &facade.ListOptions{PageSize: 15})
	members := collect(t, p, err)
	if diff := cmp.Diff(contactIDs, ids(members)); diff != "" {
		t.Errorf("contacts of the list (-want +got):\n%s", diff)
	}

	target := facade.IncludeList(*list.ID)
	campaign, err := c.Campaigns.Create(ctx, &facade.CampaignCreate{Name: "Welcome campaign", FolderID: *folder.ID,
		Status: facade.Ptr(facade.CampaignDraft), Emails: []facade.EmailVariant{{EmailID: *email.ID, Weight: facade.Ptr(100)}},
		Lists: []facade.CampaignList{target}, BatchConfiguration: facade.NoBatching()})
	noErr(t, err, "Campaigns.Create")
	start := time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond)
	scheduled, err := c.Campaigns.Schedule(ctx, *campaign.ID, start)
	noErr(t, err, "Campaigns.Schedule")
	sent, err := c.Campaigns.Send(ctx, *campaign.ID)
	noErr(t, err, "Campaigns.Send")
	if !scheduled.Start.Equal(start) || *scheduled.Status != facade.CampaignActive {
		t.Errorf("scheduled start %v and status %q; want start %v and status %q",
			scheduled.Start, *scheduled.Status, start, facade.CampaignActive)
	}
	// Send makes a scheduled campaign go out now: its start is moved to now.
	if sent.Start.After(time.Now()) || *sent.Status != facade.CampaignActive {
		t.Errorf("sent start %v and status %q; want a start not after now and status %q",
			sent.Start, *sent.Status, facade.CampaignActive)
	}

	// The fake makes metrics up from the targets (see its package doc):
	// of 40 sent, 2 bounce; of the 38 delivered, 15 open once, ...
	counters := facade.Metrics{Sent: facade.Ptr(40), Bounce: facade.Ptr(2), UniqueOpen: facade.Ptr(15), Open: facade.Ptr(22),
		UniqueClick: facade.Ptr(3), Click: facade.Ptr(6), Unsubscribe: facade.Ptr(0), Spam: facade.Ptr(0)}
	opts := &facade.MetricsOptions{Compile: true}
	for _, m := range []struct {
		name string
		id   string
		get  func() ([]facade.Metrics, error)
	}{
		{"Metrics.Campaign", *campaign.ID, func() ([]facade.Metrics, error) { return c.Metrics.Campaign(ctx, *campaign.ID, opts) }},
		{"Metrics.Email", *email.ID, func() ([]facade.Metrics, error) { return c.Metrics.Email(ctx, *email.ID, opts) }},
	} {
		got, err := m.get()
		noErr(t, err, m.name)
		want := counters
		want.ID = facade.Ptr(m.id)
		if diff := cmp.Diff([]facade.Metrics{want}, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", m.name, diff)
		}
	}

	spec.checkConforms(t)
	wantOps := []string{"addContactToList", "authenticate", "createCampaign", "createEmail", "createFolder", "createList",
		"getCampaign", "getMetrics", "listListContacts", "updateCampaign", "upsertContact"}
	if diff := cmp.Diff(wantOps, spec.operationsSeen()); diff != "" {
		t.Errorf("operations of the flow (-want +got):\n%s", diff)
	}
}
