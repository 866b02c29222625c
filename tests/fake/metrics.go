package fake

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/leadfox-go/leadfox/generated"

	"github.com/leadfox-go/leadfox/generated/server"
)

// The rules that make metrics up are in the package doc, # Metrics.

// send is what sending a campaign did: when, and to how many contacts
// each email variant went.
type send struct {
	at       time.Time
	variants []variantSend
}

type variantSend struct {
	email string
	sent  int
}

// variant is an email design of a campaign and its A/B weight.
type variant struct {
	email  string
	weight int
}

// planSend counts the targets of campaign c and splits them among its
// email variants; the send is at at.
func planSend(r reader, c generated.Campaign, at time.Time) send {
	t := targetingOf(c)
	n := 0
	for _, d := range r.all(kindContact) {
		if contact, ok := docAs[generated.Contact](d); ok && t.includes(contact) {
			n++
		}
	}
	return send{at: at, variants: splitByWeight(n, variantsOf(c))}
}

// variantsOf returns the email variants of campaign c; a missing weight
// is 100.
func variantsOf(c generated.Campaign) []variant {
	vs := make([]variant, 0, len(c.Emails))
	for _, e := range c.Emails {
		v := variant{email: e.EmailID, weight: 100}
		if e.Weight != nil {
			v.weight = max(*e.Weight, 0)
		}
		vs = append(vs, v)
	}
	return vs
}

// splitByWeight splits n among vs in proportion to their weights, by
// largest remainder.
func splitByWeight(n int, vs []variant) []variantSend {
	total := 0
	for _, v := range vs {
		total += v.weight
	}
	weight := func(v variant) int { return v.weight }
	if total == 0 {
		weight, total = func(variant) int { return 1 }, len(vs)
	}
	out := make([]variantSend, len(vs))
	rems := make([]int, len(vs))
	left := n
	for i, v := range vs {
		out[i] = variantSend{email: v.email, sent: n * weight(v) / total}
		rems[i] = n * weight(v) % total
		left -= out[i].sent
	}
	order := make([]int, len(vs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(rems[j], rems[i]) })
	for _, i := range order[:left] {
		out[i].sent++
	}
	return out
}

// targeting is who a campaign sends to.
type targeting struct {
	all          bool            // the every-contact entry
	lists        map[string]bool // included lists
	mailingList  string          // "" for no mailing-list gate
	statusFilter generated.MailingListStatusFilter
}

func targetingOf(c generated.Campaign) targeting {
	t := targeting{lists: make(map[string]bool), statusFilter: generated.MailingListStatusFilterOptedInOrUndecided}
	for _, l := range c.Lists {
		entry, err := targetOf(l)
		switch {
		case err != nil:
		case entry.all:
			t.all = true
		case entry.list != "":
			t.lists[entry.list] = true
		}
	}
	if ml := c.MailingList; ml != nil {
		if ml.MailingListID != nil {
			t.mailingList = *ml.MailingListID
		}
		if ml.StatusFilter != nil {
			t.statusFilter = *ml.StatusFilter
		}
	}
	return t
}

// includes reports whether the campaign sends to contact.
func (t targeting) includes(contact generated.Contact) bool {
	if contact.Subscribed != nil && !*contact.Subscribed {
		return false
	}
	inList := func(m generated.ContactListMembership) bool { return m.ListID != nil && t.lists[*m.ListID] }
	if !t.all && !slices.ContainsFunc(contact.Lists, inList) {
		return false
	}
	return t.mailingListAllows(contact)
}

func (t targeting) mailingListAllows(contact generated.Contact) bool {
	if t.mailingList == "" {
		return true
	}
	var status generated.MailingListStatus // "": undecided
	for _, m := range contact.MailingLists {
		if m.MailingListID != nil && *m.MailingListID == t.mailingList && m.Status != nil {
			status = *m.Status
		}
	}
	switch status {
	case generated.MailingListStatusOptOut:
		return false
	case generated.MailingListStatusOptIn:
		return t.statusFilter != generated.MailingListStatusFilterUndecided
	}
	return t.statusFilter != generated.MailingListStatusFilterOptedIn
}

// counts are the counters of one metrics row.
type counts struct {
	sent, open, uniqueOpen, click, uniqueClick, bounce, unsubscribe, spam int
}

// countsFor returns the counters of a variant sent to n contacts.
func countsFor(n int) counts {
	bounce := n / 20
	delivered := n - bounce
	uniqueOpen := delivered * 2 / 5
	uniqueClick := uniqueOpen / 4
	return counts{
		sent:        n,
		bounce:      bounce,
		uniqueOpen:  uniqueOpen,
		open:        uniqueOpen * 3 / 2,
		uniqueClick: uniqueClick,
		click:       uniqueClick * 2,
		unsubscribe: delivered / 100,
		spam:        delivered / 500,
	}
}

