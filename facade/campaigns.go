package facade

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/internal/optable"

	"github.com/leadfox-go/leadfox/generated/client"
	"github.com/leadfox-go/leadfox/pager"
	"github.com/leadfox-go/leadfox/query"
)

// CampaignsService manages email campaigns. Get it from [Client.Campaigns];
// it is safe for concurrent use.
//
// # The type guard
//
// The vendor supports only EmailCampaign (type 2) for API clients, and
// the service guards that: [CampaignsService.Create] always sends type 2,
// [CampaignsService.List] asks for type 2 only, [CampaignsService.Get]
// refuses a campaign of another type (or one whose answer carries another
// id than the one asked for), and every other write reads the campaign
// first and writes nothing unless it is of type 2. Writes never follow a
// redirect, so a write reaches only the campaign that was checked. The
// answer to every write is checked too: a Create or an update answered
// with a campaign that is not of type 2, or not the one written, is an
// error that says the write was made. Each refusal matches
// [ErrUnsupportedCampaignType].
//
// # The lifecycle
//
// As this SDK models the API (the reference gives two sentences; the
// rest is inferred): a campaign with status [CampaignActive] goes out at
// its start, or at once when it has no start or its start is not after
// now; [CampaignDraft] and [CampaignInactive] campaigns never go out.
// So:
//
//   - [CampaignsService.Schedule] makes a campaign go out at a given time:
//     one write of {start, status "a"};
//   - [CampaignsService.Send] makes it go out now: one write of status
//     "a", and of start set to now when the campaign's start is in the
//     future, so that it is not left scheduled;
//   - [CampaignsService.Unschedule] takes a scheduled campaign back to
//     draft (status "d") before it goes out.
//
// Schedule and Send check first that the campaign has an email design and
// a target list ([ErrCampaignNotReady]). "Now" is the Client's [Clock];
// a local clock ahead of the server's makes Send's start a moment in the
// server's future, which sends the campaign that moment later.
//
// Once a campaign has gone out, the API may refuse to change what it
// sends (its emails, lists, mailing list, batching or start); the fake
// server of package tests/fake answers such an update with 409
// ([ErrConflict]).
type CampaignsService service

// ErrCampaignNotReady is matched by the error of [CampaignsService.Send]
// and [CampaignsService.Schedule] when the campaign has no email design
// or no target list; the error says which. No write is sent.
var ErrCampaignNotReady = errors.New("facade: campaign not ready to send")

// ErrCampaignNotActive is matched by the error of
// [CampaignsService.Schedule] and [CampaignsService.Send] when the
// server's answer to the write does not show the campaign active (status
// "a"): the server ignored or undid the write without an error. The
// write was sent; read the campaign to see its state.
var ErrCampaignNotActive = errors.New("facade: campaign not active after the write")

// ErrCampaignSent is matched by the error of
// [CampaignsService.Unschedule] when the campaign has gone out already,
// or is going out: it is active and its start is not in the future. No
// write is sent.
var ErrCampaignSent = errors.New("facade: campaign already sent")

// Get returns the campaign id. A missing campaign is an error matching
// [ErrNotFound]; a campaign of another type than 2, or an answer about
// another campaign than id, one matching [ErrUnsupportedCampaignType].
func (s *CampaignsService) Get(ctx context.Context, id string, opts ...CallOption) (*Campaign, error) {
	ctx = withCallOptions(ctx, opts)
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	c, err := do[client.GetCampaignResponse](ctx, s.client, optable.GetCampaign, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.GetCampaign(ctx, id)
	})
	if err != nil {
		return nil, err
	}
	if err := checkCampaignType(c); err != nil {
		return nil, err
	}
	if err := checkCampaignID(id, c); err != nil {
		return nil, err
	}
	return c, nil
}

