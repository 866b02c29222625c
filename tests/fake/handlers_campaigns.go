package fake

import (
	"context"
	"encoding/json"
	"reflect"
	"time"

	"github.com/leadfox-go/leadfox/generated"

	"github.com/leadfox-go/leadfox/generated/server"
)

// The campaign lifecycle the fake models is in the package doc,
// # Campaigns. Its handlers work on the typed fields of the generated
// models; the store keeps their JSON form.

// ListCampaigns answers a collection query on campaigns, of every type.
func (a api) ListCampaigns(_ context.Context, req server.ListCampaignsRequestObject) (server.ListCampaignsResponseObject, error) {
	return listPage[server.ListCampaigns200JSONResponse](a.s, scope{kind: kindCampaign}, req.Params)
}

// GetCampaign returns one campaign as stored, whatever its type.
func (a api) GetCampaign(_ context.Context, req server.GetCampaignRequestObject) (server.GetCampaignResponseObject, error) {
	c, err := getAs[generated.Campaign](a.s, kindCampaign, req.ID)
	return campaignOK(c), err
}

// CreateCampaign stores an EmailCampaign after checking its fields (400;
// at least one email design is required) and that the folder, email
// designs, lists and mailing list it names exist (400). Created with status "a", it goes out as the lifecycle says.
func (a api) CreateCampaign(_ context.Context, req server.CreateCampaignRequestObject) (server.CreateCampaignResponseObject, error) {
	b := req.Body
	if b.Type != generated.EmailCampaignTypeEmail {
		return nil, badRequest("type must be %d (EmailCampaign), got %d", generated.EmailCampaignTypeEmail, b.Type)
	}
	if err := checkID("folder", b.FolderID); err != nil {
		return nil, err
	}
	if len(b.Emails) == 0 {
		return nil, badRequest("emails must name at least one email design, got none")
	}
	typ := generated.CampaignType(b.Type)
	c := generated.Campaign{
		Name: &b.Name, Description: b.Description, FolderID: &b.FolderID, Type: &typ,
		Status: b.Status, Start: normalizeStart(b.Start), Emails: b.Emails, Lists: b.Lists,
		BatchConfiguration: b.BatchConfiguration, MailingList: b.MailingList,
	}
	var stored generated.Campaign
	err := a.s.store.update(func(w writer) error {
		if err := checkCampaign(w.reader, c); err != nil {
			return err
		}
		if err := checkSendable(nil, c); err != nil {
			return err
		}
		c.ID = ptr(w.newID())
		d, err := toDoc(c)
		if err != nil {
			return err
		}
		if stored, err = fromJSON[generated.Campaign](w.insert(kindCampaign, d)); err != nil {
			return err
		}
		applyLifecycle(w, stored, w.st.now())
		return nil
	})
	return campaignOK(stored), err
}

// UpdateCampaign changes the fields sent; folder and type cannot change.
// Setting status to "a" sends or schedules the campaign: it must have
// lists and an email by then (400). Once the campaign has gone out, what
// it sends cannot change (409).
func (a api) UpdateCampaign(_ context.Context, req server.UpdateCampaignRequestObject) (server.UpdateCampaignResponseObject, error) {
	if err := checkID(kindCampaign, req.ID); err != nil {
		return nil, err
	}
	b := req.Body
	var stored generated.Campaign
	err := a.s.store.update(func(w writer) error {
		if err := checkCampaign(w.reader, patchCampaign(generated.Campaign{}, b)); err != nil {
			return err
		}
		old, err := w.get(kindCampaign, req.ID)
		if err != nil {
			return err
		}
		before, err := fromJSON[generated.Campaign](old)
		if err != nil {
			return err
		}
		if _, sent := w.sendOf(req.ID); sent {
			if err := checkSentUnchanged(req.ID, b); err != nil {
				return err
			}
		}
		after := patchCampaign(before, b)
		if err := checkCampaign(w.reader, after); err != nil {
			return err
		}
		if err := checkSendable(&before, after); err != nil {
			return err
		}
		d, err := toDoc(after)
		if err != nil {
			return err
		}
		w.replace(kindCampaign, d)
		if stored, err = fromJSON[generated.Campaign](d); err != nil {
			return err
		}
		applyLifecycle(w, stored, w.st.now())
		return nil
	})
	return campaignOK(stored), err
}

// patchCampaign returns c with the fields that u sets replaced.
func patchCampaign(c generated.Campaign, u *generated.CampaignUpdate) generated.Campaign {
	set := func(dst **string, v *string) {
		if v != nil {
			*dst = v
		}
	}
	set(&c.Name, u.Name)
	set(&c.Description, u.Description)
	if u.Status != nil {
		c.Status = u.Status
	}
	if u.Start != nil {
		c.Start = normalizeStart(u.Start)
	}
	if u.Emails != nil {
		c.Emails = u.Emails
	}
	if u.Lists != nil {
		c.Lists = u.Lists
	}
	if u.BatchConfiguration != nil {
		c.BatchConfiguration = u.BatchConfiguration
	}
	if u.MailingList != nil {
		c.MailingList = u.MailingList
	}
	return c
}

// checkSentUnchanged returns a 409 error if u changes what a campaign
// that has gone out sends, or takes it back to draft.
func checkSentUnchanged(id string, u *generated.CampaignUpdate) error {
	changes := u.Emails != nil || u.Lists != nil || u.MailingList != nil ||
		u.BatchConfiguration != nil || u.Start != nil ||
		(u.Status != nil && *u.Status == generated.EmailCampaignStatusDraft)
	if changes {
		return errorf(409, "campaign %s has been sent: its emails, lists, mailinglist, batchConfiguration, start and draft status cannot change", id)
	}
	return nil
}