func (c counts) plus(o counts) counts {
	return counts{
		sent: c.sent + o.sent, open: c.open + o.open, uniqueOpen: c.uniqueOpen + o.uniqueOpen,
		click: c.click + o.click, uniqueClick: c.uniqueClick + o.uniqueClick,
		bounce: c.bounce + o.bounce, unsubscribe: c.unsubscribe + o.unsubscribe, spam: c.spam + o.spam,
	}
}

// metricsRow is one row of a metrics answer before encoding. Rows carry
// only the fields of the spec's Metrics: the other element a row is
// about (the email variant of a campaign row, the campaign of a target
// row) is told by the rows' order, not by a field the spec does not have.
type metricsRow struct {
	counts counts
}

// metrics returns the row as the API writes it, with _id the element id.
func (r metricsRow) metrics(id string) generated.Metrics {
	c := r.counts
	m := generated.Metrics{
		ID: &id, Sent: &c.sent, Open: &c.open, UniqueOpen: &c.uniqueOpen, Click: &c.click,
		UniqueClick: &c.uniqueClick, Bounce: &c.bounce, Unsubscribe: &c.unsubscribe, Spam: &c.spam,
	}
	return m
}

// window is the startdate..enddate range of a metrics query; nil ends are
// open.
type window struct{ start, end *time.Time }

func (w window) contains(t time.Time) bool {
	return (w.start == nil || !t.Before(*w.start)) && (w.end == nil || !t.After(*w.end))
}

// GetMetrics returns the counters of a campaign or of an email design
// (element type "target"): 400 for an unknown element type, a bad id or
// startdate after enddate, 404 for an unknown element.
func (a api) GetMetrics(_ context.Context, req server.GetMetricsRequestObject) (server.GetMetricsResponseObject, error) {
	if !req.ElementType.Valid() {
		return nil, badRequest("element_type must be campaign or target, got %q", req.ElementType)
	}
	if err := checkID(req.ElementType, req.ElementID); err != nil {
		return nil, err
	}
	win := window{req.Params.StartDate, req.Params.EndDate}
	if win.start != nil && win.end != nil && win.end.Before(*win.start) {
		return nil, badRequest("startdate is after enddate")
	}
	var rows []metricsRow
	err := a.s.store.view(func(r reader) (err error) {
		if req.ElementType == generated.MetricsElementTypeCampaign {
			rows, err = campaignRows(r, req.ElementID, win)
		} else {
			rows, err = targetRows(r, req.ElementID, win)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if req.Params.Compile != nil && *req.Params.Compile {
		rows = []metricsRow{compile(rows)}
	}
	out := make(server.GetMetrics200JSONResponse, len(rows))
	for i, row := range rows {
		out[i] = row.metrics(req.ElementID)
	}
	return out, nil
}

// campaignRows returns one row per email variant of the campaign, in
// the order of its emails.
func campaignRows(r reader, id string, win window) ([]metricsRow, error) {
	d, err := r.get(kindCampaign, id)
	if err != nil {
		return nil, err
	}
	c, _ := docAs[generated.Campaign](d)
	var rows []metricsRow
	for _, v := range sentVariants(r, id, c, win) {
		rows = append(rows, metricsRow{counts: countsFor(v.sent)})
	}
	return rows, nil
}

// targetRows returns one row per variant of a campaign that uses the
// email design, in the order the campaigns were created.
func targetRows(r reader, emailID string, win window) ([]metricsRow, error) {
	if _, err := r.get(kindEmail, emailID); err != nil {
		return nil, err
	}
	var rows []metricsRow
	for _, d := range r.all(kindCampaign) {
		c, _ := docAs[generated.Campaign](d)
		if c.ID == nil {
			continue
		}
		for _, v := range sentVariants(r, *c.ID, c, win) {
			if v.email == emailID {
				rows = append(rows, metricsRow{counts: countsFor(v.sent)})
			}
		}
	}
	return rows, nil
}

// sentVariants returns the variants of campaign c with the number of
// contacts each was sent to within win: zero if c has not gone out, or
// went out outside win.
func sentVariants(r reader, id string, c generated.Campaign, win window) []variantSend {
	s, sent := r.sendOf(id)
	if sent && win.contains(s.at) {
		return s.variants
	}
	if !sent {
		s.variants = splitByWeight(0, variantsOf(c))
	}
	zero := make([]variantSend, len(s.variants))
	for i, v := range s.variants {
		zero[i] = variantSend{email: v.email}
	}
	return zero
}

// compile sums rows into one, without the other element.
func compile(rows []metricsRow) metricsRow {
	var total metricsRow
	for _, r := range rows {
		total.counts = total.counts.plus(r.counts)
	}
	return total
}
