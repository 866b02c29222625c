package facade

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/pager"
	"github.com/leadfox-go/leadfox/query"
)

// wireCase is one operation as a user calls it, and what must cross the
// wire: the request the server receives and the value the caller gets.
type wireCase struct {
	op           string // the operationId exercised
	method, path string
	query        url.Values // nil: none
	reqBody      string     // JSON; "": no body
	status       int
	respBody     string
	before       func(f *fixture) // extra responders (the campaign guard's GET)
	call         func(ctx context.Context, c *Client) (any, error)
	want         any
}

const (
	contactJSON  = `{"_id":"` + contactID + `","_owner":"o1","email":"ada@example.com","properties":{"firstname":"Ada"},"created":"2026-01-02T03:04:05.000Z","subscribed":true}`
	campaignJSON = `{"_id":"` + campaignID + `","name":"Spring","type":2,"status":"d","folder":"` + folderID + `","emails":[{"email":"` + emailID + `","weight":100}],"lists":[{"list":"` + listID + `"}],"batchConfiguration":{"type":"none"}}`
	// activeCampaignJSON is campaignJSON after Schedule or Send: status "a".
	activeCampaignJSON = `{"_id":"` + campaignID + `","name":"Spring","type":2,"status":"a","folder":"` + folderID + `","emails":[{"email":"` + emailID + `","weight":100}],"lists":[{"list":"` + listID + `"}],"batchConfiguration":{"type":"none"}}`
	emailJSON          = `{"_id":"` + emailID + `","name":"Welcome","subject":"Hello","editor":"bee"}`
	folderJSON         = `{"_id":"` + folderID + `","name":"2026"}`
	listJSON           = `{"_id":"` + listID + `","name":"Test List","description":"d"}`
	mailingJSON        = `{"_id":"` + mailingID + `","name":"Newsletter"}`
	propertyJSON       = `{"_id":"` + propertyID + `","name":"Company","shortcode":"company"}`
	metricsJSON        = `[{"_id":"` + campaignID + `","sent":10,"open":7,"uniqueopen":5,"click":3,"uniqueclick":2,"bounce":1,"unsubscribe":0,"spam":0}]`
)

var created = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

var (
	wantContact = &Contact{ID: Ptr(contactID), Owner: Ptr("o1"), Email: Ptr("ada@example.com"),
		Properties: PropertyValues{"firstname": PropertyString("Ada")}, Created: &created, Subscribed: Ptr(true)}
	wantCampaign = &Campaign{ID: Ptr(campaignID), Name: Ptr("Spring"), Type: Ptr(2), Status: Ptr(CampaignDraft),
		FolderID: Ptr(folderID), Emails: []EmailVariant{{EmailID: emailID, Weight: Ptr(100)}},
		Lists: []CampaignList{mustInclude(listID)}, BatchConfiguration: NoBatching()}
	wantActiveCampaign = &Campaign{ID: Ptr(campaignID), Name: Ptr("Spring"), Type: Ptr(2), Status: Ptr(CampaignActive),
		FolderID: Ptr(folderID), Emails: []EmailVariant{{EmailID: emailID, Weight: Ptr(100)}},
		Lists: []CampaignList{mustInclude(listID)}, BatchConfiguration: NoBatching()}
	wantEmail    = &Email{ID: Ptr(emailID), Name: Ptr("Welcome"), Subject: Ptr("Hello"), Editor: Ptr(EmailEditorBee)}
	wantFolder   = &Folder{ID: Ptr(folderID), Name: Ptr("2026")}
	wantList     = &List{ID: Ptr(listID), Name: Ptr("Test List"), Description: Ptr("d")}
	wantMailing  = MailingList{ID: Ptr(mailingID), Name: Ptr("Newsletter")}
	wantProperty = &Property{ID: Ptr(propertyID), Name: Ptr("Company"), Shortcode: Ptr("company")}
	wantMetrics  = []Metrics{{ID: Ptr(campaignID), Sent: Ptr(10), Open: Ptr(7), UniqueOpen: Ptr(5), Click: Ptr(3),
		UniqueClick: Ptr(2), Bounce: Ptr(1), Unsubscribe: Ptr(0), Spam: Ptr(0)}}
)

func mustInclude(id string) CampaignList { return IncludeList(id) }

// collected returns a call that collects every item of the pager p.
func collected[T any](p *pager.Pager[T], err error) func(context.Context) (any, error) {
	return func(ctx context.Context) (any, error) {
		if err != nil {
			return nil, err
		}
		return p.Collect(ctx)
	}
}

