package tests

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/query"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// guardWorld is a fake server holding a campaign of type 2, one of type
// 5 and one without a type, all ready to send, and a client of it.
type guardWorld struct {
	srv                  *fake.Server
	client               *facade.Client
	folder               string
	email, other, noType string // campaign ids
}

func setupGuard(t *testing.T) *guardWorld {
	t.Helper()
	srv, c := setup(t)
	folder := srv.PutFolder(facade.Folder{Name: facade.Ptr("2026")})
	email := srv.PutEmail(facade.Email{Name: facade.Ptr("Welcome")})
	srv.PutContact(facade.Contact{Email: facade.Ptr("ada@example.com")})
	campaign := func(name string, typ *int) facade.Campaign {
		return facade.Campaign{Name: facade.Ptr(name), Type: typ, Status: facade.Ptr(facade.CampaignDraft),
			FolderID: facade.Ptr(folder), Emails: []facade.EmailVariant{{EmailID: email}},
			Lists: []facade.CampaignList{facade.AllContacts()}}
	}
	return &guardWorld{srv: srv, client: c, folder: folder,
		email:  srv.PutCampaign(campaign("Newsletter", facade.Ptr(facade.EmailCampaignType))),
		other:  srv.PutCampaign(campaign("SMS blast", facade.Ptr(5))),
		noType: srv.PutCampaign(campaign("Legacy", nil)),
	}
}

// campaignJSON returns the stored campaign id as JSON, to compare states.
func (w *guardWorld) campaignJSON(t *testing.T, id string) any {
	t.Helper()
	c, ok := w.srv.Campaign(id)
	if !ok {
		t.Fatalf("campaign %s is not stored", id)
	}
	return jsonValue(t, c)
}

// TestGuardRefusesOtherTypes plants campaigns the API must not touch, of
// type 5 and of no type, in the fake: every campaign method refuses them
// with ErrUnsupportedCampaignType, and no write reaches the server.
func TestGuardRefusesOtherTypes(t *testing.T) {
	start := time.Now().Add(time.Hour)
	methods := []struct {
		name string
		call func(ctx context.Context, c *facade.Client, id string) error
	}{
		{"Get", func(ctx context.Context, c *facade.Client, id string) error {
			_, err := c.Campaigns.Get(ctx, id)
			return err
		}},
		{"Update", func(ctx context.Context, c *facade.Client, id string) error {
			_, err := c.Campaigns.Update(ctx, id, &facade.CampaignUpdate{Name: facade.Ptr("Renamed")})
			return err
		}},
		{"Schedule", func(ctx context.Context, c *facade.Client, id string) error {
			_, err := c.Campaigns.Schedule(ctx, id, start)
			return err
		}},
		{"Send", func(ctx context.Context, c *facade.Client, id string) error {
			_, err := c.Campaigns.Send(ctx, id)
			return err
		}},
	}
	w := setupGuard(t)
	for _, planted := range []struct{ name, id string }{{"type 5", w.other}, {"no type", w.noType}} {
		before := w.campaignJSON(t, planted.id)
		for _, m := range methods {
			t.Run(planted.name+" "+m.name, func(t *testing.T) {
				err := m.call(t.Context(), w.client, planted.id)
				if !errors.Is(err, facade.ErrUnsupportedCampaignType) {
					t.Errorf("Campaigns.%s(%s): error = %v, want one matching ErrUnsupportedCampaignType", m.name, planted.name, err)
				}
			})
		}
		if diff := cmp.Diff(before, w.campaignJSON(t, planted.id)); diff != "" {
			t.Errorf("stored campaign of %s changed (-before +after):\n%s", planted.name, diff)
		}
	}
	_, err := w.client.Campaigns.Create(t.Context(), &facade.CampaignCreate{Name: "SMS", FolderID: w.folder, Type: 5})
	if !errors.Is(err, facade.ErrUnsupportedCampaignType) {
		t.Errorf("Campaigns.Create of type 5: error = %v, want one matching ErrUnsupportedCampaignType", err)
	}
	for _, method := range []string{"PUT", "POST"} {
		if got := w.srv.CountRequests(method, "/v1/campaign"); got != 0 {
			t.Errorf("%s /v1/campaign requests = %d, want 0", method, got)
		}
	}
}

// TestGuardLetsEmailCampaignsThrough is the control of
// TestGuardRefusesOtherTypes: the campaign of type 2 is read, listed,
// scheduled and sent, and those writes reach the server.
func TestGuardLetsEmailCampaignsThrough(t *testing.T) {
	w := setupGuard(t)
	got, err := w.client.Campaigns.Get(t.Context(), w.email)
	noErr(t, err, "Campaigns.Get")
	if got, want := *got.Name, "Newsletter"; got != want {
		t.Errorf("Campaigns.Get name = %q, want %q", got, want)
	}
	start := time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond)
	_, err = w.client.Campaigns.Schedule(t.Context(), w.email, start)
	noErr(t, err, "Campaigns.Schedule")
	sent, err := w.client.Campaigns.Send(t.Context(), w.email)
	noErr(t, err, "Campaigns.Send")
	if got, want := *sent.Status, facade.CampaignActive; got != want {
		t.Errorf("status after Send = %q, want %q", got, want)
	}
	if got := *sent.Start; got.After(time.Now()) {
		t.Errorf("start after Send = %v, want it moved to now (Send sends now)", got)
	}
	if got, want := w.srv.CountRequests("PUT", "/v1/campaign"), 2; got != want {
		t.Errorf("PUT /v1/campaign requests = %d, want %d", got, want)
	}
}

// TestGuardListsEmailCampaignsOnly lists the campaigns with the planted
// ones in the fake: only the campaign of type 2 is yielded, whatever the
// caller's filter and projection.
func TestGuardListsEmailCampaignsOnly(t *testing.T) {
	w := setupGuard(t)
	tests := []struct {
		name string
		opts *facade.ListOptions
		want []string
	}{
		{"no options", nil, []string{w.email}},
		{"a projection without type", &facade.ListOptions{Fields: query.Select("name")}, []string{w.email}},
		{"a filter on type 5", &facade.ListOptions{Filter: query.And(query.Eq("type", 5))}, nil},
		{"a filter every planted campaign matches", &facade.ListOptions{Filter: query.And(query.Eq("status", "d")), PageSize: 1}, []string{w.email}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := w.client.Campaigns.List(tt.opts)
			var got []string
			for _, c := range collect(t, p, err) {
				got = append(got, *c.ID)
				if c.Type == nil || *c.Type != facade.EmailCampaignType {
					t.Errorf("campaign %s yielded with type %v, want %d", *c.ID, c.Type, facade.EmailCampaignType)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("campaign ids listed (-want +got):\n%s", diff)
			}
		})
	}
}
