package tests

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/pager"
	"github.com/leadfox-go/leadfox/query"
)

// refs are the resources the method cases work on, and the start they
// schedule a campaign at.
type refs struct {
	campaign, contact, email, folder, list, mailing, property string
	start                                                     time.Time
}

// mockRefs are the refs of the mocked API, whose clients live at mockNow.
var mockRefs = refs{
	campaign: campaignID, contact: contactID, email: emailID, folder: folderID,
	list: listID, mailing: mailingID, property: propertyID,
	start: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC),
}

// methodCase is one call of a facade method, and the request of operation
// op it must send when called on mockRefs.
type methodCase struct {
	name string // the method, as a user calls it
	op   string // the operationId of openapi.yaml
	call func(ctx context.Context, c *facade.Client, r refs) error
	want wireRequest
}

// wantGet is the wire form of a GET of path with a raw query.
func wantGet(path, rawQuery string) wireRequest {
	return wireRequest{Method: "GET", Path: path, RawQuery: rawQuery,
		Authorization: "JWT " + mockJWT, UserAgent: wantUserAgent}
}

// wantBare is the wire form of a request without a body or query.
func wantBare(method, path string) wireRequest {
	return wireRequest{Method: method, Path: path, Authorization: "JWT " + mockJWT, UserAgent: wantUserAgent}
}

// wantJSON is the wire form of a request with a JSON body.
func wantJSON(method, path, body string) wireRequest {
	return wireRequest{Method: method, Path: path, Authorization: "JWT " + mockJWT,
		ContentType: "application/json", UserAgent: wantUserAgent, Body: decodeJSON([]byte(body))}
}

// wantAuth is the auth exchange on the wire: the credentials in a JSON
// body, no Authorization header.
var wantAuth = wireRequest{Op: "authenticate", Method: "POST", Path: "/v1/auth",
	ContentType: "application/json", Accept: "application/json", UserAgent: wantUserAgent,
	Body: map[string]any{"apikey": mockAPIKey, "secret": mockSecret}}

// walk collects the pager p that a List method returned with err.
func walk[T any](ctx context.Context, p *pager.Pager[T], err error) error {
	if err != nil {
		return err
	}
	_, err = p.Collect(ctx)
	return err
}

// methodCases returns one case per facade method, in an order that also
// works on a server that keeps state: the fake.
func methodCases() []methodCase {
	return append(append(folderEmailListCases(), contactCases()...), campaignCases()...)
}

