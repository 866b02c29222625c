package fake_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/tests/fake"
)

// sentCount returns the compiled sent counter of campaign id.
func sentCount(c *client, id string) any {
	c.t.Helper()
	return c.metrics("campaign", id, "compile", "true")[0]["sent"]
}

// TestScheduledCampaignGoesOutAtStart: an active campaign with a later
// start is sent once the clock passes it, to the contacts targeted then.
func TestScheduledCampaignGoesOutAtStart(t *testing.T) {
	clk := newClock()
	srv, c := setup(t, fake.WithClock(clk), fake.WithTokenLifetime(100*time.Hour))
	f := newFixture(c)
	seedContacts(srv, 10, "early", inList(f.list))
	body := f.campaign()
	body["status"] = "a"
	body["start"] = clk.Now().Add(24 * time.Hour).Format(time.RFC3339)
	id := c.create("/v1/campaign", body)
	if got := sentCount(c, id); got != 0.0 {
		t.Fatalf("sent before the start = %v, want 0", got)
	}
	seedContacts(srv, 5, "late", inList(f.list)) // still before the start: targeted
	clk.Advance(25 * time.Hour)
	if got := sentCount(c, id); got != 15.0 {
		t.Errorf("sent after the start = %v, want 15", got)
	}
	seedContacts(srv, 5, "after", inList(f.list)) // after the send: not
	if got := sentCount(c, id); got != 15.0 {
		t.Errorf("sent after more contacts = %v, want 15 (sent once)", got)
	}
}

// TestDraftAndUnscheduledNeverGoOut: a draft, an inactive campaign and a
// scheduled one taken back to draft before its start are never sent.
func TestDraftAndUnscheduledNeverGoOut(t *testing.T) {
	clk := newClock()
	srv, c := setup(t, fake.WithClock(clk), fake.WithTokenLifetime(100*time.Hour))
	f := newFixture(c)
	seedContacts(srv, 10, "", inList(f.list))
	draft := c.create("/v1/campaign", f.campaign())
	inactive := f.campaign()
	inactive["status"] = "i"
	inactiveID := c.create("/v1/campaign", inactive)
	scheduled := f.campaign()
	scheduled["status"] = "a"
	scheduled["start"] = clk.Now().Add(time.Hour).Format(time.RFC3339)
	scheduledID := c.create("/v1/campaign", scheduled)
	c.call(http.MethodPut, "/v1/campaign/"+scheduledID, doc{"status": "d"})
	clk.Advance(48 * time.Hour)
	for _, id := range []string{draft, inactiveID, scheduledID} {
		if got := sentCount(c, id); got != 0.0 {
			t.Errorf("campaign %s: sent = %v, want 0", id, got)
		}
	}
}

// TestSentCampaignContentIsRefused: once a campaign has gone out, what
// it sends cannot change (409); its name still can.
func TestSentCampaignContentIsRefused(t *testing.T) {
	_, c := setup(t)
	f := newFixture(c)
	body := f.campaign()
	body["status"] = "a"
	id := c.create("/v1/campaign", body)
	for name, change := range map[string]doc{
		"emails": {"emails": []doc{{"email": f.email, "weight": 50}}},
		"lists":  {"lists": []doc{{"list": nil}}},
		"start":  {"start": "2030-01-01T00:00:00.000Z"},
		"draft":  {"status": "d"},
	} {
		t.Run(name, func(t *testing.T) {
			c.t = t
			wantStatus(t, c.send(http.MethodPut, "/v1/campaign/"+id, change, nil), http.StatusConflict, "has been sent")
		})
	}
	c.t = t
	wantStatus(t, c.send(http.MethodPut, "/v1/campaign/"+id, doc{"name": "Renamed"}, nil), http.StatusOK, "")
}

// TestLoadFixturesSeedsOptInState: the opt-in state the API cannot write
// is seeded through fixtures, and campaigns gated by the mailing list
// reach the opted-in contact only.
func TestLoadFixturesSeedsOptInState(t *testing.T) {
	srv, c := setup(t)
	const ml = "5f0c8a3b9d1e2a00000000f1"
	err := srv.LoadFixtures(strings.NewReader(`{"mailinglists":[{"_id":"` + ml + `","name":"Newsletter"}],
		"contacts":[{"email":"in@example.com","mailinglists":[{"mailinglist":"` + ml + `","status":"opt-in"}]},
		            {"email":"out@example.com","mailinglists":[{"mailinglist":"` + ml + `","status":"opt-out"}]}]}`))
	if err != nil {
		t.Fatalf("LoadFixtures: %v", err)
	}
	got, ok := srv.ContactByEmail("in@example.com")
	if !ok || len(got.MailingLists) != 1 || string(*got.MailingLists[0].Status) != "opt-in" {
		t.Fatalf("seeded contact = %+v, want opted in", got)
	}
	f := newFixture(c)
	body := f.campaign()
	body["status"] = "a"
	body["lists"] = []doc{{"list": nil}}
	body["mailinglist"] = doc{"mailinglist": ml, "statusFilter": 0}
	id := c.create("/v1/campaign", body)
	if got := sentCount(c, id); got != 1.0 {
		t.Errorf("sent = %v, want 1 (the opted-in contact)", got)
	}
	if err := srv.LoadFixtures(strings.NewReader(`{"contact":[]}`)); err == nil {
		t.Error("LoadFixtures with an unknown key = nil, want an error")
	}
}
