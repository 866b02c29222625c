package facade

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/query"
)

const (
	smsCampaignJSON     = `{"_id":"` + campaignID + `","name":"SMS","type":3,"emails":[{"email":"` + emailID + `"}],"lists":[{"list":null}]}`
	untypedCampaignJSON = `{"_id":"` + campaignID + `","name":"?","emails":[{"email":"` + emailID + `"}],"lists":[{"list":null}]}`
)

// writes counts the write requests that reached any campaign.
func (f *fixture) campaignWrites() int {
	return f.calls(http.MethodPut, "/v1/campaign") + f.calls(http.MethodPost, "/v1/campaign") +
		f.calls(http.MethodDelete, "/v1/campaign")
}

// TestGuardNoWriteReachesOtherTypes proves that no write request reaches
// a campaign of another type than 2, or one without a type, whatever the
// write.
func TestGuardNoWriteReachesOtherTypes(t *testing.T) {
	future := testNow.Add(time.Hour)
	writes := []struct {
		name string
		call func(ctx context.Context, c *Client) (*Campaign, error)
	}{
		{"Update", func(ctx context.Context, c *Client) (*Campaign, error) {
			return c.Campaigns.Update(ctx, campaignID, &CampaignUpdate{Name: Ptr("x")})
		}},
		{"Schedule", func(ctx context.Context, c *Client) (*Campaign, error) {
			return c.Campaigns.Schedule(ctx, campaignID, future)
		}},
		{"Send", func(ctx context.Context, c *Client) (*Campaign, error) {
			return c.Campaigns.Send(ctx, campaignID)
		}},
	}
	stored := map[string]string{"type 3": smsCampaignJSON, "no type": untypedCampaignJSON}
	for kind, stored := range stored {
		for _, w := range writes {
			t.Run(w.name+" "+kind, func(t *testing.T) {
				f := setup(t)
				get := f.on(http.MethodGet, "/v1/campaign/"+campaignID, respondJSON(200, stored))
				f.on(http.MethodPut, "/v1/campaign/"+campaignID, respondJSON(200, stored))
				got, err := w.call(context.Background(), f.client)
				wantErr(t, err, ErrUnsupportedCampaignType, w.name)
				if got != nil {
					t.Errorf("%s returned %+v, want nil", w.name, got)
				}
				if n := len(get.seen()); n != 1 {
					t.Errorf("GETs = %d, want 1", n)
				}
				if n := f.campaignWrites(); n != 0 {
					t.Errorf("writes reaching the campaign = %d, want 0", n)
				}
			})
		}
	}
}

func TestGuardGet(t *testing.T) {
	f := setup(t)
	f.on(http.MethodGet, "/v1/campaign/"+campaignID, respondJSON(200, smsCampaignJSON))
	got, err := f.client.Campaigns.Get(context.Background(), campaignID)
	wantErr(t, err, ErrUnsupportedCampaignType, "Get")
	if got != nil {
		t.Errorf("Get = %+v, want nil", got)
	}
	if msg := err.Error(); !strings.Contains(msg, "type 3") || !strings.Contains(msg, campaignID) {
		t.Errorf("error %q does not name the campaign and its type", msg)
	}
}

// TestGuardCreate checks that Create sends type 2 whatever the caller left
// in Type, and sends nothing for another type.
func TestGuardCreate(t *testing.T) {
	for _, typ := range []int{1, 3, 4, -2} {
		f := setup(t)
		_, err := f.client.Campaigns.Create(context.Background(), &CampaignCreate{Name: "x", FolderID: folderID, Type: campaignType(typ)})
		wantErr(t, err, ErrUnsupportedCampaignType, "Create")
		if n := f.mock.GetTotalCallCount(); n != 0 {
			t.Errorf("type %d: requests = %d, want 0", typ, n)
		}
	}
	for _, typ := range []int{0, 2} {
		f := setup(t)
		rec := f.on(http.MethodPost, "/v1/campaign", respondJSON(200, campaignJSON))
		in := &CampaignCreate{Name: "Spring", FolderID: folderID, Type: campaignType(typ), Emails: []EmailVariant{{EmailID: emailID}}}
		_, err := f.client.Campaigns.Create(context.Background(), in)
		noErr(t, err, "Create")
		jsonEqual(t, rec.seen()[0].Body, `{"name":"Spring","folder":"`+folderID+`","type":2,"emails":[{"email":"`+emailID+`"}]}`, "create body")
		if int(in.Type) != typ {
			t.Errorf("Create changed the caller's Type to %d", in.Type)
		}
	}
}