func page(q string) url.Values {
	v, _ := url.ParseQuery(q)
	return v
}

func campaignGET(f *fixture) {
	f.on(http.MethodGet, "/v1/campaign/"+campaignID, respondJSON(200, campaignJSON))
}

// wireCases holds one case per API operation but authenticate. The spec
// test checks that it covers openapi.yaml.
func wireCases() []wireCase {
	return slices.Concat(campaignCases(), contactCases(), emailCases(), folderCases(), listCases(), otherCases())
}

// campaignCases returns the wire cases of the campaign operations, the guard's GET included.
func campaignCases() []wireCase {
	start := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	return []wireCase{
		{op: "listCampaigns", method: "GET", path: "/v1/campaign",
			query: page("filters=status+%3D+d,type+%3D+2&sort=-created&limit=100"), status: 200, respBody: "[" + campaignJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return collected(c.Campaigns.List(&ListOptions{Filter: query.And(query.Eq("status", "d")), Sort: query.SortBy(query.Desc("created"))}))(ctx)
			},
			want: []Campaign{*wantCampaign}},
		{op: "createCampaign", method: "POST", path: "/v1/campaign",
			reqBody: `{"name":"Spring","folder":"` + folderID + `","type":2,"status":"d","emails":[{"email":"` + emailID + `","weight":100}],"lists":[{"list":"` + listID + `"}],"batchConfiguration":{"type":"none"}}`,
			status:  201, respBody: campaignJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Campaigns.Create(ctx, &CampaignCreate{Name: "Spring", FolderID: folderID, Status: Ptr(CampaignDraft),
					Emails: []EmailVariant{{EmailID: emailID, Weight: Ptr(100)}}, Lists: []CampaignList{mustInclude(listID)},
					BatchConfiguration: NoBatching()})
			},
			want: wantCampaign},
		{op: "getCampaign", method: "GET", path: "/v1/campaign/" + campaignID, status: 200, respBody: campaignJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Campaigns.Get(ctx, campaignID) },
			want: wantCampaign},
		{op: "updateCampaign", method: "PUT", path: "/v1/campaign/" + campaignID, before: campaignGET,
			reqBody: `{"name":"Summer","lists":[{"list":null}]}`, status: 200, respBody: campaignJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Campaigns.Update(ctx, campaignID, &CampaignUpdate{Name: Ptr("Summer"), Lists: []CampaignList{AllContacts()}})
			},
			want: wantCampaign},
		{op: "updateCampaign", method: "PUT", path: "/v1/campaign/" + campaignID, before: campaignGET,
			reqBody: `{"start":"2026-04-01T09:00:00Z","status":"a"}`, status: 200, respBody: activeCampaignJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Campaigns.Schedule(ctx, campaignID, start)
			},
			want: wantActiveCampaign},
		{op: "updateCampaign", method: "PUT", path: "/v1/campaign/" + campaignID, before: campaignGET,
			reqBody: `{"status":"a"}`, status: 200, respBody: activeCampaignJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Campaigns.Send(ctx, campaignID) },
			want: wantActiveCampaign},
	}
}

// contactCases returns the wire cases of the contact operations.
func contactCases() []wireCase {
	return []wireCase{
		{op: "listContacts", method: "GET", path: "/v1/contact",
			query: page("filters=email+exists+true&fields=email,properties&sort=_id&limit=50"), status: 200, respBody: "[" + contactJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return collected(c.Contacts.List(&ListOptions{Filter: query.And(query.Exists("email", true)), Fields: query.Select("email", "properties"), PageSize: 50}))(ctx)
			},
			want: []Contact{*wantContact}},
		{op: "createContact", method: "POST", path: "/v1/contact",
			reqBody: `{"email":"ada@example.com","properties":{"firstname":"Ada"}}`, status: 200, respBody: contactJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Contacts.Create(ctx, &ContactCreate{Email: "ada@example.com", Properties: ContactProperties{"firstname": "Ada"}})
			},
			want: wantContact},
		{op: "upsertContact", method: "POST", path: "/v1/contact/upsert",
			reqBody: `{"email":"ada@example.com"}`, status: 200, respBody: contactJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Contacts.Upsert(ctx, &ContactCreate{Email: "ada@example.com"})
			},
			want: wantContact},
		{op: "getContact", method: "GET", path: "/v1/contact/" + contactID, status: 200, respBody: contactJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Contacts.Get(ctx, contactID) },
			want: wantContact},
		{op: "updateContact", method: "PUT", path: "/v1/contact/" + contactID,
			reqBody: `{"properties":{"lastname":"Lovelace"}}`, status: 200, respBody: contactJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Contacts.Update(ctx, contactID, &ContactUpdate{Properties: ContactProperties{"lastname": "Lovelace"}})
			},
			want: wantContact},
		{op: "deleteContact", method: "DELETE", path: "/v1/contact/" + contactID, status: 204,
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.Contacts.Delete(ctx, contactID) }},
	}
}

