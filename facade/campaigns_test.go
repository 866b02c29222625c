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
	future := newFakeClock().Now().Add(time.Hour)
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
		in := &CampaignCreate{Name: "Spring", FolderID: folderID, Type: campaignType(typ)}
		_, err := f.client.Campaigns.Create(context.Background(), in)
		noErr(t, err, "Create")
		jsonEqual(t, rec.seen()[0].Body, `{"name":"Spring","folder":"`+folderID+`","type":2}`, "create body")
		if int(in.Type) != typ {
			t.Errorf("Create changed the caller's Type to %d", in.Type)
		}
	}
}

// TestGuardList checks that List asks for type 2, keeps type in a
// projection, and never yields a campaign of another type.
func TestGuardList(t *testing.T) {
	f := setup(t)
	rec := f.on(http.MethodGet, "/v1/campaign",
		respondJSON(200, "["+campaignJSON+","+campaignJSON+"]"),
		respondJSON(200, "["+campaignJSON+","+smsCampaignJSON+"]"))
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
	now := newFakeClock().Now()
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
