package fake_test

import (
	"github.com/leadfox-go/leadfox/tests/fake"

	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/generated"

	genclient "github.com/leadfox-go/leadfox/generated/client"
)

// fixture is what a campaign needs: a folder, an email design, a list.
type fixture struct{ folder, email, list, mailingList string }

func newFixture(c *client) fixture {
	c.t.Helper()
	return fixture{
		folder:      c.create("/v1/folder", doc{"name": "F"}),
		email:       c.create("/v1/email", doc{"name": "E"}),
		list:        c.create("/v1/list", doc{"name": "L"}),
		mailingList: c.srv.PutMailingList(generated.MailingList{Name: ptr("News")}),
	}
}

// campaign returns a valid create body.
func (f fixture) campaign() doc {
	return doc{
		"name": "Spring", "folder": f.folder, "type": 2, "status": "d",
		"emails": []doc{{"email": f.email, "weight": 100}},
		"lists":  []doc{{"list": f.list}},
	}
}

// generatedClient returns the generated client, authenticated.
func generatedClient(c *client) *genclient.ClientWithResponses {
	c.t.Helper()
	gc, err := genclient.NewClientWithResponses(c.srv.URL(), genclient.WithRequestEditorFn(
		func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "JWT "+c.token)
			return nil
		}))
	if err != nil {
		c.t.Fatal(err)
	}
	return gc
}