func folderEmailListCases() []methodCase {
	return []methodCase{
		{"Folders.Create", "createFolder", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Folders.Create(ctx, &facade.FolderCreate{Name: "Newsletters", Description: facade.Ptr("Monthly")})
			return err
		}, wantJSON("POST", "/v1/folder", `{"name":"Newsletters","description":"Monthly"}`)},
		{"Folders.Update", "updateFolder", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Folders.Update(ctx, r.folder, &facade.FolderUpdate{Name: facade.Ptr("Archive")})
			return err
		}, wantJSON("PUT", "/v1/folder/"+folderID, `{"name":"Archive"}`)},
		{"Folders.List", "listFolders", func(ctx context.Context, c *facade.Client, r refs) error {
			p, err := c.Folders.List(&facade.ListOptions{Sort: query.SortBy(query.Asc("name"))})
			return walk(ctx, p, err)
		}, wantGet("/v1/folder", "sort=name&limit=100")},
		{"Emails.Create", "createEmail", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Emails.Create(ctx, &facade.EmailCreate{Name: "Welcome", Description: facade.Ptr("d"),
				Subject: facade.Ptr("Hello"), PreHeader: facade.Ptr("Hi"), FromEmail: facade.Ptr("news@example.com"),
				FromName: facade.Ptr("News"), UnsubscribeText: facade.Ptr("Bye"), Editor: facade.Ptr(facade.EmailEditorBee),
				Body: facade.Ptr("<p>Hello</p>"), JSON: facade.Ptr(`{"page":{}}`)})
			return err
		}, wantJSON("POST", "/v1/email", `{"name":"Welcome","description":"d","subject":"Hello","preheader":"Hi",
			"fromemail":"news@example.com","fromname":"News","unsubscribetext":"Bye","editor":"bee",
			"body":"<p>Hello</p>","json":"{\"page\":{}}"}`)},
		{"Emails.Get", "getEmail", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Emails.Get(ctx, r.email)
			return err
		}, wantBare("GET", "/v1/email/"+emailID)},
		{"Emails.Update", "updateEmail", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Emails.Update(ctx, r.email, &facade.EmailUpdate{Subject: facade.Ptr("Hi there")})
			return err
		}, wantJSON("PUT", "/v1/email/"+emailID, `{"subject":"Hi there"}`)},
		{"Emails.List", "listEmails", func(ctx context.Context, c *facade.Client, r refs) error {
			p, err := c.Emails.List(&facade.ListOptions{Fields: query.Select("name", "subject"), PageSize: 20})
			return walk(ctx, p, err)
		}, wantGet("/v1/email", "sort=_id&fields=name%2Csubject&limit=20")},
		{"Lists.Create", "createList", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Lists.Create(ctx, &facade.ListCreate{Name: "VIP", Description: facade.Ptr("Best customers")})
			return err
		}, wantJSON("POST", "/v1/list", `{"name":"VIP","description":"Best customers"}`)},
		{"Lists.Update", "updateList", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Lists.Update(ctx, r.list, &facade.ListUpdate{Description: facade.Ptr("Test contacts")})
			return err
		}, wantJSON("PUT", "/v1/list/"+listID, `{"description":"Test contacts"}`)},
		{"Lists.List", "listLists", func(ctx context.Context, c *facade.Client, r refs) error {
			p, err := c.Lists.List(&facade.ListOptions{Filter: query.And(query.Eq("name", "Test List"))})
			return walk(ctx, p, err)
		}, wantGet("/v1/list", "filters=name+%3D+Test+List&sort=_id&limit=100")},
		{"Properties.Create", "createProperty", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Properties.Create(ctx, &facade.PropertyCreate{Name: "Score", Shortcode: "score", Description: facade.Ptr("Lead score")})
			return err
		}, wantJSON("POST", "/v1/property", `{"name":"Score","shortcode":"score","description":"Lead score"}`)},
		{"Properties.Update", "updateProperty", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Properties.Update(ctx, r.property, &facade.PropertyUpdate{Name: facade.Ptr("Employer")})
			return err
		}, wantJSON("PUT", "/v1/property/"+propertyID, `{"name":"Employer"}`)},
		{"Properties.List", "listProperties", func(ctx context.Context, c *facade.Client, r refs) error {
			p, err := c.Properties.List(&facade.ListOptions{Offset: 5})
			return walk(ctx, p, err)
		}, wantGet("/v1/property", "skip=5&limit=100")},
		{"MailingLists.List", "listMailingLists", func(ctx context.Context, c *facade.Client, r refs) error {
			p, err := c.MailingLists.List(nil)
			return walk(ctx, p, err)
		}, wantGet("/v1/mailinglist", "sort=_id&limit=100")},
	}
}

func contactCases() []methodCase {
	since := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	return []methodCase{
		{"Contacts.Create", "createContact", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Contacts.Create(ctx, &facade.ContactCreate{Email: "grace@example.com",
				Properties: facade.ContactProperties{"firstname": "Grace", "company": "Acme Inc."}})
			return err
		}, wantJSON("POST", "/v1/contact", `{"email":"grace@example.com","properties":{"firstname":"Grace","company":"Acme Inc."}}`)},
		{"Contacts.Upsert", "upsertContact", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Contacts.Upsert(ctx, &facade.ContactCreate{Email: "ada@example.com",
				Properties: facade.ContactProperties{"lastname": "Lovelace"}})
			return err
		}, wantJSON("POST", "/v1/contact/upsert", `{"email":"ada@example.com","properties":{"lastname":"Lovelace"}}`)},
		{"Contacts.Get", "getContact", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Contacts.Get(ctx, r.contact)
			return err
		}, wantBare("GET", "/v1/contact/"+contactID)},
		{"Contacts.Update", "updateContact", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Contacts.Update(ctx, r.contact, &facade.ContactUpdate{Properties: facade.ContactProperties{"score": "042"}})
			return err
		}, wantJSON("PUT", "/v1/contact/"+contactID, `{"properties":{"score":"042"}}`)},
		{"Contacts.List", "listContacts", func(ctx context.Context, c *facade.Client, r refs) error {
			p, err := c.Contacts.List(&facade.ListOptions{
				Filter:   query.And(query.Eq("properties.company", "Acme Inc.", "ACME"), query.Ge("created", since)),
				Sort:     query.SortBy(query.Desc("created"), query.Asc("email")),
				Fields:   query.Select("email", "properties.company"),
				PageSize: 250, Prefetch: true,
			})
			return walk(ctx, p, err)
		}, wantGet("/v1/contact", "filters=properties.company+%3D+Acme+Inc.%7CACME%2Ccreated+%3E%3D+2025-01-01T00%3A00%3A00.000Z"+
			"&sort=-created%2Cemail&fields=email%2Cproperties.company&limit=250")},
		{"Lists.AddContact", "addContactToList", func(ctx context.Context, c *facade.Client, r refs) error {
			return c.Lists.AddContact(ctx, r.list, r.contact)
		}, wantBare("POST", "/v1/list/"+listID+"/contact/"+contactID)},
		{"Lists.Contacts", "listListContacts", func(ctx context.Context, c *facade.Client, r refs) error {
			p, err := c.Lists.Contacts(r.list, &facade.ListOptions{Filter: query.And(query.Exists("email", true)), Max: 10})
			return walk(ctx, p, err)
		}, wantGet("/v1/list/"+listID+"/contact", "filters=email+exists+true&sort=_id&limit=10")},
		{"Lists.RemoveContact", "removeContactFromList", func(ctx context.Context, c *facade.Client, r refs) error {
			return c.Lists.RemoveContact(ctx, r.list, r.contact)
		}, wantBare("DELETE", "/v1/list/"+listID+"/contact/"+contactID)},
	}
}

