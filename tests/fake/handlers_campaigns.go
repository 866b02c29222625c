package fake

import (
	"context"
	"time"

	"github.com/leadfox-go/leadfox/generated"
)

// ListCampaigns answers a collection query on campaigns, of every type.
func (a api) ListCampaigns(_ context.Context, req generated.ListCampaignsRequestObject) (generated.ListCampaignsResponseObject, error) {
	return listPage[generated.ListCampaigns200JSONResponse](a.s, scope{kind: kindCampaign}, req.Params)
}

// GetCampaign returns one campaign as stored, whatever its type.
func (a api) GetCampaign(_ context.Context, req generated.GetCampaignRequestObject) (generated.GetCampaignResponseObject, error) {
	c, err := getAs[generated.Campaign](a.s, kindCampaign, req.ID)
	return campaignOK(c), err
}

// CreateCampaign stores an EmailCampaign after checking its fields (400)
// and that the folder, email designs, lists and mailing list it names
// exist (400). Created with status "a", it is sent at once.
func (a api) CreateCampaign(_ context.Context, req generated.CreateCampaignRequestObject) (generated.CreateCampaignResponseObject, error) {
	b := req.Body
	if b.Type != generated.EmailCampaignTypeEmail {
		return nil, badRequest("type must be %d (EmailCampaign), got %d", generated.EmailCampaignTypeEmail, b.Type)
	}
	if err := checkID("folder", b.FolderID); err != nil {
		return nil, err
	}
	fields := campaignFields{&b.Name, b.Status, b.Emails, b.MailingList}
	if err := fields.check(); err != nil {
		return nil, err
	}
	c, err := createAs[generated.Campaign](a.s, kindCampaign, b, func(w writer, d doc) error {
		normalizeStart(d)
		if err := checkCampaignDoc(w.reader, d); err != nil {
			return err
		}
		if err := checkSendable(nil, d); err != nil {
			return err
		}
		d["_id"] = w.newID()
		sendIfActivated(w, nil, d, a.s.store.now())
		return nil
	})
	return campaignOK(c), err
}

// UpdateCampaign changes the fields sent; folder and type cannot change.
// Setting status to "a" sends the campaign, once: it must have lists and
// an email by then (400).
func (a api) UpdateCampaign(_ context.Context, req generated.UpdateCampaignRequestObject) (generated.UpdateCampaignResponseObject, error) {
	b := req.Body
	fields := campaignFields{b.Name, b.Status, b.Emails, b.MailingList}
	if err := fields.check(); err != nil {
		return nil, err
	}
	c, err := patchAs[generated.Campaign](a.s, kindCampaign, req.ID, b, func(w writer, old, patch doc) (doc, error) {
		normalizeStart(patch)
		if err := checkCampaignDoc(w.reader, patch); err != nil {
			return nil, err
		}
		d, _ := setFields(w, old, patch)
		if err := checkSendable(old, d); err != nil {
			return nil, err
		}
		sendIfActivated(w, old, d, a.s.store.now())
		return d, nil
	})
	return campaignOK(c), err
}

// campaignFields are the typed fields of CampaignCreate and
// CampaignUpdate that need checks beyond their JSON types.
type campaignFields struct {
	name        *string
	status      *generated.EmailCampaignStatus
	emails      []generated.EmailVariant
	mailingList *generated.CampaignMailingList
}

// check returns a 400 error for a field of the wrong form. References to
// other resources are checked by checkCampaignDoc.
func (f campaignFields) check() error {
	if err := checkName("name", f.name); err != nil {
		return err
	}
	if f.status != nil && !f.status.Valid() {
		return badRequest("status must be d, a or i, got %q", *f.status)
	}
	for _, e := range f.emails {
		if err := checkID("email", e.EmailID); err != nil {
			return err
		}
		if e.Weight != nil && *e.Weight < 0 {
			return badRequest("email weight must be 0 or more, got %d", *e.Weight)
		}
	}
	if ml := f.mailingList; ml != nil {
		if ml.MailingListID != nil {
			if err := checkID(kindMailingList, *ml.MailingListID); err != nil {
				return err
			}
		}
		if ml.StatusFilter != nil && !ml.StatusFilter.Valid() {
			return badRequest("mailinglist statusFilter must be 0, 1 or 2, got %d", *ml.StatusFilter)
		}
	}
	return nil
}