// List returns a pager over the campaigns of type 2 that match opts, as
// [ContactsService.List] does: the filter sent is opts.Filter and "type =
// 2", and a projection (opts.Fields) always includes type. Should the
// server still return a campaign of another type, the walk ends with an
// error matching [ErrUnsupportedCampaignType] rather than yield it.
func (s *CampaignsService) List(opts *ListOptions, callOpts ...CallOption) (*pager.Pager[Campaign], error) {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	o.Filter = o.Filter.And(query.Eq("type", EmailCampaignType))
	return list[client.ListCampaignsResponse](s.client, &o, callOpts, collection[Campaign]{
		op: optable.ListCampaigns,
		id: func(v *Campaign) *string { return v.ID },
		call: func(ctx context.Context, p *collectionParams) (*http.Response, error) {
			return s.client.api.ListCampaigns(ctx, (*generated.ListCampaignsParams)(p))
		},
		check: checkCampaignType,
		field: "type",
	})
}

// Create creates an email campaign. Name, FolderID and at least one of
// Emails are required; Type may be left 0 and is always sent as 2: any
// other type is an error matching [ErrUnsupportedCampaignType], and no
// request is sent. Created with status [CampaignActive], the campaign goes
// out as the [CampaignsService] lifecycle says. An answer that is not a campaign of
// type 2 is an error matching [ErrUnsupportedCampaignType] that says the
// campaign was created.
func (s *CampaignsService) Create(ctx context.Context, campaign *CampaignCreate, opts ...CallOption) (*Campaign, error) {
	ctx = withCallOptions(ctx, opts)
	if err := checkCampaignCreate(campaign); err != nil {
		return nil, err
	}
	body := *campaign
	body.Type = generated.EmailCampaignTypeEmail
	c, err := do[client.CreateCampaignResponse](ctx, s.client, optable.CreateCampaign, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.CreateCampaign(ctx, body)
	})
	if err != nil {
		return nil, err
	}
	if err := checkCampaignType(c); err != nil {
		return nil, &refusedAnswerError{op: "create campaign", err: err}
	}
	return c, nil
}

