package facade

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/pager"
	"github.com/leadfox-go/leadfox/query"
)

// CampaignsService manages email campaigns. Get it from Client.Campaigns;
// it is safe for concurrent use.
//
// The vendor supports only EmailCampaign (type 2) for API clients, and
// the service guards that: Create always sends type 2, List asks for type
// 2 only, Get refuses a campaign of another type, and Update, Schedule and
// Send read the campaign first and write nothing unless it is of type 2.
// Each refusal matches ErrUnsupportedCampaignType.
type CampaignsService service

// ErrCampaignNotReady is matched by the error of Send when the campaign
// has no email design or no target list; the error says which.
var ErrCampaignNotReady = errors.New("facade: campaign not ready to send")

// Get returns the campaign id. A missing campaign is an error matching
// ErrNotFound; a campaign of another type than 2, one matching
// ErrUnsupportedCampaignType.
func (s *CampaignsService) Get(ctx context.Context, id string) (*Campaign, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	c, err := do[Campaign](ctx, s.client, opGetCampaign, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.GetCampaign(ctx, id)
	})
	if err != nil {
		return nil, err
	}
	if err := checkCampaignType(c); err != nil {
		return nil, err
	}
	return c, nil
}

// List returns a pager over the campaigns of type 2 that match opts, as
// ContactsService.List does: the filter sent is opts.Filter and "type =
// 2", and a projection (opts.Fields) always includes type. Should the
// server still return a campaign of another type, the walk ends with an
// error matching ErrUnsupportedCampaignType rather than yield it.
func (s *CampaignsService) List(opts *ListOptions) (*pager.Pager[Campaign], error) {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	o.Filter = o.Filter.And(query.Eq("type", EmailCampaignType))
	return list(s.client, &o, collection[Campaign]{
		op: opListCampaigns,
		call: func(ctx context.Context, p *collectionParams) (*http.Response, error) {
			return s.client.api.ListCampaigns(ctx, (*generated.ListCampaignsParams)(p))
		},
		check: checkCampaignType,
		field: "type",
	})
}

// Create creates an email campaign. Name and FolderID are required; Type
// may be left 0 and is always sent as 2: any other type is an error
// matching ErrUnsupportedCampaignType, and no request is sent.
func (s *CampaignsService) Create(ctx context.Context, campaign *CampaignCreate) (*Campaign, error) {
	if err := checkCampaignCreate(campaign); err != nil {
		return nil, err
	}
	body := *campaign
	body.Type = generated.EmailCampaignTypeEmail
	return do[Campaign](ctx, s.client, opCreateCampaign, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.CreateCampaign(ctx, body)
	})
}

// Update changes the fields set in update of the campaign id and returns
// it. It first reads the campaign, and sends no write unless it is of
// type 2.
func (s *CampaignsService) Update(ctx context.Context, id string, update *CampaignUpdate) (*Campaign, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := checkCampaignUpdate("update", update); err != nil {
		return nil, err
	}
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	return s.put(ctx, id, update)
}

// Schedule sets the campaign id to send at start, which must be in the
// future, and returns it. It first reads the campaign, and sends no write
// unless it is of type 2.
func (s *CampaignsService) Schedule(ctx context.Context, id string, start time.Time) (*Campaign, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if now := s.client.clock.Now(); !start.After(now) {
		return nil, invalidArg("start", "%s is not in the future (now is %s)",
			start.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	return s.put(ctx, id, &CampaignUpdate{Start: Ptr(start.UTC())})
}

// Send starts sending the campaign id (status "a") and returns it. It
// first reads the campaign, and sends no write unless it is of type 2 and
// has at least one email design and one target list; otherwise the error
// matches ErrUnsupportedCampaignType or ErrCampaignNotReady.
func (s *CampaignsService) Send(ctx context.Context, id string) (*Campaign, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	switch {
	case len(c.Emails) == 0:
		return nil, fmt.Errorf("%w: campaign %s has no email design", ErrCampaignNotReady, id)
	case len(c.Lists) == 0:
		return nil, fmt.Errorf("%w: campaign %s has no target list", ErrCampaignNotReady, id)
	}
	return s.put(ctx, id, &CampaignUpdate{Status: Ptr(CampaignActive)})
}

// put sends the update of a campaign already checked to be of type 2.
func (s *CampaignsService) put(ctx context.Context, id string, update *CampaignUpdate) (*Campaign, error) {
	return do[Campaign](ctx, s.client, opUpdateCampaign, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.UpdateCampaign(ctx, id, *update)
	})
}

// checkCampaignType returns an error matching ErrUnsupportedCampaignType
// unless c is of type 2. A campaign without a type is refused too: the
// facade cannot tell it is safe to touch.
func checkCampaignType(c *Campaign) error {
	id := "(no id)"
	if c.ID != nil {
		id = *c.ID
	}
	switch {
	case c.Type == nil:
		return fmt.Errorf("%w: campaign %s has no type", ErrUnsupportedCampaignType, id)
	case *c.Type != EmailCampaignType:
		return fmt.Errorf("%w: campaign %s is of type %d; only %d (EmailCampaign) is supported",
			ErrUnsupportedCampaignType, id, *c.Type, EmailCampaignType)
	}
	return nil
}

func checkCampaignCreate(c *CampaignCreate) error {
	if err := notNil("campaign", c); err != nil {
		return err
	}
	if c.Type != 0 && c.Type != generated.EmailCampaignTypeEmail {
		return fmt.Errorf("%w: campaign.Type is %d; only %d (EmailCampaign) is supported",
			ErrUnsupportedCampaignType, c.Type, EmailCampaignType)
	}
	return firstError(
		checkRequired("campaign.Name", c.Name),
		checkID("campaign.FolderID", c.FolderID),
		checkStatus("campaign.Status", c.Status),
		checkVariants("campaign.Emails", c.Emails),
		checkCampaignMailingList("campaign.MailingList", c.MailingList),
	)
}

func checkCampaignUpdate(name string, u *CampaignUpdate) error {
	if err := notNil(name, u); err != nil {
		return err
	}
	return firstError(
		checkOptional(name+".Name", u.Name),
		checkStatus(name+".Status", u.Status),
		checkVariants(name+".Emails", u.Emails),
		checkCampaignMailingList(name+".MailingList", u.MailingList),
	)
}

func checkStatus(name string, s *CampaignStatus) error {
	if s != nil && !s.Valid() {
		return invalidArg(name, "%q is not d, a or i", *s)
	}
	return nil
}

func checkVariants(name string, vs []EmailVariant) error {
	for i, v := range vs {
		if err := checkID(fmt.Sprintf("%s[%d].EmailID", name, i), v.EmailID); err != nil {
			return err
		}
		if v.Weight != nil && *v.Weight < 0 {
			return invalidArg(fmt.Sprintf("%s[%d].Weight", name, i), "%d is negative", *v.Weight)
		}
	}
	return nil
}

func checkCampaignMailingList(name string, m *CampaignMailingList) error {
	if m == nil || m.MailingListID == nil {
		return nil
	}
	return checkID(name+".MailingListID", *m.MailingListID)
}