// normalizeStart writes a start date-time the way the API does.
func normalizeStart(d doc) {
	if s, ok := d["start"].(string); ok {
		if t, ok := parseTime(s); ok {
			d["start"] = formatTime(t)
		}
	}
}

// checkCampaignDoc checks the fields of d, a campaign or the fields an
// update sends, in their JSON form: the shape of batchConfiguration and
// lists, and that every resource they name exists (400 otherwise).
func checkCampaignDoc(r reader, d doc) error {
	if err := checkBatchConfiguration(d["batchConfiguration"]); err != nil {
		return err
	}
	refs, err := campaignRefs(d)
	if err != nil {
		return err
	}
	for _, ref := range refs {
		if !r.has(ref.kind, ref.id) {
			return badRequest("%s %s does not exist", ref.kind, ref.id)
		}
	}
	return nil
}

func checkBatchConfiguration(v any) error {
	if v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if _, isString := m["type"].(string); !ok || !isString {
		return badRequest(`batchConfiguration must be an object with a string "type"`)
	}
	return nil
}

// ref names a resource that a campaign refers to.
type ref struct {
	kind kind
	id   string
}

// campaignRefs returns the resources campaign d names: its folder, email
// designs, included lists and mailing list. A lists entry is
// {"list": null} (every contact), {"list": id}, or an object without
// "list" (an exclusion, whose fields are not documented).
func campaignRefs(d doc) ([]ref, error) {
	var refs []ref
	if id, ok := d["folder"].(string); ok {
		refs = append(refs, ref{kindFolder, id})
	}
	for _, e := range asArray(d["emails"]) {
		if id, ok := asObject(e)["email"].(string); ok {
			refs = append(refs, ref{kindEmail, id})
		}
	}
	for _, l := range asArray(d["lists"]) {
		entry, ok := l.(map[string]any)
		if !ok {
			return nil, badRequest("lists entries must be objects")
		}
		id, err := includedList(entry)
		if err != nil {
			return nil, err
		}
		if id != "" {
			refs = append(refs, ref{kindList, id})
		}
	}
	if id, ok := asObject(d["mailinglist"])["mailinglist"].(string); ok {
		refs = append(refs, ref{kindMailingList, id})
	}
	return refs, nil
}

// includedList returns the list id of a lists entry; "" for every
// contact or an exclusion.
func includedList(entry map[string]any) (string, error) {
	v, ok := entry["list"]
	if !ok || v == nil {
		return "", nil
	}
	id, isString := v.(string)
	if !isString {
		return "", badRequest("lists entry: list must be null or a list id")
	}
	return id, checkID(kindList, id)
}

// activated reports whether campaign d, after a create (old is nil) or
// an update of old, has just become active.
func activated(old, d doc) bool {
	active := string(generated.EmailCampaignStatusActive)
	return d["status"] == active && old["status"] != active
}

// checkSendable returns a 400 error if campaign d becomes active without
// lists or emails.
func checkSendable(old, d doc) error {
	if !activated(old, d) {
		return nil
	}
	if len(asArray(d["lists"])) == 0 {
		return badRequest("campaign has no lists to send to")
	}
	if len(asArray(d["emails"])) == 0 {
		return badRequest("campaign has no email to send")
	}
	return nil
}

// sendIfActivated records the send of campaign d, which has its _id, if
// it has just become active and was never sent: a campaign is sent once.
// Its targets are counted now.
func sendIfActivated(w writer, old, d doc, now time.Time) {
	id := d["_id"].(string)
	if _, sent := w.sendOf(id); sent || !activated(old, d) {
		return
	}
	w.recordSend(id, planSend(w.reader, d, now))
}

func asArray(v any) []any {
	a, _ := v.([]any)
	return a
}

func asObject(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
