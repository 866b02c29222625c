package facade

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/query"
)

// TestBadInput checks that bad arguments are refused before any request,
// with an error matching ErrInvalidArgument that names the argument.
func TestBadInput(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		call    func(c *Client) error
		wantArg string
	}{
		{"empty id", func(c *Client) error { _, err := c.Contacts.Get(ctx, ""); return err }, "id: empty"},
		{"short id", func(c *Client) error { _, err := c.Emails.Get(ctx, "5f0c8a"); return err }, "id"},
		{"non-hex id", func(c *Client) error { _, err := c.Campaigns.Get(ctx, "5f0c8a3b9d1e2a001234567z"); return err }, "id"},
		{"path in id", func(c *Client) error { return c.Contacts.Delete(ctx, "../../v1/auth/xxxxxxxxxxxx") }, "id"},
		{"update id", func(c *Client) error {
			_, err := c.Folders.Update(ctx, "nope", &FolderUpdate{Name: Ptr("x")})
			return err
		}, "id"},
		{"list id", func(c *Client) error { return c.Lists.AddContact(ctx, "", contactID) }, "list id"},
		{"contact id", func(c *Client) error { return c.Lists.RemoveContact(ctx, listID, "x") }, "contact id"},
		{"list contacts id", func(c *Client) error { _, err := c.Lists.Contacts("x", nil); return err }, "list id"},
		{"metrics id", func(c *Client) error { _, err := c.Metrics.Email(ctx, "", nil); return err }, "id"},
		{"nil contact", func(c *Client) error { _, err := c.Contacts.Create(ctx, nil); return err }, "contact: nil"},
		{"nil upsert", func(c *Client) error { _, err := c.Contacts.Upsert(ctx, nil); return err }, "contact: nil"},
		{"empty email", func(c *Client) error { _, err := c.Contacts.Upsert(ctx, &ContactCreate{}); return err }, "contact.Email"},
		{"empty shortcode key", func(c *Client) error {
			_, err := c.Contacts.Update(ctx, contactID, &ContactUpdate{Properties: ContactProperties{"": "x"}})
			return err
		}, "update.Properties"},
		{"nil contact update", func(c *Client) error { _, err := c.Contacts.Update(ctx, contactID, nil); return err }, "update: nil"},
		{"nil email", func(c *Client) error { _, err := c.Emails.Create(ctx, nil); return err }, "email: nil"},
		{"empty email name", func(c *Client) error { _, err := c.Emails.Create(ctx, &EmailCreate{}); return err }, "email.Name"},
		{"set but empty name", func(c *Client) error {
			_, err := c.Emails.Update(ctx, emailID, &EmailUpdate{Name: Ptr("")})
			return err
		}, "update.Name"},
		{"empty folder name", func(c *Client) error { _, err := c.Folders.Create(ctx, &FolderCreate{}); return err }, "folder.Name"},
		{"empty list name", func(c *Client) error { _, err := c.Lists.Create(ctx, &ListCreate{}); return err }, "list.Name"},
		{"nil list update", func(c *Client) error { _, err := c.Lists.Update(ctx, listID, nil); return err }, "update: nil"},
		{"empty shortcode", func(c *Client) error {
			_, err := c.Properties.Create(ctx, &PropertyCreate{Name: "Company"})
			return err
		}, "property.Shortcode"},
		{"set but empty shortcode", func(c *Client) error {
			_, err := c.Properties.Update(ctx, propertyID, &PropertyUpdate{Shortcode: Ptr("")})
			return err
		}, "update.Shortcode"},
		{"nil campaign", func(c *Client) error { _, err := c.Campaigns.Create(ctx, nil); return err }, "campaign: nil"},
		{"campaign without name", func(c *Client) error {
			_, err := c.Campaigns.Create(ctx, &CampaignCreate{FolderID: folderID})
			return err
		}, "campaign.Name"},
		{"campaign without folder", func(c *Client) error {
			_, err := c.Campaigns.Create(ctx, &CampaignCreate{Name: "x"})
			return err
		}, "campaign.FolderID"},
		{"campaign bad email", func(c *Client) error {
			_, err := c.Campaigns.Create(ctx, &CampaignCreate{Name: "x", FolderID: folderID, Emails: []EmailVariant{{EmailID: "bad"}}})
			return err
		}, "campaign.Emails[0].EmailID"},
		{"campaign bad status", func(c *Client) error {
			_, err := c.Campaigns.Update(ctx, campaignID, &CampaignUpdate{Status: Ptr(CampaignStatus("z"))})
			return err
		}, "update.Status"},
		{"campaign negative weight", func(c *Client) error {
			_, err := c.Campaigns.Update(ctx, campaignID, &CampaignUpdate{Emails: []EmailVariant{{EmailID: emailID, Weight: Ptr(-1)}}})
			return err
		}, "update.Emails[0].Weight"},
		{"campaign bad mailing list", func(c *Client) error {
			_, err := c.Campaigns.Update(ctx, campaignID, &CampaignUpdate{MailingList: &CampaignMailingList{MailingListID: Ptr("x")}})
			return err
		}, "update.MailingList.MailingListID"},
		{"nil campaign update", func(c *Client) error { _, err := c.Campaigns.Update(ctx, campaignID, nil); return err }, "update: nil"},
		{"negative page size", func(c *Client) error { _, err := c.Contacts.List(&ListOptions{PageSize: -1}); return err }, "ListOptions.PageSize"},
		{"negative max", func(c *Client) error { _, err := c.Properties.List(&ListOptions{Max: -1}); return err }, "ListOptions.Max"},
		{"negative offset", func(c *Client) error { _, err := c.Campaigns.List(&ListOptions{Offset: -1}); return err }, "ListOptions.Offset"},
		{"end before start", func(c *Client) error {
			now := time.Now()
			_, err := c.Metrics.Campaign(ctx, campaignID, &MetricsOptions{Start: now, End: now.Add(-time.Second)})
			return err
		}, "MetricsOptions.End"},
		{"campaign bad include list", func(c *Client) error {
			_, err := c.Campaigns.Create(ctx, &CampaignCreate{Name: "x", FolderID: folderID, Emails: []EmailVariant{{EmailID: emailID}}, Lists: []CampaignList{IncludeList("nope")}})
			return err
		}, "campaign.Lists[0].ListID"},
		{"campaign zero list", func(c *Client) error {
			_, err := c.Campaigns.Create(ctx, &CampaignCreate{Name: "x", FolderID: folderID, Emails: []EmailVariant{{EmailID: emailID}}, Lists: []CampaignList{AllContacts(), {}}})
			return err
		}, "campaign.Lists[1]"},
		{"campaign update bad include list", func(c *Client) error {
			_, err := c.Campaigns.Update(ctx, campaignID, &CampaignUpdate{Lists: []CampaignList{IncludeList(listID), IncludeList("")}})
			return err
		}, "update.Lists[1].ListID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			err := tt.call(f.client)
			wantErr(t, err, ErrInvalidArgument, tt.name)
			if !strings.Contains(err.Error(), tt.wantArg) {
				t.Errorf("error %q does not name %q", err, tt.wantArg)
			}
			if n := f.mock.GetTotalCallCount(); n != 0 {
				t.Errorf("requests = %d, want 0", n)
			}
		})
	}
}