// emailCases returns the wire cases of the email design operations.
func emailCases() []wireCase {
	return []wireCase{
		{op: "listEmails", method: "GET", path: "/v1/email", query: page("skip=10&limit=100"), status: 200, respBody: "[" + emailJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return collected(c.Emails.List(&ListOptions{Offset: 10}))(ctx)
			},
			want: []Email{*wantEmail}},
		{op: "createEmail", method: "POST", path: "/v1/email",
			reqBody: `{"name":"Welcome","subject":"Hello","editor":"bee"}`, status: 200, respBody: emailJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Emails.Create(ctx, &EmailCreate{Name: "Welcome", Subject: Ptr("Hello"), Editor: Ptr(EmailEditorBee)})
			},
			want: wantEmail},
		{op: "getEmail", method: "GET", path: "/v1/email/" + emailID, status: 200, respBody: emailJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Emails.Get(ctx, emailID) },
			want: wantEmail},
		{op: "updateEmail", method: "PUT", path: "/v1/email/" + emailID,
			reqBody: `{"subject":"Hi"}`, status: 200, respBody: emailJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Emails.Update(ctx, emailID, &EmailUpdate{Subject: Ptr("Hi")})
			},
			want: wantEmail},
	}
}

// folderCases returns the wire cases of the folder operations.
func folderCases() []wireCase {
	return []wireCase{
		{op: "listFolders", method: "GET", path: "/v1/folder", query: page("sort=_id&limit=100"), status: 200, respBody: "[" + folderJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return collected(c.Folders.List(nil))(ctx)
			},
			want: []Folder{*wantFolder}},
		{op: "createFolder", method: "POST", path: "/v1/folder",
			reqBody: `{"name":"2026","description":"this year"}`, status: 200, respBody: folderJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Folders.Create(ctx, &FolderCreate{Name: "2026", Description: Ptr("this year")})
			},
			want: wantFolder},
		{op: "updateFolder", method: "PUT", path: "/v1/folder/" + folderID,
			reqBody: `{"name":"2026"}`, status: 200, respBody: folderJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Folders.Update(ctx, folderID, &FolderUpdate{Name: Ptr("2026")})
			},
			want: wantFolder},
	}
}

