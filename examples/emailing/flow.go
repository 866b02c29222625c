package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/leadfox-go/leadfox/facade"
)

// recipients are the contacts the flow upserts and sends to.
var recipients = []struct{ email, first, last string }{
	{"ada@example.com", "Ada", "Lovelace"},
	{"grace@example.com", "Grace", "Hopper"},
	{"edsger@example.com", "Edsger", "Dijkstra"},
}

// flow is one run of the emailing flow; each step records the ids that
// the next steps need.
type flow struct {
	c   *facade.Client
	out io.Writer
	now func() time.Time

	folderID, emailID, listID, campaignID string
	contactIDs                            []string

	outErr error // the first error writing to out
}

// printf writes one line of progress to out, keeping the first write
// error for run to return: a flow whose report was lost has failed.
func (f *flow) printf(format string, args ...any) {
	if _, err := fmt.Fprintf(f.out, format, args...); err != nil && f.outErr == nil {
		f.outErr = err
	}
}

func newFlow(c *facade.Client, out io.Writer, now func() time.Time) *flow {
	return &flow{c: c, out: out, now: now}
}

// run executes the steps in order and stops at the first error, naming the
// step that failed.
func (f *flow) run(ctx context.Context) error {
	steps := []struct {
		name string
		do   func(context.Context) error
	}{
		{"create folder", f.createFolder},
		{"create email design", f.createEmail},
		{"create list", f.createList},
		{"upsert contacts", f.upsertContacts},
		{"add contacts to list", f.addContacts},
		{"create campaign", f.createCampaign},
		{"schedule campaign", f.schedule},
		{"unschedule campaign", f.unschedule},
		{"send campaign", f.send},
		{"read metrics", f.metrics},
	}
	for _, s := range steps {
		if err := s.do(ctx); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		if f.outErr != nil {
			return fmt.Errorf("%s: write progress: %w", s.name, f.outErr)
		}
	}
	return nil
}

// createdID returns id, the id of the what just created, or an error
// when the answer carried none: the later steps need it.
func createdID(what, id string) (string, error) {
	if id == "" {
		return "", fmt.Errorf("the created %s has no id in the answer", what)
	}
	return id, nil
}

func (f *flow) createFolder(ctx context.Context) error {
	folder, err := f.c.Folders.Create(ctx, &facade.FolderCreate{
		Name:        "Newsletters " + f.now().UTC().Format("2006-01-02 15:04:05"),
		Description: facade.Ptr("Created by the leadfox-go emailing example"),
	})
	if err != nil {
		return err
	}
	if f.folderID, err = createdID("folder", folder.GetID()); err != nil {
		return err
	}
	f.printf("folder: %s\n", f.folderID)
	return nil
}

func (f *flow) createEmail(ctx context.Context) error {
	email, err := f.c.Emails.Create(ctx, &facade.EmailCreate{
		Name:      "Welcome",
		Subject:   facade.Ptr("Welcome to our newsletter"),
		FromEmail: facade.Ptr("news@example.com"),
		FromName:  facade.Ptr("Example News"),
		Editor:    facade.Ptr(facade.EmailEditorBee),
		Body:      facade.Ptr("<html><body><p>Hello {{firstname}}!</p></body></html>"),
	})
	if err != nil {
		return err
	}
	if f.emailID, err = createdID("email design", email.GetID()); err != nil {
		return err
	}
	f.printf("email design: %s\n", f.emailID)
	return nil
}

func (f *flow) createList(ctx context.Context) error {
	list, err := f.c.Lists.Create(ctx, &facade.ListCreate{
		Name:        "Example recipients",
		Description: facade.Ptr("Contacts of the leadfox-go emailing example"),
	})
	if err != nil {
		return err
	}
	if f.listID, err = createdID("list", list.GetID()); err != nil {
		return err
	}
	f.printf("list: %s\n", f.listID)
	return nil
}