func campaignCases() []methodCase {
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	return []methodCase{
		{"Campaigns.Create", "createCampaign", func(ctx context.Context, c *facade.Client, r refs) error {
			target := facade.IncludeList(r.list)
			_, err := c.Campaigns.Create(ctx, &facade.CampaignCreate{Name: "Spring", Description: facade.Ptr("Spring sale"),
				FolderID: r.folder, Status: facade.Ptr(facade.CampaignDraft),
				Emails:             []facade.EmailVariant{{EmailID: r.email, Weight: facade.Ptr(100)}},
				Lists:              []facade.CampaignList{target},
				BatchConfiguration: facade.NoBatching(),
				MailingList: &facade.CampaignMailingList{MailingListID: facade.Ptr(r.mailing),
					StatusFilter: facade.Ptr(facade.StatusFilterOptedInOrUndecided), Language: facade.Ptr("en")}})
			return err
		}, wantJSON("POST", "/v1/campaign", `{"name":"Spring","description":"Spring sale","folder":"`+folderID+`","type":2,
			"status":"d","emails":[{"email":"`+emailID+`","weight":100}],"lists":[{"list":"`+listID+`"}],
			"batchConfiguration":{"type":"none"},"mailinglist":{"mailinglist":"`+mailingID+`","statusFilter":2,"language":"en"}}`)},
		{"Campaigns.Get", "getCampaign", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Campaigns.Get(ctx, r.campaign)
			return err
		}, wantBare("GET", "/v1/campaign/"+campaignID)},
		{"Campaigns.Update", "updateCampaign", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Campaigns.Update(ctx, r.campaign, &facade.CampaignUpdate{Name: facade.Ptr("Summer"),
				Lists: []facade.CampaignList{facade.AllContacts()}})
			return err
		}, wantJSON("PUT", "/v1/campaign/"+campaignID, `{"name":"Summer","lists":[{"list":null}]}`)},
		{"Campaigns.List", "listCampaigns", func(ctx context.Context, c *facade.Client, r refs) error {
			p, err := c.Campaigns.List(&facade.ListOptions{Filter: query.And(query.Eq("status", "d")), Fields: query.Select("name")})
			return walk(ctx, p, err)
		}, wantGet("/v1/campaign", "filters=status+%3D+d%2Ctype+%3D+2&sort=_id&fields=name%2Ctype&limit=100")},
		{"Campaigns.Schedule", "updateCampaign", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Campaigns.Schedule(ctx, r.campaign, r.start)
			return err
		}, wantJSON("PUT", "/v1/campaign/"+campaignID, `{"start":"2026-04-01T09:00:00Z","status":"a"}`)},
		{"Campaigns.Send", "updateCampaign", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Campaigns.Send(ctx, r.campaign)
			return err
		}, wantJSON("PUT", "/v1/campaign/"+campaignID, `{"status":"a"}`)},
		{"Metrics.Campaign", "getMetrics", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Metrics.Campaign(ctx, r.campaign, &facade.MetricsOptions{Compile: true, Start: from, End: to})
			return err
		}, wantGet("/v1/metric/campaign/"+campaignID, "compile=true&startdate=2026-01-01T00%3A00%3A00Z&enddate=2026-02-01T00%3A00%3A00Z")},
		{"Metrics.Email", "getMetrics", func(ctx context.Context, c *facade.Client, r refs) error {
			_, err := c.Metrics.Email(ctx, r.email, nil)
			return err
		}, wantBare("GET", "/v1/metric/target/"+emailID)},
		{"Contacts.Delete", "deleteContact", func(ctx context.Context, c *facade.Client, r refs) error {
			return c.Contacts.Delete(ctx, r.contact)
		}, wantBare("DELETE", "/v1/contact/"+contactID)},
	}
}