// Update changes the fields set in update of the campaign id and returns
// it. It first reads the campaign, and sends no write unless it is of
// type 2. Setting Status or Start here bypasses the checks of
// [CampaignsService.Schedule] and [CampaignsService.Send]; prefer those.
// Call options apply to both requests.
func (s *CampaignsService) Update(ctx context.Context, id string, update *CampaignUpdate, opts ...CallOption) (*Campaign, error) {
	ctx = withCallOptions(ctx, opts)
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

// Schedule makes the campaign id go out at start, and returns it: one
// write of {start, status "a"}. start must be in the future by the
// Client's [Clock] and encodable by the API (years 1 to 9999 in UTC);
// otherwise the error matches [ErrInvalidArgument] and no request is
// sent. It then reads the campaign and writes nothing unless it is of
// type 2 ([ErrUnsupportedCampaignType]) and has an email design and a
// target list ([ErrCampaignNotReady]). Scheduling a campaign scheduled
// already moves its start. An answer to the write that does not show the
// campaign active is an error matching [ErrCampaignNotActive]. Call
// options apply to both requests.
func (s *CampaignsService) Schedule(ctx context.Context, id string, start time.Time, opts ...CallOption) (*Campaign, error) {
	ctx = withCallOptions(ctx, opts)
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := checkStart("start", start, s.client.clock.Now()); err != nil {
		return nil, err
	}
	if _, err := s.ready(ctx, id); err != nil {
		return nil, err
	}
	return s.activate(ctx, "schedule", id, &CampaignUpdate{Start: Ptr(start.UTC()), Status: Ptr(CampaignActive)})
}

// Send makes the campaign id go out now, and returns it: one write of
// status "a". A campaign whose start is in the future (by the Client's
// [Clock]) is not left scheduled: the same write sets its start to now.
// Send first reads the campaign, and writes nothing unless it is of type
// 2 ([ErrUnsupportedCampaignType]) and has an email design and a target
// list ([ErrCampaignNotReady]). Sending a campaign that has gone out
// already sends it no second time. An answer to the write that does not
// show the campaign active is an error matching [ErrCampaignNotActive].
// Call options apply to both requests.
func (s *CampaignsService) Send(ctx context.Context, id string, opts ...CallOption) (*Campaign, error) {
	ctx = withCallOptions(ctx, opts)
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	c, err := s.ready(ctx, id)
	if err != nil {
		return nil, err
	}
	update := &CampaignUpdate{Status: Ptr(CampaignActive)}
	if now := s.client.clock.Now(); c.Start != nil && c.Start.After(now) {
		update.Start = Ptr(now.UTC())
	}
	return s.activate(ctx, "send", id, update)
}

// activate sends update, which sets status "a", to the campaign id, for
// the method verb, and checks that the answer shows the campaign active.
func (s *CampaignsService) activate(ctx context.Context, verb, id string, update *CampaignUpdate) (*Campaign, error) {
	c, err := s.put(ctx, id, update)
	if err != nil {
		return nil, err
	}
	if c.GetStatus() != CampaignActive {
		return nil, &refusedAnswerError{op: verb + " campaign " + id,
			err: fmt.Errorf("%w: the answer shows status %q", ErrCampaignNotActive, c.GetStatus())}
	}
	return c, nil
}

// Unschedule takes the campaign id back to draft (status "d") before it
// goes out, keeping its start, and returns it. It first reads the
// campaign, and writes nothing unless it is of type 2
// ([ErrUnsupportedCampaignType]). A campaign that is active and whose
// start is not in the future by the Client's [Clock] has gone out, or is
// going out: the error matches [ErrCampaignSent]. A draft or inactive
// campaign never goes out: it is returned as read, with no write.
func (s *CampaignsService) Unschedule(ctx context.Context, id string, opts ...CallOption) (*Campaign, error) {
	ctx = withCallOptions(ctx, opts)
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.GetStatus() != CampaignActive {
		return c, nil
	}
	if now := s.client.clock.Now(); c.Start == nil || !c.Start.After(now) {
		return nil, fmt.Errorf("%w: campaign %s is active with %s", ErrCampaignSent, id, describeStart(c.Start, now))
	}
	return s.put(ctx, id, &CampaignUpdate{Status: Ptr(CampaignDraft)})
}

// ready reads the campaign id and checks that it can go out.
func (s *CampaignsService) ready(ctx context.Context, id string) (*Campaign, error) {
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
	return c, nil
}

// put sends the update of a campaign already checked to be of type 2,
// and checks that the answer is that campaign, still of type 2.
func (s *CampaignsService) put(ctx context.Context, id string, update *CampaignUpdate) (*Campaign, error) {
	c, err := do[client.UpdateCampaignResponse](ctx, s.client, optable.UpdateCampaign, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.UpdateCampaign(ctx, id, *update)
	})
	if err != nil {
		return nil, err
	}
	if err := firstError(checkCampaignType(c), checkCampaignID(id, c)); err != nil {
		return nil, &refusedAnswerError{op: "update campaign " + id, err: err}
	}
	return c, nil
}

// checkCampaignType returns an error matching [ErrUnsupportedCampaignType]
// unless c is of type 2. A campaign without a type is refused too: the
// facade cannot tell it is safe to touch.
func checkCampaignType(c *Campaign) error {
	id := "(no id)"
	if c.ID != nil {
		id = c.GetID()
	}
	switch {
	case c.Type == nil:
		return fmt.Errorf("%w: campaign %s has no type", ErrUnsupportedCampaignType, id)
	case c.GetType() != EmailCampaignType:
		return fmt.Errorf("%w: campaign %s is of type %d; only %d (EmailCampaign) is supported",
			ErrUnsupportedCampaignType, id, c.GetType(), EmailCampaignType)
	}
	return nil
}

// checkCampaignID returns an error matching [ErrUnsupportedCampaignType]
// unless c is the campaign id: an answer about another campaign (a
// redirect, a confused server) is not the campaign the guard checked.
func checkCampaignID(id string, c *Campaign) error {
	switch {
	case c.ID == nil:
		return fmt.Errorf("%w: asked for campaign %s, the answer has no campaign id", ErrUnsupportedCampaignType, id)
	case c.GetID() != id:
		return fmt.Errorf("%w: asked for campaign %s, the answer is campaign %s", ErrUnsupportedCampaignType, id, c.GetID())
	}
	return nil
}

