package adversarial

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/facade"
)

// Ids of the campaigns the hostile servers below hand out.
const (
	campaignsChecked   = "5f0c8a3b9d1e2a00123456b1"
	campaignsUnchecked = "5f0c8a3b9d1e2a00123456b2"
	campaignsFolder    = "5f0c8a3b9d1e2a00123456c1"
	campaignsEmail     = "5f0c8a3b9d1e2a00123456d1"
)

// campaignsJSON is a campaign of type typ with id, ready to send.
func campaignsJSON(id string, typ int) string {
	return `{"_id":"` + id + `","name":"Spring","folder":"` + campaignsFolder + `","type":` +
		string(rune('0'+typ)) + `,"status":"d","emails":[{"email":"` + campaignsEmail + `","weight":100}],"lists":[{"list":null}]}`
}

// campaignsServer is a hostile server: handle answers every request but
// POST /v1/auth, which answers a token. It records each request as
// "METHOD path".
type campaignsServer struct {
	mu   sync.Mutex
	seen []string
}

func (s *campaignsServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.seen...)
}

// campaignsStart starts a server answering with handle and returns a
// Client wired to it.
func campaignsStart(t *testing.T, handle func(w http.ResponseWriter, r *http.Request)) (*facade.Client, *campaignsServer) {
	t.Helper()
	rec := &campaignsServer{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		rec.mu.Lock()
		rec.seen = append(rec.seen, r.Method+" "+r.URL.Path)
		rec.mu.Unlock()
		if r.URL.Path == "/v1/auth" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"jwt":"opaque-token-123","mode":"apikey","client":"Acme","clientid":"c1"}`)
			return
		}
		handle(w, r)
	}))
	t.Cleanup(ts.Close)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	c, err := facade.New("campaigns-key", "campaigns-secret", facade.WithBaseURL(ts.URL),
		facade.WithTransport(base), facade.WithRetry(facade.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, rec
}

func campaignsWriteJSON(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, body)
}

// TestCampaignsWriteAnsweredWithOtherType: a server that answers a
// campaign write with a campaign of type 5 has made the write; the facade
// must not return that campaign as if it were an EmailCampaign, and must
// say the write was made.
func TestCampaignsWriteAnsweredWithOtherType(t *testing.T) {
	ctx := context.Background()
	writes := []struct {
		name string
		call func(c *facade.Client) (*facade.Campaign, error)
	}{
		{"Create", func(c *facade.Client) (*facade.Campaign, error) {
			return c.Campaigns.Create(ctx, &facade.CampaignCreate{
				Name: "Spring", FolderID: campaignsFolder,
				Emails: []facade.EmailVariant{{EmailID: campaignsEmail}},
			})
		}},
		{"Update", func(c *facade.Client) (*facade.Campaign, error) {
			return c.Campaigns.Update(ctx, campaignsChecked, &facade.CampaignUpdate{Name: facade.Ptr("Summer")})
		}},
	}
	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			c, _ := campaignsStart(t, func(rw http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodGet {
					campaignsWriteJSON(rw, campaignsJSON(campaignsChecked, 2))
					return
				}
				campaignsWriteJSON(rw, campaignsJSON(campaignsChecked, 5))
			})
			got, err := w.call(c)
			if !errors.Is(err, facade.ErrUnsupportedCampaignType) {
				t.Fatalf("%s answered with type 5: error = %v, want one matching ErrUnsupportedCampaignType", w.name, err)
			}
			if got != nil {
				t.Errorf("%s returned %+v, want nil", w.name, got)
			}
			if !strings.Contains(err.Error(), "write was made") {
				t.Errorf("error %q does not say that the write was made", err)
			}
		})
	}
}

// TestCampaignsRedirectedWriteNeverReachesUncheckedCampaign: the facade
// checks campaign A, then writes; a server that redirects the read or the
// write to campaign B (of type 5) must never get a write on B.
func TestCampaignsRedirectedWriteNeverReachesUncheckedCampaign(t *testing.T) {
	ctx := context.Background()
	future := time.Now().Add(24 * time.Hour)
	calls := map[string]func(c *facade.Client) (*facade.Campaign, error){
		"Update": func(c *facade.Client) (*facade.Campaign, error) {
			return c.Campaigns.Update(ctx, campaignsChecked, &facade.CampaignUpdate{Name: facade.Ptr("Summer")})
		},
		"Schedule": func(c *facade.Client) (*facade.Campaign, error) {
			return c.Campaigns.Schedule(ctx, campaignsChecked, future)
		},
		"Send": func(c *facade.Client) (*facade.Campaign, error) {
			return c.Campaigns.Send(ctx, campaignsChecked)
		},
	}
	redirects := map[string]func(r *http.Request) bool{
		"write": func(r *http.Request) bool { return r.Method == http.MethodPut },
		"read":  func(r *http.Request) bool { return r.Method == http.MethodGet },
	}
	for name, call := range calls {
		for which, redirect := range redirects {
			for _, status := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect, http.StatusFound} {
				t.Run(name+" "+which+" "+http.StatusText(status), func(t *testing.T) {
					c, rec := campaignsStart(t, func(w http.ResponseWriter, r *http.Request) {
						if strings.HasSuffix(r.URL.Path, campaignsChecked) && redirect(r) {
							http.Redirect(w, r, "/v1/campaign/"+campaignsUnchecked, status)
							return
						}
						id := campaignsChecked
						typ := 2
						if strings.HasSuffix(r.URL.Path, campaignsUnchecked) {
							id, typ = campaignsUnchecked, 2
							if r.Method != http.MethodGet {
								typ = 5
							}
						}
						campaignsWriteJSON(w, campaignsJSON(id, typ))
					})
					got, err := call(c)
					if err == nil {
						t.Errorf("%s with the %s redirected succeeded with %+v, want an error", name, which, got)
					}
					for _, r := range rec.requests() {
						if r == "PUT /v1/campaign/"+campaignsUnchecked || r == "POST /v1/campaign/"+campaignsUnchecked {
							t.Errorf("a write reached the unchecked campaign: %s (all: %v)", r, rec.requests())
						}
					}
					if which == "read" && err != nil && countPrefix(rec.requests(), "PUT ") > 0 {
						t.Errorf("the read was redirected to another campaign, yet a write was sent: %v", rec.requests())
					}
				})
			}
		}
	}
}

func countPrefix(ss []string, prefix string) int {
	n := 0
	for _, s := range ss {
		if strings.HasPrefix(s, prefix) {
			n++
		}
	}
	return n
}

// TestCampaignsScheduleRejectsUnencodableTimes: a start the API cannot
// be sent, or one that makes no sense, is refused before any request.
func TestCampaignsScheduleRejectsUnencodableTimes(t *testing.T) {
	times := map[string]time.Time{
		"year 10000":        time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		"year 9999 in +14h": time.Date(9999, 12, 31, 23, 0, 0, 0, time.FixedZone("far", -14*3600)),
		"before year 1":     time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		"zero":              {},
		"past":              time.Now().Add(-time.Hour),
		"max":               time.Unix(1<<62, 0),
	}
	for name, at := range times {
		t.Run(name, func(t *testing.T) {
			c, rec := campaignsStart(t, func(w http.ResponseWriter, r *http.Request) {
				campaignsWriteJSON(w, campaignsJSON(campaignsChecked, 2))
			})
			_, err := c.Campaigns.Schedule(context.Background(), campaignsChecked, at)
			if !errors.Is(err, facade.ErrInvalidArgument) {
				t.Errorf("Schedule(%v): error = %v, want one matching ErrInvalidArgument", at, err)
			}
			if n := len(rec.requests()); n != 0 {
				t.Errorf("Schedule(%v) sent %d requests, want 0: %v", at, n, rec.requests())
			}
		})
	}
}
