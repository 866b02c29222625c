package fake_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// seedContacts stores n contacts, each changed by with (if not nil).
func seedContacts(srv *fake.Server, n int, prefix string, with func(i int, c *generated.Contact)) []string {
	cs := make([]generated.Contact, n)
	for i := range cs {
		cs[i].Email = ptr(fmt.Sprintf("%s%d@example.com", prefix, i))
		if with != nil {
			with(i, &cs[i])
		}
	}
	return srv.InsertContacts(cs)
}

// inList makes a seeded contact a member of list.
func inList(list string) func(int, *generated.Contact) {
	return func(_ int, c *generated.Contact) {
		c.Lists = []generated.ContactListMembership{{ListID: ptr(list)}}
	}
}

// metrics GETs the metrics of an element, with query parameters as
// name, value pairs.
func (c *client) metrics(elementType, id string, params ...string) []doc {
	c.t.Helper()
	return c.list("/v1/metric/"+elementType+"/"+id, params...)
}

func counters(id string, sent, open, uniqueOpen, click, uniqueClick, bounce, unsubscribe, spam float64) doc {
	return doc{
		"_id": id, "sent": sent, "open": open, "uniqueopen": uniqueOpen, "click": click,
		"uniqueclick": uniqueClick, "bounce": bounce, "unsubscribe": unsubscribe, "spam": spam,
	}
}