// TestBadFilterIsRefusedAtOnce checks that a filter that cannot be
// rendered (a value holding the AND separator) fails List itself.
func TestBadFilterIsRefusedAtOnce(t *testing.T) {
	f := setup(t)
	_, err := f.client.Contacts.List(&ListOptions{Filter: query.And(query.Eq("name", "Smith, John"))})
	wantErr(t, err, ErrInvalidArgument, "List with a bad filter")
	if !strings.Contains(err.Error(), "ListOptions.Filter") {
		t.Errorf("error %q does not name ListOptions.Filter", err)
	}
	var qErr *query.Error
	if !errors.As(err, &qErr) || qErr.Path != "name" {
		t.Errorf("error %v does not wrap the *query.Error of path name", err)
	}
	if n := f.mock.GetTotalCallCount(); n != 0 {
		t.Errorf("requests = %d, want 0", n)
	}
}

func TestCheckID(t *testing.T) {
	for _, id := range []string{contactID, "ABCDEF0123456789abcdef01"} {
		if err := checkID("id", id); err != nil {
			t.Errorf("checkID(%q) = %v, want nil", id, err)
		}
	}
	for _, id := range []string{"", "5f0c8a3b9d1e2a001234567", "5f0c8a3b9d1e2a00123456789", "5f0c8a3b9d1e2a001234567g", "5f0c8a3b9d1e2a00123456 8"} {
		if err := checkID("id", id); err == nil {
			t.Errorf("checkID(%q) = nil, want an error", id)
		}
	}
}
