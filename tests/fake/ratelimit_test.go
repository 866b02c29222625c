package fake_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/tests/fake"
)

func TestRateLimitAnswers429WhenTheBucketIsEmpty(t *testing.T) {
	clk := newClock()
	srv, c := setup(t, fake.WithClock(clk), fake.WithRateLimit(0.5, 2))
	for range 2 {
		wantStatus(t, c.send(http.MethodGet, "/v1/contact", nil, nil), http.StatusOK, "")
	}
	res := c.send(http.MethodGet, "/v1/contact", nil, nil)
	wantStatus(t, res, http.StatusTooManyRequests, "Too Many Requests")
	if got := res.header.Get("Retry-After"); got != "2" {
		t.Errorf("Retry-After = %q, want 2 (the seconds until the next token at 0.5/s)", got)
	}
	// The token exchange is not limited.
	c.authenticate(srv.APIKey(), srv.Secret())
	clk.Advance(2 * time.Second)
	wantStatus(t, c.send(http.MethodGet, "/v1/contact", nil, nil), http.StatusOK, "")
	if got := srv.RateLimited(); got != 1 {
		t.Errorf("RateLimited() = %d, want 1", got)
	}
}

func TestRateLimitRetryAfterOverride(t *testing.T) {
	for _, tc := range []struct {
		seconds int
		want    []string
	}{{0, []string{"0"}}, {3, []string{"3"}}, {-1, nil}} {
		_, c := setup(t, fake.WithRateLimit(0.001, 1), fake.WithRateLimitRetryAfter(tc.seconds))
		c.send(http.MethodGet, "/v1/contact", nil, nil)
		res := c.send(http.MethodGet, "/v1/contact", nil, nil)
		wantStatus(t, res, http.StatusTooManyRequests, "")
		if got := res.header.Values("Retry-After"); len(got) != len(tc.want) || (len(got) == 1 && got[0] != tc.want[0]) {
			t.Errorf("WithRateLimitRetryAfter(%d): Retry-After %q, want %q", tc.seconds, got, tc.want)
		}
	}
}

func TestRateLimitOptionPanicsOnBadValues(t *testing.T) {
	for _, tc := range []struct {
		rps   float64
		burst int
	}{{0, 1}, {-1, 1}, {1, 0}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("WithRateLimit(%v, %d) did not panic", tc.rps, tc.burst)
				}
			}()
			fake.WithRateLimit(tc.rps, tc.burst)
		}()
	}
}

// Upserts counts the upserts applied, by email; a refused one does not
// count.
func TestUpsertsCountsAppliedUpserts(t *testing.T) {
	srv, c := setup(t)
	body := doc{"email": "ada@example.com"}
	c.call(http.MethodPost, "/v1/contact/upsert", body)
	c.call(http.MethodPost, "/v1/contact/upsert", body)
	srv.Inject(fake.Fault{Path: "/v1/contact/upsert", Status: http.StatusTooManyRequests})
	wantStatus(t, c.send(http.MethodPost, "/v1/contact/upsert", body, nil), http.StatusTooManyRequests, "")
	wantStatus(t, c.send(http.MethodPost, "/v1/contact/upsert", doc{}, nil), http.StatusBadRequest, "email")
	if got := srv.Upserts("ada@example.com"); got != 2 {
		t.Errorf("Upserts = %d, want 2", got)
	}
	counts, total := srv.UpsertCounts()
	if total != 2 || len(counts) != 1 || counts["ada@example.com"] != 2 {
		t.Errorf("UpsertCounts() = %v, %d, want one email twice", counts, total)
	}
}