// refusedAnswerError is the error of a campaign write whose answer the
// guard refused: the write was made. It reads "facade: <op>: the write
// was made, but the answer is refused: <err>", with err's own "facade: "
// left out, and matches what err matches.
type refusedAnswerError struct {
	op  string // "create campaign", "update campaign <id>"
	err error
}

func (e *refusedAnswerError) Error() string {
	return "facade: " + e.op + ": the write was made, but the answer is refused: " + strings.TrimPrefix(e.err.Error(), "facade: ")
}

func (e *refusedAnswerError) Unwrap() error { return e.err }

// checkStart returns an error matching [ErrInvalidArgument] unless start
// is a time after now that the API can be sent: years 1 to 9999 in UTC,
// the range of its date-time format.
func checkStart(name string, start, now time.Time) error {
	u := start.UTC()
	switch {
	case start.IsZero():
		return invalidArg(name, "is the zero time, which is not in the future")
	case u.Year() < 1 || u.Year() > 9999:
		return invalidArg(name, "year %d (UTC) is outside 1 to 9999, the range the API's date-times can hold", u.Year())
	case !start.After(now):
		return invalidArg(name, "%s is not in the future (now is %s)",
			u.Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	return nil
}

// describeStart says when a campaign with that start goes out.
func describeStart(start *time.Time, now time.Time) string {
	if start == nil {
		return "no start"
	}
	return fmt.Sprintf("start %s, not after now (%s)",
		start.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
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
		checkOptionalStart("campaign.Start", c.Start),
		checkEmailsSet("campaign.Emails", c.Emails),
		checkVariants("campaign.Emails", c.Emails),
		checkCampaignLists("campaign.Lists", c.Lists),
		checkCampaignMailingList("campaign.MailingList", c.MailingList),
	)
}

// checkEmailsSet returns an error naming the field if vs is empty: the
// spec requires at least one email design to create a campaign.
func checkEmailsSet(name string, vs []EmailVariant) error {
	if len(vs) == 0 {
		return invalidArg(name, "empty, but a campaign needs at least one email design")
	}
	return nil
}

func checkCampaignUpdate(name string, u *CampaignUpdate) error {
	if err := notNil(name, u); err != nil {
		return err
	}
	return firstError(
		checkOptional(name+".Name", u.Name),
		checkStatus(name+".Status", u.Status),
		checkOptionalStart(name+".Start", u.Start),
		checkVariants(name+".Emails", u.Emails),
		checkCampaignLists(name+".Lists", u.Lists),
		checkCampaignMailingList(name+".MailingList", u.MailingList),
	)
}

// checkOptionalStart returns an error matching [ErrInvalidArgument] for
// a start that cannot be encoded: Create and Update send a past start as
// it is (it means "go out when activated").
func checkOptionalStart(name string, start *time.Time) error {
	if start == nil {
		return nil
	}
	if y := start.UTC().Year(); y < 1 || y > 9999 {
		return invalidArg(name, "year %d (UTC) is outside 1 to 9999, the range the API's date-times can hold", y)
	}
	return nil
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

// checkCampaignLists returns an error matching [ErrInvalidArgument] for a
// zero [CampaignList] (it would be sent as null) and for an include
// target whose list id is not an ObjectId: [IncludeList] builds its value
// with no check, so that it fits in a literal, and the id is checked here,
// before the campaign is sent. An exclusion, of undocumented shape, is
// sent as built.
func checkCampaignLists(name string, lists []CampaignList) error {
	for i, l := range lists {
		item := fmt.Sprintf("%s[%d]", name, i)
		raw, err := l.MarshalJSON()
		if err != nil {
			return invalidArg(item, "cannot be encoded: %v", err)
		}
		if string(raw) == "null" {
			return invalidArg(item, "is the zero CampaignList; build one with AllContacts() or IncludeList(id)")
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			return invalidArg(item, "is not a JSON object: %v", err)
		}
		var id string
		if v, ok := fields["list"]; ok && string(v) != "null" && json.Unmarshal(v, &id) == nil {
			if err := checkID(item+".ListID", id); err != nil {
				return err
			}
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