// normalizeStart returns start as the API stores it: UTC, milliseconds.
func normalizeStart(start *time.Time) *time.Time {
	if start == nil {
		return nil
	}
	return ptr(start.UTC().Truncate(time.Millisecond))
}

// checkCampaign returns a 400 error for a field of campaign c of the
// wrong form or naming a resource that does not exist.
func checkCampaign(r reader, c generated.Campaign) error {
	if c.Name != nil && *c.Name == "" {
		return badRequest("name must not be empty")
	}
	if c.Status != nil && !c.Status.Valid() {
		return badRequest("status must be d, a or i, got %q", *c.Status)
	}
	if c.BatchConfiguration != nil {
		if b, err := c.BatchConfiguration.AsBatchFixedCount(); err != nil || b.Type == "" {
			return badRequest(`batchConfiguration must be an object with a string "type"`)
		}
	}
	refs, err := campaignRefs(c)
	if err != nil {
		return err
	}
	for _, ref := range refs {
		if err := checkID(ref.kind, ref.id); err != nil {
			return err
		}
		if !r.has(ref.kind, ref.id) {
			return badRequest("%s %s does not exist", ref.kind, ref.id)
		}
	}
	return nil
}

// ref names a resource that a campaign refers to.
type ref struct {
	kind kind
	id   string
}

// campaignRefs returns the resources campaign c names: its folder, email
// designs, included lists and mailing list, and checks the form of its
// variants and mailing list.
func campaignRefs(c generated.Campaign) ([]ref, error) {
	var refs []ref
	if c.FolderID != nil {
		refs = append(refs, ref{kindFolder, *c.FolderID})
	}
	for _, e := range c.Emails {
		if e.Weight != nil && *e.Weight < 0 {
			return nil, badRequest("email weight must be 0 or more, got %d", *e.Weight)
		}
		refs = append(refs, ref{kindEmail, e.EmailID})
	}
	for _, l := range c.Lists {
		t, err := targetOf(l)
		if err != nil {
			return nil, err
		}
		if t.list != "" {
			refs = append(refs, ref{kindList, t.list})
		}
	}
	if ml := c.MailingList; ml != nil {
		if ml.StatusFilter != nil && !ml.StatusFilter.Valid() {
			return nil, badRequest("mailinglist statusFilter must be 0, 1 or 2, got %d", *ml.StatusFilter)
		}
		if ml.MailingListID != nil {
			refs = append(refs, ref{kindMailingList, *ml.MailingListID})
		}
	}
	return refs, nil
}

// target is one entry of a campaign's lists: every contact, one list, or
// an exclusion (neither), whose fields are not documented.
type target struct {
	all  bool
	list string
}

// allContacts is the JSON value of the every-contact entry.
var allContacts = func() any {
	var l generated.CampaignList
	if err := l.FromCampaignListAll(generated.CampaignListAll{}); err != nil {
		panic(err)
	}
	return jsonValue(l)
}()

func targetOf(l generated.CampaignList) (target, error) {
	if reflect.DeepEqual(jsonValue(l), allContacts) {
		return target{all: true}, nil
	}
	if _, isObject := jsonValue(l).(map[string]any); !isObject {
		return target{}, badRequest("lists entries must be objects")
	}
	// An entry without a list id decodes as an inclusion of list "": an
	// exclusion, whose fields are open.
	inc, err := l.AsCampaignListInclude()
	if err != nil {
		return target{}, badRequest("lists entry: list must be null or a list id: %v", err)
	}
	return target{list: inc.ListID}, nil
}

// jsonValue returns the JSON value of v as encoding/json decodes it into
// an any; nil if v does not encode.
func jsonValue(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return nil
	}
	return out
}

// isActive reports whether c has status "a".
func isActive(c *generated.Campaign) bool {
	return c != nil && c.Status != nil && *c.Status == generated.EmailCampaignStatusActive
}

// checkSendable returns a 400 error if campaign c, after a create (old
// is nil) or an update of old, becomes active without lists or emails.
func checkSendable(old *generated.Campaign, c generated.Campaign) error {
	if !isActive(&c) || isActive(old) {
		return nil
	}
	if len(c.Lists) == 0 {
		return badRequest("campaign has no lists to send to")
	}
	if len(c.Emails) == 0 {
		return badRequest("campaign has no email to send")
	}
	return nil
}

// applyLifecycle brings the send of campaign c, as stored, in line with
// its status and start at now: an active campaign with no start or one
// not after now goes out now; one with a later start is scheduled for
// it; any other is not scheduled. A campaign goes out once.
func applyLifecycle(w writer, c generated.Campaign, now time.Time) {
	id := *c.ID
	delete(w.st.scheduled, id)
	if _, sent := w.sendOf(id); sent || !isActive(&c) {
		return
	}
	if c.Start != nil && c.Start.After(now) {
		w.st.scheduled[id] = *c.Start
		return
	}
	w.recordSend(id, planSend(w.reader, c, now))
}

// settle sends every scheduled campaign whose start the clock has
// passed, as of its start, to the contacts it targets now: the store
// changes only through requests and seeding, each of which settles
// first, so "now" is what the store held at that start.
func (st *store) settle() {
	now := st.now()
	w := writer{reader{st}}
	for id, start := range st.scheduled {
		if start.After(now) {
			continue
		}
		delete(st.scheduled, id)
		c, ok := docAs[generated.Campaign](st.colls[kindCampaign].docs[id])
		if !ok {
			continue
		}
		st.version++
		w.recordSend(id, planSend(w.reader, c, start))
	}
}

// due reports whether a scheduled campaign's start has passed.
func (st *store) due() bool {
	now := st.now()
	for _, start := range st.scheduled {
		if !start.After(now) {
			return true
		}
	}
	return false
}