func TestMetricsFormula(t *testing.T) {
	tests := []struct {
		n    int
		want func(id string) doc
	}{
		{0, func(id string) doc { return counters(id, 0, 0, 0, 0, 0, 0, 0, 0) }},
		{1, func(id string) doc { return counters(id, 1, 0, 0, 0, 0, 0, 0, 0) }},
		{20, func(id string) doc { return counters(id, 20, 10, 7, 2, 1, 1, 0, 0) }},
		{1000, func(id string) doc { return counters(id, 1000, 570, 380, 190, 95, 50, 9, 1) }},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			srv, c := setup(t)
			f := newFixture(c)
			seedContacts(srv, tt.n, "", nil)
			body := f.campaign()
			body["status"] = "a"
			body["lists"] = []doc{{"list": nil}}
			id := c.create("/v1/campaign", body)
			if diff := cmp.Diff([]doc{tt.want(id)}, c.metrics("campaign", id, "compile", "true")); diff != "" {
				t.Errorf("metrics (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMetricsPerVariant(t *testing.T) {
	srv, c := setup(t)
	f := newFixture(c)
	second := c.create("/v1/email", doc{"name": "B"})
	seedContacts(srv, 10, "in", inList(f.list))
	seedContacts(srv, 5, "out", nil)
	body := f.campaign()
	body["emails"] = []doc{{"email": f.email, "weight": 70}, {"email": second, "weight": 30}}
	id := c.create("/v1/campaign", body)

	zero := []doc{counters(id, 0, 0, 0, 0, 0, 0, 0, 0), counters(id, 0, 0, 0, 0, 0, 0, 0, 0)}
	if diff := cmp.Diff(zero, c.metrics("campaign", id)); diff != "" {
		t.Errorf("before the send (-want +got):\n%s", diff)
	}

	c.call(http.MethodPut, "/v1/campaign/"+id, doc{"status": "a"})
	want := []doc{
		counters(id, 7, 3, 2, 0, 0, 0, 0, 0),
		counters(id, 3, 1, 1, 0, 0, 0, 0, 0),
	}
	if diff := cmp.Diff(want, c.metrics("campaign", id)); diff != "" {
		t.Errorf("per variant (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]doc{counters(id, 10, 4, 3, 0, 0, 0, 0, 0)}, c.metrics("campaign", id, "compile", "true")); diff != "" {
		t.Errorf("compiled (-want +got):\n%s", diff)
	}
}

func TestMetricsSplitByWeight(t *testing.T) {
	tests := []struct {
		weights []any // nil: no weight sent
		want    []float64
	}{
		{[]any{1, 1, 1}, []float64{4, 3, 3}},
		{[]any{0, 0}, []float64{5, 5}},
		{[]any{nil, 100}, []float64{5, 5}},
		{[]any{10, 0}, []float64{10, 0}},
		{[]any{2, 1}, []float64{7, 3}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.weights), func(t *testing.T) {
			srv, c := setup(t)
			f := newFixture(c)
			seedContacts(srv, 10, "", inList(f.list))
			body := f.campaign()
			body["status"] = "a"
			var emails []doc
			for _, w := range tt.weights {
				e := doc{"email": c.create("/v1/email", doc{"name": "E"})}
				if w != nil {
					e["weight"] = w
				}
				emails = append(emails, e)
			}
			body["emails"] = emails
			id := c.create("/v1/campaign", body)
			var got []float64
			for _, row := range c.metrics("campaign", id) {
				got = append(got, row["sent"].(float64))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sent per variant (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMetricsTargets(t *testing.T) {
	tests := []struct {
		name         string
		statusFilter any // nil: no mailing list
		want         float64
	}{
		{"no mailing list", nil, 3},
		{"opted in only", 0, 1},
		{"undecided only", 1, 1},
		{"opted in or undecided", 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := setup(t)
			f := newFixture(c)
			status := []generated.MailingListStatus{generated.MailingListStatusOptIn, generated.MailingListStatusOptOut, ""}
			seedContacts(srv, 3, "", func(i int, ct *generated.Contact) {
				inList(f.list)(i, ct)
				if status[i] != "" {
					ct.MailingLists = []generated.ContactMailingList{{MailingListID: &f.mailingList, Status: &status[i]}}
				}
			})
			seedContacts(srv, 2, "unsubscribed", func(i int, ct *generated.Contact) {
				inList(f.list)(i, ct)
				ct.Subscribed = ptr(false)
			})
			body := f.campaign()
			body["status"] = "a"
			if tt.statusFilter != nil {
				body["mailinglist"] = doc{"mailinglist": f.mailingList, "statusFilter": tt.statusFilter}
			}
			id := c.create("/v1/campaign", body)
			if got := c.metrics("campaign", id, "compile", "true")[0]["sent"]; got != tt.want {
				t.Errorf("sent = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMetricsOfAnEmailDesign(t *testing.T) {
	srv, c := setup(t)
	f := newFixture(c)
	seedContacts(srv, 20, "", inList(f.list))
	sent := f.campaign()
	sent["status"] = "a"
	// Rows are in the order the campaigns were created: the sent one,
	// then the draft.
	c.create("/v1/campaign", sent)
	c.create("/v1/campaign", f.campaign())
	other := f.campaign()
	other["emails"] = []doc{{"email": c.create("/v1/email", doc{"name": "Other"})}}
	c.create("/v1/campaign", other)

	want := []doc{
		counters(f.email, 20, 10, 7, 2, 1, 1, 0, 0),
		counters(f.email, 0, 0, 0, 0, 0, 0, 0, 0),
	}
	if diff := cmp.Diff(want, c.metrics("target", f.email)); diff != "" {
		t.Errorf("target rows (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]doc{counters(f.email, 20, 10, 7, 2, 1, 1, 0, 0)}, c.metrics("target", f.email, "compile", "true")); diff != "" {
		t.Errorf("target compiled (-want +got):\n%s", diff)
	}
}

func TestMetricsWindowAndSchedule(t *testing.T) {
	clk := newClock()
	srv, c := setup(t, fake.WithClock(clk), fake.WithTokenLifetime(100*time.Hour))
	f := newFixture(c)
	seedContacts(srv, 20, "", inList(f.list))
	now := clk.Now()
	body := f.campaign()
	body["status"] = "a"
	sentNow := c.create("/v1/campaign", body)
	body["start"] = now.Add(48 * time.Hour).Format(time.RFC3339)
	scheduled := c.create("/v1/campaign", body)

	at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	tests := []struct {
		id     string
		params []string
		want   float64
	}{
		{sentNow, nil, 20},
		{sentNow, []string{"startdate", at(0), "enddate", at(0)}, 20},
		{sentNow, []string{"startdate", at(time.Second)}, 0},
		{sentNow, []string{"enddate", at(-time.Second)}, 0},
		{scheduled, nil, 0},
		{scheduled, []string{"startdate", at(48 * time.Hour)}, 0},
	}
	check := func(t *testing.T, tests []struct {
		id     string
		params []string
		want   float64
	}) {
		t.Helper()
		for _, tt := range tests {
			params := append([]string{"compile", "true"}, tt.params...)
			if got := c.metrics("campaign", tt.id, params...)[0]["sent"]; got != tt.want {
				t.Errorf("%v: sent = %v, want %v", tt.params, got, tt.want)
			}
		}
	}
	check(t, tests)
	// Once the clock passes the start, the scheduled campaign has gone
	// out, as of its start.
	clk.Advance(49 * time.Hour)
	check(t, []struct {
		id     string
		params []string
		want   float64
	}{
		{scheduled, nil, 20},
		{scheduled, []string{"enddate", at(47 * time.Hour)}, 0},
		{scheduled, []string{"startdate", at(48 * time.Hour)}, 20},
	})
}

func TestCampaignIsSentOnce(t *testing.T) {
	srv, c := setup(t)
	f := newFixture(c)
	seedContacts(srv, 20, "", inList(f.list))
	body := f.campaign()
	body["status"] = "a"
	id := c.create("/v1/campaign", body)

	seedContacts(srv, 20, "later", inList(f.list))
	c.call(http.MethodPut, "/v1/campaign/"+id, doc{"status": "i"})
	c.call(http.MethodPut, "/v1/campaign/"+id, doc{"status": "a"})
	if got := c.metrics("campaign", id, "compile", "true")[0]["sent"]; got != 20.0 {
		t.Errorf("sent = %v, want 20 (the first send's)", got)
	}
}

func TestPutCampaignActiveIsSent(t *testing.T) {
	srv, c := setup(t)
	f := newFixture(c)
	seedContacts(srv, 20, "", inList(f.list))
	var include generated.CampaignList
	if err := include.FromCampaignListInclude(generated.CampaignListInclude{ListID: f.list}); err != nil {
		t.Fatal(err)
	}
	id := srv.PutCampaign(generated.Campaign{
		Type: ptr(2), Status: ptr(generated.EmailCampaignStatusActive),
		Emails: []generated.EmailVariant{{EmailID: f.email}},
		Lists:  []generated.CampaignList{include},
	})
	if got := c.metrics("campaign", id, "compile", "true")[0]["sent"]; got != 20.0 {
		t.Errorf("sent = %v, want 20", got)
	}
}

func TestMetricsRejected(t *testing.T) {
	// The handlers' own checks, behind those of the spec (WithValidation).
	_, c := setup(t, fake.WithValidation(false))
	f := newFixture(c)
	id := c.create("/v1/campaign", f.campaign())
	tests := []struct {
		path   string
		params []string
		status int
		msg    string
	}{
		{"/v1/metric/email/" + f.email, nil, 400, "element_type must be campaign or target"},
		{"/v1/metric/campaign/" + f.email, nil, 404, "campaign " + f.email + " not found"},
		{"/v1/metric/target/" + id, nil, 404, "email " + id + " not found"},
		{"/v1/metric/campaign/" + id, []string{"startdate", "2024-01-02T00:00:00Z", "enddate", "2024-01-01T00:00:00Z"}, 400, "startdate is after enddate"},
		{"/v1/metric/campaign/" + id, []string{"startdate", "yesterday"}, 400, "startdate"},
		{"/v1/metric/campaign/" + id, []string{"compile", "yes"}, 400, "compile"},
	}
	for _, tt := range tests {
		t.Run(tt.path+fmt.Sprint(tt.params), func(t *testing.T) {
			c.t = t
			wantStatus(t, c.send(http.MethodGet, tt.path, nil, urlValues(tt.params...)), tt.status, tt.msg)
		})
	}
}