func (f *flow) upsertContacts(ctx context.Context) error {
	for _, r := range recipients {
		contact, err := f.c.Contacts.Upsert(ctx, &facade.ContactCreate{
			Email:      r.email,
			Properties: facade.ContactProperties{"firstname": r.first, "lastname": r.last},
		})
		if err != nil {
			return fmt.Errorf("%s: %w", r.email, err)
		}
		id, err := createdID("contact "+r.email, contact.GetID())
		if err != nil {
			return err
		}
		f.contactIDs = append(f.contactIDs, id)
		f.printf("contact %s: %s\n", r.email, id)
	}
	return nil
}

func (f *flow) addContacts(ctx context.Context) error {
	for i, id := range f.contactIDs {
		if err := f.c.Lists.AddContact(ctx, f.listID, id); err != nil {
			return fmt.Errorf("%s: %w", recipients[i].email, err)
		}
		f.printf("added contact %s to list %s\n", id, f.listID)
	}
	return nil
}

func (f *flow) createCampaign(ctx context.Context) error {
	target := facade.IncludeList(f.listID)
	campaign, err := f.c.Campaigns.Create(ctx, &facade.CampaignCreate{
		Name:               "Welcome campaign",
		FolderID:           f.folderID,
		Status:             facade.Ptr(facade.CampaignDraft),
		Emails:             []facade.EmailVariant{{EmailID: f.emailID, Weight: facade.Ptr(100)}},
		Lists:              []facade.CampaignList{target},
		BatchConfiguration: facade.NoBatching(),
	})
	if err != nil {
		return err
	}
	if f.campaignID, err = createdID("campaign", campaign.GetID()); err != nil {
		return err
	}
	f.printf("campaign: %s (status %s)\n", f.campaignID, campaign.GetStatus())
	return nil
}

// schedule makes the campaign go out in an hour: Schedule sets its start
// and activates it in one write.
func (f *flow) schedule(ctx context.Context) error {
	start := f.now().Add(time.Hour).UTC().Truncate(time.Second)
	campaign, err := f.c.Campaigns.Schedule(ctx, f.campaignID, start)
	if err != nil {
		return err
	}
	f.printf("scheduled campaign %s to go out at %s (status %s)\n",
		campaign.GetID(), campaign.GetStart().UTC().Format(time.RFC3339), campaign.GetStatus())
	return nil
}

// unschedule takes the campaign back to draft before it goes out.
func (f *flow) unschedule(ctx context.Context) error {
	campaign, err := f.c.Campaigns.Unschedule(ctx, f.campaignID)
	if err != nil {
		return err
	}
	f.printf("unscheduled campaign %s: back to draft (status %s)\n", campaign.GetID(), campaign.GetStatus())
	return nil
}

// send makes the campaign go out now: Send activates it and moves a
// future start to now.
func (f *flow) send(ctx context.Context) error {
	campaign, err := f.c.Campaigns.Send(ctx, f.campaignID)
	if err != nil {
		return err
	}
	start := "none"
	if campaign.Start != nil {
		start = campaign.Start.UTC().Format(time.RFC3339)
	}
	f.printf("sent campaign %s now (status %s, start %s)\n", campaign.GetID(), campaign.GetStatus(), start)
	return nil
}

func (f *flow) metrics(ctx context.Context) error {
	opts := &facade.MetricsOptions{Compile: true}
	rows, err := f.c.Metrics.Campaign(ctx, f.campaignID, opts)
	if err != nil {
		return fmt.Errorf("campaign: %w", err)
	}
	f.printMetrics("campaign "+f.campaignID, rows)
	rows, err = f.c.Metrics.Email(ctx, f.emailID, opts)
	if err != nil {
		return fmt.Errorf("email design: %w", err)
	}
	f.printMetrics("email design "+f.emailID, rows)
	return nil
}

func (f *flow) printMetrics(what string, rows []facade.Metrics) {
	if len(rows) == 0 {
		f.printf("metrics of %s: none yet\n", what)
		return
	}
	for _, m := range rows {
		f.printf("metrics of %s: sent %d, open %d (unique %d), click %d (unique %d), bounce %d, unsubscribe %d, spam %d\n",
			what, val(m.Sent), val(m.Open), val(m.UniqueOpen), val(m.Click), val(m.UniqueClick),
			val(m.Bounce), val(m.Unsubscribe), val(m.Spam))
	}
}

// val reads an optional counter; an absent one is 0.
func val(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}