// TestCreateCampaignFromGeneratedClient sends what the generated client
// sends: union values such as {"list": null} and {"type": "none"}.
func TestCreateCampaignFromGeneratedClient(t *testing.T) {
	srv, c := setup(t)
	f := newFixture(c)
	var all, include generated.CampaignList
	if err := all.FromCampaignListAll(generated.CampaignListAll{}); err != nil {
		t.Fatal(err)
	}
	if err := include.FromCampaignListInclude(generated.CampaignListInclude{ListID: f.list}); err != nil {
		t.Fatal(err)
	}
	var batch generated.BatchConfiguration
	if err := batch.FromBatchNone(generated.BatchNone{Type: generated.BatchNoneTypeNone}); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	res, err := generatedClient(c).CreateCampaignWithResponse(context.Background(), generated.CampaignCreate{
		Name: "Spring", FolderID: f.folder, Type: generated.EmailCampaignTypeEmail,
		Status:             ptr(generated.EmailCampaignStatusDraft),
		Start:              &start,
		BatchConfiguration: &batch,
		Emails:             []generated.EmailVariant{{EmailID: f.email, Weight: ptr(100)}},
		Lists:              []generated.CampaignList{all, include},
		MailingList: &generated.CampaignMailingList{
			MailingListID: &f.mailingList, Language: ptr("en"),
			StatusFilter: ptr(generated.MailingListStatusFilterOptedIn),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.JSON200 == nil {
		t.Fatalf("status %d, body %s", res.StatusCode(), res.Body)
	}
	id := *res.JSON200.ID
	want := doc{
		"_id": id, "_owner": srv.ClientID(), "name": "Spring", "folder": f.folder, "type": 2.0, "status": "d",
		"start":              "2030-01-02T03:04:05Z",
		"batchConfiguration": doc{"type": "none"},
		"emails":             []any{doc{"email": f.email, "weight": 100.0}},
		"lists":              []any{doc{"list": nil}, doc{"list": f.list}},
		"mailinglist":        doc{"mailinglist": f.mailingList, "language": "en", "statusFilter": 0.0},
	}
	if diff := cmp.Diff(want, c.call(http.MethodGet, "/v1/campaign/"+id, nil)); diff != "" {
		t.Errorf("GET /v1/campaign/{id} (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]doc{want}, c.list("/v1/campaign")); diff != "" {
		t.Errorf("GET /v1/campaign (-want +got):\n%s", diff)
	}
}

func TestCreateCampaignValidates(t *testing.T) {
	// The handlers' own checks, behind those of the spec (WithValidation).
	_, c := setup(t, fake.WithValidation(false))
	f := newFixture(c)
	tests := []struct {
		name   string
		change func(d doc)
		msg    string
	}{
		{"type 5", func(d doc) { d["type"] = 5 }, "type must be 2"},
		{"no type", func(d doc) { delete(d, "type") }, "type must be 2"},
		{"no name", func(d doc) { delete(d, "name") }, "name must not be empty"},
		{"no folder", func(d doc) { delete(d, "folder") }, "invalid folder id"},
		{"folder not an id", func(d doc) { d["folder"] = "f" }, "invalid folder id"},
		{"unknown folder", func(d doc) { d["folder"] = unknownID }, "folder " + unknownID + " does not exist"},
		{"folder is a list", func(d doc) { d["folder"] = f.list }, "does not exist"},
		{"unknown email", func(d doc) { d["emails"] = []doc{{"email": unknownID}} }, "email " + unknownID + " does not exist"},
		{"email not an id", func(d doc) { d["emails"] = []doc{{"email": "e"}} }, "invalid email id"},
		{"negative weight", func(d doc) { d["emails"] = []doc{{"email": f.email, "weight": -1}} }, "weight"},
		{"unknown list", func(d doc) { d["lists"] = []doc{{"list": unknownID}} }, "list " + unknownID + " does not exist"},
		{"list not an id", func(d doc) { d["lists"] = []doc{{"list": "l"}} }, "invalid list id"},
		{"list a number", func(d doc) { d["lists"] = []any{doc{"list": 5}} }, "list must be null or a list id"},
		{"lists entry not an object", func(d doc) { d["lists"] = []any{"x"} }, "objects"},
		{"unknown mailing list", func(d doc) { d["mailinglist"] = doc{"mailinglist": unknownID} }, "mailinglist " + unknownID + " does not exist"},
		{"statusFilter 3", func(d doc) { d["mailinglist"] = doc{"statusFilter": 3} }, "statusFilter"},
		{"status x", func(d doc) { d["status"] = "x" }, "status must be d, a or i"},
		{"batchConfiguration a string", func(d doc) { d["batchConfiguration"] = "none" }, "batchConfiguration"},
		{"batchConfiguration without type", func(d doc) { d["batchConfiguration"] = doc{"size": 10} }, "batchConfiguration"},
		{"sent without lists", func(d doc) { d["status"] = "a"; delete(d, "lists") }, "no lists"},
		{"no emails", func(d doc) { delete(d, "emails") }, "emails must name at least one email design"},
		{"emails empty", func(d doc) { d["emails"] = []doc{} }, "emails must name at least one email design"},
		{"sent without emails", func(d doc) { d["status"] = "a"; delete(d, "emails") }, "emails must name at least one email design"},
		{"start not a date-time", func(d doc) { d["start"] = "tomorrow" }, "decode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			body := f.campaign()
			tt.change(body)
			wantStatus(t, c.send(http.MethodPost, "/v1/campaign", body, nil), 400, tt.msg)
		})
	}
	c.t = t
	if got := c.list("/v1/campaign"); len(got) != 0 {
		t.Errorf("rejected creates stored %v", got)
	}
	// An exclusion entry, whose fields are not documented, is kept as sent.
	body := f.campaign()
	body["lists"] = []doc{{"list": f.list}, {"exclude": f.list}}
	c.create("/v1/campaign", body)
}

func TestUpdateCampaign(t *testing.T) {
	_, c := setup(t)
	f := newFixture(c)
	id := c.create("/v1/campaign", f.campaign())
	want := c.call(http.MethodGet, "/v1/campaign/"+id, nil)

	// folder and type are not in CampaignUpdate: sending them changes nothing.
	got := c.call(http.MethodPut, "/v1/campaign/"+id, doc{"description": "v2", "folder": unknownID, "type": 5})
	want["description"] = "v2"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PUT (-want +got):\n%s", diff)
	}
	got = c.call(http.MethodPut, "/v1/campaign/"+id, doc{"start": "2030-01-02T04:04:05+01:00"})
	want["start"] = "2030-01-02T03:04:05Z"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PUT start (-want +got):\n%s", diff)
	}

	tests := []struct {
		name string
		body doc
		msg  string
	}{
		{"unknown email", doc{"emails": []doc{{"email": unknownID}}}, "does not exist"},
		{"unknown list", doc{"lists": []doc{{"list": unknownID}}}, "does not exist"},
		{"status x", doc{"status": "x"}, "status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			wantStatus(t, c.send(http.MethodPut, "/v1/campaign/"+id, tt.body, nil), 400, tt.msg)
		})
	}
	c.t = t
	if diff := cmp.Diff(want, c.call(http.MethodGet, "/v1/campaign/"+id, nil)); diff != "" {
		t.Errorf("rejected updates changed the campaign (-want +got):\n%s", diff)
	}

	// An empty array is no field, as the generated types encode it: lists
	// are removed by sending no list, which the API has no way to say.
	bare := f.campaign()
	delete(bare, "lists")
	bareID := c.create("/v1/campaign", bare)
	wantStatus(t, c.send(http.MethodPut, "/v1/campaign/"+bareID, doc{"status": "a"}, nil), 400, "no lists")
}

func TestPutCampaignStoresAsIs(t *testing.T) {
	srv, c := setup(t)
	id := srv.PutCampaign(generated.Campaign{
		Name: ptr("SMS blast"), Type: ptr(5), FolderID: ptr(unknownID),
		AdditionalProperties: map[string]json.RawMessage{"channel": json.RawMessage(`"sms"`)},
	})
	want := doc{"_id": id, "_owner": srv.ClientID(), "name": "SMS blast", "type": 5.0, "folder": unknownID, "channel": "sms"}
	if diff := cmp.Diff(want, c.call(http.MethodGet, "/v1/campaign/"+id, nil)); diff != "" {
		t.Errorf("GET /v1/campaign/{id} (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]doc{want}, c.list("/v1/campaign", "filters", "type = 5")); diff != "" {
		t.Errorf("GET /v1/campaign?filters=type = 5 (-want +got):\n%s", diff)
	}
	got, ok := srv.Campaign(id)
	if !ok || *got.Type != 5 {
		t.Errorf("Campaign(%s) = %v, %v; want type 5", id, got, ok)
	}
}