// listCases returns the wire cases of the list and membership operations.
func listCases() []wireCase {
	return []wireCase{
		{op: "listLists", method: "GET", path: "/v1/list", query: page("filters=name+%3D+Test+List&sort=_id&limit=100"), status: 200, respBody: "[" + listJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return collected(c.Lists.List(&ListOptions{Filter: query.And(query.Eq("name", "Test List"))}))(ctx)
			},
			want: []List{*wantList}},
		{op: "createList", method: "POST", path: "/v1/list",
			reqBody: `{"name":"Test List","description":"d"}`, status: 200, respBody: listJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Lists.Create(ctx, &ListCreate{Name: "Test List", Description: Ptr("d")})
			},
			want: wantList},
		{op: "updateList", method: "PUT", path: "/v1/list/" + listID,
			reqBody: `{"description":"d"}`, status: 200, respBody: listJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Lists.Update(ctx, listID, &ListUpdate{Description: Ptr("d")})
			},
			want: wantList},
		{op: "listListContacts", method: "GET", path: "/v1/list/" + listID + "/contact", query: page("sort=_id&limit=100"), status: 200, respBody: "[" + contactJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return collected(c.Lists.Contacts(listID, nil))(ctx)
			},
			want: []Contact{*wantContact}},
		{op: "addContactToList", method: "POST", path: "/v1/list/" + listID + "/contact/" + contactID, status: 200, respBody: `{"ok":1}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Lists.AddContact(ctx, listID, contactID)
			}},
		{op: "removeContactFromList", method: "DELETE", path: "/v1/list/" + listID + "/contact/" + contactID, status: 204,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Lists.RemoveContact(ctx, listID, contactID)
			}},
	}
}

// otherCases returns the wire cases of the mailing list, metrics and property operations.
func otherCases() []wireCase {
	return []wireCase{
		{op: "listMailingLists", method: "GET", path: "/v1/mailinglist", query: page("sort=_id&limit=100"), status: 200, respBody: "[" + mailingJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return collected(c.MailingLists.List(nil))(ctx)
			},
			want: []MailingList{wantMailing}},
		{op: "getMetrics", method: "GET", path: "/v1/metric/campaign/" + campaignID,
			query: page("compile=true&startdate=2026-01-01T00:00:00Z&enddate=2026-02-01T00:00:00Z"), status: 200, respBody: metricsJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Metrics.Campaign(ctx, campaignID, &MetricsOptions{Compile: true,
					Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)})
			},
			want: wantMetrics},
		{op: "getMetrics", method: "GET", path: "/v1/metric/target/" + emailID, status: 200, respBody: metricsJSON,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Metrics.Email(ctx, emailID, nil) },
			want: wantMetrics},
		{op: "listProperties", method: "GET", path: "/v1/property", query: page("sort=name&limit=100"), status: 200, respBody: "[" + propertyJSON + "]",
			call: func(ctx context.Context, c *Client) (any, error) {
				return collected(c.Properties.List(&ListOptions{Sort: query.SortBy(query.Asc("name"))}))(ctx)
			},
			want: []Property{*wantProperty}},
		{op: "createProperty", method: "POST", path: "/v1/property",
			reqBody: `{"name":"Company","shortcode":"company"}`, status: 200, respBody: propertyJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Properties.Create(ctx, &PropertyCreate{Name: "Company", Shortcode: "company"})
			},
			want: wantProperty},
		{op: "updateProperty", method: "PUT", path: "/v1/property/" + propertyID,
			reqBody: `{"description":"Employer"}`, status: 200, respBody: propertyJSON,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Properties.Update(ctx, propertyID, &PropertyUpdate{Description: Ptr("Employer")})
			},
			want: wantProperty},
	}
}

// TestOperations sends every operation through the real chain onto the
// mock and checks the request on the wire and the value returned.
func TestOperations(t *testing.T) {
	for _, tc := range wireCases() {
		t.Run(tc.op+" "+tc.method+" "+tc.path, func(t *testing.T) {
			runWireCase(t, tc)
		})
	}
}

// runWireCase runs tc on a fresh fixture and returns the request seen.
func runWireCase(t *testing.T, tc wireCase) seen {
	t.Helper()
	f := setup(t)
	if tc.before != nil {
		tc.before(f)
	}
	rec := f.on(tc.method, tc.path, respondJSON(tc.status, tc.respBody))
	got, err := tc.call(context.Background(), f.client)
	noErr(t, err, tc.op)
	suite.recordValue(got)
	if tc.want != nil {
		if diff := cmp.Diff(tc.want, got, cmpModels); diff != "" {
			t.Errorf("%s returned (-want +got):\n%s", tc.op, diff)
		}
	}
	reqs := rec.seen()
	if len(reqs) != 1 {
		t.Fatalf("%s %s received %d requests, want 1", tc.method, tc.path, len(reqs))
	}
	checkRequest(t, tc, reqs[0])
	return reqs[0]
}

func checkRequest(t *testing.T, tc wireCase, r seen) {
	t.Helper()
	if got, want := r.Auth, "JWT "+testJWT; got != want {
		t.Errorf("Authorization = %q, want %q", got, want)
	}
	if got, want := r.Operation, tc.op; got != want {
		t.Errorf("operation in context = %q, want %q", got, want)
	}
	wantQuery := tc.query
	if wantQuery == nil {
		wantQuery = url.Values{}
	}
	if diff := cmp.Diff(wantQuery, r.Query); diff != "" {
		t.Errorf("query mismatch (-want +got):\n%s", diff)
	}
	if tc.reqBody == "" {
		if len(r.Body) != 0 {
			t.Errorf("request body = %q, want none", r.Body)
		}
		return
	}
	jsonEqual(t, r.Body, tc.reqBody, "request body")
}

// TestFilterIsOneQueryValue checks that a filter with spaces, a comma and
// a pipe reaches the server intact as a single filters value.
func TestFilterIsOneQueryValue(t *testing.T) {
	f := setup(t)
	rec := f.on(http.MethodGet, "/v1/contact", respondJSON(200, `[]`))
	filter := query.And(query.Eq("name", "Test List"), query.Eq("properties.firstname", "John", "john"))
	p, err := f.client.Contacts.List(&ListOptions{Filter: filter})
	noErr(t, err, "List")
	_, err = p.Collect(context.Background())
	noErr(t, err, "Collect")
	got := rec.seen()[0].Query["filters"]
	want := []string{"name = Test List,properties.firstname = John|john"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("filters values (-want +got):\n%s", diff)
	}
}