// TestGuardList checks that List asks for type 2, keeps type in a
// projection, and never yields a campaign of another type.
// withID returns the JSON of a resource with campaignID as its _id,
// with id in its place.
func withID(resource, id string) string {
	return strings.Replace(resource, `"_id":"`+campaignID+`"`, `"_id":"`+id+`"`, 1)
}

func TestGuardList(t *testing.T) {
	f := setup(t)
	rec := f.on(http.MethodGet, "/v1/campaign",
		respondJSON(200, "["+campaignJSON+","+withID(campaignJSON, "5f0c8a3b9d1e2a00123456c1")+"]"),
		respondJSON(200, "["+withID(campaignJSON, "5f0c8a3b9d1e2a00123456c2")+","+withID(smsCampaignJSON, "5f0c8a3b9d1e2a00123456c3")+"]"))
	p, err := f.client.Campaigns.List(&ListOptions{Filter: query.And(query.Eq("name", "Spring")), Fields: query.Select("name"), PageSize: 2})
	noErr(t, err, "List")
	var yielded []Campaign
	var walkErr error
	for c, err := range p.All(context.Background()) {
		if err != nil {
			walkErr = err
			break
		}
		yielded = append(yielded, c)
	}
	wantErr(t, walkErr, ErrUnsupportedCampaignType, "All")
	for _, c := range yielded {
		if c.Type == nil || *c.Type != 2 {
			t.Errorf("List yielded a campaign of type %v", c.Type)
		}
	}
	if len(yielded) != 2 {
		t.Errorf("yielded %d campaigns before the error, want 2", len(yielded))
	}
	q := rec.seen()[0].Query
	if got, want := q.Get("filters"), "name = Spring,type = 2"; got != want {
		t.Errorf("filters = %q, want %q", got, want)
	}
	if got, want := q.Get("fields"), "name,type"; got != want {
		t.Errorf("fields = %q, want %q", got, want)
	}
}

func TestScheduleRejectsPastStart(t *testing.T) {
	now := testNow
	for _, start := range []time.Time{now, now.Add(-time.Second), {}} {
		f := setup(t)
		_, err := f.client.Campaigns.Schedule(context.Background(), campaignID, start)
		wantErr(t, err, ErrInvalidArgument, "Schedule")
		if !strings.Contains(err.Error(), "start") || !strings.Contains(err.Error(), "future") {
			t.Errorf("error %q does not say start is not in the future", err)
		}
		if n := f.mock.GetTotalCallCount(); n != 0 {
			t.Errorf("requests = %d, want 0", n)
		}
	}
}

func TestSendRequiresEmailAndList(t *testing.T) {
	tests := []struct {
		name, stored, want string
	}{
		{"no email", `{"_id":"` + campaignID + `","type":2,"lists":[{"list":null}]}`, "no email"},
		{"empty emails", `{"_id":"` + campaignID + `","type":2,"emails":[],"lists":[{"list":null}]}`, "no email"},
		{"no list", `{"_id":"` + campaignID + `","type":2,"emails":[{"email":"` + emailID + `"}]}`, "no target list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			f.on(http.MethodGet, "/v1/campaign/"+campaignID, respondJSON(200, tt.stored))
			f.on(http.MethodPut, "/v1/campaign/"+campaignID, respondJSON(200, tt.stored))
			_, err := f.client.Campaigns.Send(context.Background(), campaignID)
			wantErr(t, err, ErrCampaignNotReady, "Send")
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			if n := f.campaignWrites(); n != 0 {
				t.Errorf("writes = %d, want 0", n)
			}
		})
	}
}