// TestWire calls each facade method on the mocked API and compares the
// request of its operation, and the auth exchange before it, with the
// exact request expected: method, path, raw query, headers and body. Then
// again with the first request of the operation answered 429, which every
// operation retries: the retry, sent by the transport chain above the
// mock, must be the very same request, and the auth exchange must not
// repeat.
func TestWire(t *testing.T) {
	for _, tc := range methodCases() {
		for _, retried := range []bool{false, true} {
			name := tc.name
			if retried {
				name += " after a 429"
			}
			t.Run(name, func(t *testing.T) {
				m := setupMock(t)
				want := tc.want
				want.Op = tc.op
				wants := []wireRequest{want}
				if retried {
					m.failFirst = http.StatusTooManyRequests
					wants = append(wants, want)
				}
				noErr(t, tc.call(t.Context(), m.client, mockRefs), tc.name)
				if diff := cmp.Diff(wants, m.requests(tc.op)); diff != "" {
					t.Errorf("%s: requests of %s (-want +got):\n%s", tc.name, tc.op, diff)
				}
				if diff := cmp.Diff([]wireRequest{wantAuth}, m.requests("authenticate")); diff != "" {
					t.Errorf("%s: auth exchanges (-want +got):\n%s", tc.name, diff)
				}
				m.spec.checkConforms(t)
			})
		}
	}
}

// TestFilterEncoding checks that a filter with spaces, dots, commas (AND)
// and pipes (OR) arrives as exactly one filters value, every parameter
// percent-encoded as url.QueryEscape (and so url.Values) encodes it, in
// the order openapi.yaml declares the parameters.
func TestFilterEncoding(t *testing.T) {
	tests := []struct {
		name   string
		opts   facade.ListOptions
		params [][2]string // name, value: the query expected, in order
	}{
		{
			name: "spaces dots and an OR",
			opts: facade.ListOptions{
				Filter: query.And(query.Eq("name", "Test List"), query.Eq("properties.company", "Acme Inc.", "ACME")),
				Sort:   query.SortBy(query.Desc("created"), query.Asc("properties.company")),
				Fields: query.Select("email", "properties.company"),
			},
			params: [][2]string{
				{"filters", "name = Test List,properties.company = Acme Inc.|ACME"},
				{"sort", "-created,properties.company"},
				{"fields", "email,properties.company"},
				{"limit", "100"},
			},
		},
		{
			name: "characters that mean something in a query",
			opts: facade.ListOptions{
				Filter:   query.And(query.Eq("properties.company", "R&D+Co = 100% ?#"), query.Ne("properties.city", "Zürich")),
				PageSize: 7, Offset: 3,
			},
			params: [][2]string{
				{"filters", "properties.company = R&D+Co = 100% ?#,properties.city != Zürich"},
				{"skip", "3"},
				{"limit", "7"},
			},
		},
		{
			name: "a date, an exists and a comparison",
			opts: facade.ListOptions{
				Filter: query.And(query.Lt("created", time.Date(2025, 6, 30, 23, 59, 59, 0, time.UTC)),
					query.Exists("email", true), query.Gt("properties.score", "050")),
			},
			params: [][2]string{
				{"filters", "created < 2025-06-30T23:59:59.000Z,email exists true,properties.score > 050"},
				{"sort", "_id"}, // no Sort and no Offset: a keyset walk
				{"limit", "100"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := setupMock(t)
			p, err := m.client.Contacts.List(&tt.opts)
			noErr(t, walk(t.Context(), p, err), "Contacts.List")
			reqs := m.requests("listContacts")
			if len(reqs) != 1 {
				t.Fatalf("got %d listContacts requests, want 1", len(reqs))
			}
			raw := reqs[0].RawQuery
			if got, want := raw, encodeInOrder(tt.params); got != want {
				t.Errorf("raw query =\n\t%s\nwant\n\t%s", got, want)
			}
			parsed, err := url.ParseQuery(raw)
			noErr(t, err, "ParseQuery")
			if got, want := parsed["filters"], []string{tt.params[0][1]}; !cmp.Equal(got, want) {
				t.Errorf("filters values = %q, want exactly %q", got, want)
			}
		})
	}
}

// encodeInOrder encodes params as url.Values.Encode does each of them,
// keeping their order.
func encodeInOrder(params [][2]string) string {
	parts := make([]string, len(params))
	for i, p := range params {
		parts[i] = url.Values{p[0]: {p[1]}}.Encode()
	}
	return strings.Join(parts, "&")
}
