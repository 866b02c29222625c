package facade_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// campaignsWorld is a Client and a fake sharing a clock, with a campaign
// draft ready to send to three contacts.
type campaignsWorld struct {
	client   *facade.Client
	srv      *fake.Server
	clock    *clocktest.Clock
	campaign string
}

func campaignsSetup(t *testing.T) *campaignsWorld {
	t.Helper()
	clk := clocktest.NewAuto(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := fake.Start(t, fake.WithClock(clk))
	t.Cleanup(func() { srv.CheckValid(t) })
	c, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(srv.URL()), facade.WithClock(clk))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	folder := campaignsMust(c.Folders.Create(ctx, &facade.FolderCreate{Name: "F"}))
	email := campaignsMust(c.Emails.Create(ctx, &facade.EmailCreate{Name: "E"}))
	list := campaignsMust(c.Lists.Create(ctx, &facade.ListCreate{Name: "L"}))
	for _, addr := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		contact := campaignsMust(c.Contacts.Upsert(ctx, &facade.ContactCreate{Email: addr}))
		if err := c.Lists.AddContact(ctx, *list.ID, *contact.ID); err != nil {
			t.Fatal(err)
		}
	}
	target := facade.IncludeList(*list.ID)
	campaign := campaignsMust(c.Campaigns.Create(ctx, &facade.CampaignCreate{Name: "C", FolderID: *folder.ID,
		Status: facade.Ptr(facade.CampaignDraft), Emails: []facade.EmailVariant{{EmailID: *email.ID}},
		Lists: []facade.CampaignList{target}}))
	return &campaignsWorld{client: c, srv: srv, clock: clk, campaign: *campaign.ID}
}

func campaignsMust[T any](v *T, err error) *T {
	if err != nil {
		panic(err)
	}
	return v
}

// sent returns the compiled sent counter of the world's campaign.
func (w *campaignsWorld) sent(t *testing.T) int {
	t.Helper()
	rows, err := w.client.Metrics.Campaign(context.Background(), w.campaign, &facade.MetricsOptions{Compile: true})
	if err != nil || len(rows) != 1 || rows[0].Sent == nil {
		t.Fatalf("metrics = %v, %v; want one row with sent", rows, err)
	}
	return *rows[0].Sent
}

func TestScheduleGoesOutAtStart(t *testing.T) {
	w := campaignsSetup(t)
	tomorrow := w.clock.Now().Add(24 * time.Hour)
	c, err := w.client.Campaigns.Schedule(context.Background(), w.campaign, tomorrow)
	if err != nil {
		t.Fatal(err)
	}
	if *c.Status != facade.CampaignActive || !c.Start.Equal(tomorrow) {
		t.Errorf("scheduled: status %q start %v, want %q %v", *c.Status, c.Start, facade.CampaignActive, tomorrow)
	}
	if got := w.sent(t); got != 0 {
		t.Errorf("sent before the start = %d, want 0", got)
	}
	w.clock.Advance(25 * time.Hour)
	if got := w.sent(t); got != 3 {
		t.Errorf("sent after the start = %d, want 3", got)
	}
}

func TestSendOnAScheduledCampaignGoesOutNow(t *testing.T) {
	w := campaignsSetup(t)
	ctx := context.Background()
	if _, err := w.client.Campaigns.Schedule(ctx, w.campaign, w.clock.Now().Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	now := w.clock.Now()
	c, err := w.client.Campaigns.Send(ctx, w.campaign)
	if err != nil {
		t.Fatal(err)
	}
	if *c.Status != facade.CampaignActive || c.Start == nil || c.Start.After(now) {
		t.Errorf("sent: status %q start %v, want %q and a start not after %v", *c.Status, c.Start, facade.CampaignActive, now)
	}
	if got := w.sent(t); got != 3 {
		t.Errorf("sent right after Send = %d, want 3", got)
	}
	if _, err := w.client.Campaigns.Unschedule(ctx, w.campaign); !errors.Is(err, facade.ErrCampaignSent) {
		t.Errorf("Unschedule after Send: error = %v, want one matching ErrCampaignSent", err)
	}
}

func TestADraftIsNeverSent(t *testing.T) {
	w := campaignsSetup(t)
	w.clock.Advance(30 * 24 * time.Hour)
	if got := w.sent(t); got != 0 {
		t.Errorf("sent of a draft after 30 days = %d, want 0", got)
	}
}

func TestUnscheduleBeforeStart(t *testing.T) {
	w := campaignsSetup(t)
	ctx := context.Background()
	if _, err := w.client.Campaigns.Schedule(ctx, w.campaign, w.clock.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	c, err := w.client.Campaigns.Unschedule(ctx, w.campaign)
	if err != nil {
		t.Fatal(err)
	}
	if *c.Status != facade.CampaignDraft {
		t.Errorf("status after Unschedule = %q, want %q", *c.Status, facade.CampaignDraft)
	}
	w.clock.Advance(2 * time.Hour)
	if got := w.sent(t); got != 0 {
		t.Errorf("sent after the old start = %d, want 0", got)
	}
	puts := w.srv.CountRequests("PUT", "/v1/campaign/")
	if _, err := w.client.Campaigns.Unschedule(ctx, w.campaign); err != nil {
		t.Errorf("Unschedule of a draft: %v, want it returned as is", err)
	}
	if got := w.srv.CountRequests("PUT", "/v1/campaign/"); got != puts {
		t.Errorf("Unschedule of a draft sent %d writes, want 0", got-puts)
	}
}