// TestGuardReadErrorStopsWrite checks that a failed guard read (404)
// stops the write and is returned as it is.
func TestGuardReadErrorStopsWrite(t *testing.T) {
	f := setup(t)
	f.on(http.MethodGet, "/v1/campaign/"+campaignID, respondJSON(404, `{"error":"no such campaign"}`))
	_, err := f.client.Campaigns.Update(context.Background(), campaignID, &CampaignUpdate{Name: Ptr("x")})
	wantErr(t, err, ErrNotFound, "Update")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Message != "no such campaign" {
		t.Errorf("error = %v, want the APIError of the read", err)
	}
	if n := f.campaignWrites(); n != 0 {
		t.Errorf("writes = %d, want 0", n)
	}
}

// TestSendMovesAFutureStartToNow: Send on a scheduled campaign makes it
// go out now, in one write of status "a" and start now.
func TestSendMovesAFutureStartToNow(t *testing.T) {
	f := setup(t)
	now := f.clock.Now()
	scheduled := `{"_id":"` + campaignID + `","type":2,"status":"a","start":"` + now.Add(time.Hour).Format(time.RFC3339) +
		`","emails":[{"email":"` + emailID + `"}],"lists":[{"list":null}]}`
	f.on(http.MethodGet, "/v1/campaign/"+campaignID, respondJSON(200, scheduled))
	put := f.on(http.MethodPut, "/v1/campaign/"+campaignID, respondJSON(200, activeCampaignJSON))
	_, err := f.client.Campaigns.Send(context.Background(), campaignID)
	noErr(t, err, "Send")
	jsonEqual(t, put.seen()[0].Body, `{"status":"a","start":"`+now.Format(time.RFC3339)+`"}`, "Send body")
}

// TestUnschedule: a scheduled campaign goes back to draft in one write;
// a sent one is refused and a draft left alone, with no write.
func TestUnschedule(t *testing.T) {
	now := testNow
	campaign := func(status string, start time.Time) string {
		return `{"_id":"` + campaignID + `","type":2,"status":"` + status + `","start":"` + start.Format(time.RFC3339) + `"}`
	}
	tests := []struct {
		name, stored string
		wantErr      error
		wantBody     string // "" for no write
	}{
		{"scheduled", campaign("a", now.Add(time.Hour)), nil, `{"status":"d"}`},
		{"sent", campaign("a", now.Add(-time.Hour)), ErrCampaignSent, ""},
		{"sent without start", `{"_id":"` + campaignID + `","type":2,"status":"a"}`, ErrCampaignSent, ""},
		{"draft", campaign("d", now.Add(time.Hour)), nil, ""},
		{"inactive", campaign("i", now.Add(time.Hour)), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			f.on(http.MethodGet, "/v1/campaign/"+campaignID, respondJSON(200, tt.stored))
			put := f.on(http.MethodPut, "/v1/campaign/"+campaignID, respondJSON(200, campaignJSON))
			_, err := f.client.Campaigns.Unschedule(context.Background(), campaignID)
			if tt.wantErr != nil {
				wantErr(t, err, tt.wantErr, "Unschedule")
			} else {
				noErr(t, err, "Unschedule")
			}
			switch writes := put.seen(); {
			case tt.wantBody == "" && len(writes) != 0:
				t.Errorf("writes = %d, want 0", len(writes))
			case tt.wantBody != "" && len(writes) != 1:
				t.Errorf("writes = %d, want 1", len(writes))
			case tt.wantBody != "":
				jsonEqual(t, writes[0].Body, tt.wantBody, "Unschedule body")
			}
		})
	}
}

// TestScheduleRequiresEmailAndList: Schedule makes the checks Send makes.
func TestScheduleRequiresEmailAndList(t *testing.T) {
	f := setup(t)
	stored := `{"_id":"` + campaignID + `","type":2,"lists":[{"list":null}]}`
	f.on(http.MethodGet, "/v1/campaign/"+campaignID, respondJSON(200, stored))
	_, err := f.client.Campaigns.Schedule(context.Background(), campaignID, f.clock.Now().Add(time.Hour))
	wantErr(t, err, ErrCampaignNotReady, "Schedule")
	if n := f.campaignWrites(); n != 0 {
		t.Errorf("writes = %d, want 0", n)
	}
}
