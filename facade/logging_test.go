package facade

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jarcoal/httpmock"
)

// TestLogRecords checks one debug record per attempt and one warn record
// per retry, with the fields they promise and nothing else.
func TestLogRecords(t *testing.T) {
	f := setup(t)
	f.on(http.MethodPut, "/v1/contact/"+contactID,
		respondJSON(503, `{"error":"busy"}`), httpmock.NewErrorResponder(connRefused), respondJSON(200, contactJSON))
	_, err := f.client.Contacts.Update(context.Background(), contactID, &ContactUpdate{Properties: ContactProperties{"firstname": "Ada"}})
	noErr(t, err, "Update")

	ignoreDuration := cmpopts.IgnoreMapEntries(func(k string, _ any) bool { return k == "duration" })
	attempt := func(n int, status int64) map[string]any {
		return map[string]any{"level": "DEBUG", "method": "PUT", "path": "/v1/contact/" + contactID,
			"operation": "updateContact", "status": status, "attempt": int64(n)}
	}
	wantAttempts := []map[string]any{attempt(1, 503), attempt(2, 0), attempt(3, 200)}
	wantAttempts[1]["error"] = connRefused.Error()
	gotAttempts := withoutExchange(f.logs.ByMessage("leadfox: attempt"))
	if diff := cmp.Diff(wantAttempts, gotAttempts, ignoreDuration); diff != "" {
		t.Errorf("attempt records (-want +got):\n%s", diff)
	}
	retry := func(n int, wait time.Duration, reason string) map[string]any {
		return map[string]any{"level": "WARN", "method": "PUT", "path": "/v1/contact/" + contactID,
			"operation": "updateContact", "attempt": int64(n), "wait": wait, "reason": reason}
	}
	wantRetries := []map[string]any{retry(2, time.Second, "Service Unavailable"), retry(3, 2*time.Second, "transport error")}
	if diff := cmp.Diff(wantRetries, f.logs.ByMessage("leadfox: retrying")); diff != "" {
		t.Errorf("retry records (-want +got):\n%s", diff)
	}
}

// withoutExchange drops the records of the auth exchange.
func withoutExchange(records []map[string]any) []map[string]any {
	var out []map[string]any
	for _, r := range records {
		if r["path"] != "/v1/auth" {
			out = append(out, r)
		}
	}
	return out
}

// TestLogExchange checks that the exchange is logged like any request,
// as the authenticate operation whatever call needed the token.
func TestLogExchange(t *testing.T) {
	f := setup(t)
	f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(200, contactJSON))
	_, err := f.client.Contacts.Get(context.Background(), contactID)
	noErr(t, err, "Get")
	var exchange []map[string]any
	for _, r := range f.logs.ByMessage("leadfox: attempt") {
		if r["path"] == "/v1/auth" {
			delete(r, "duration")
			exchange = append(exchange, r)
		}
	}
	want := []map[string]any{{"level": "DEBUG", "method": "POST", "path": "/v1/auth", "operation": "authenticate", "status": int64(200), "attempt": int64(1)}}
	if diff := cmp.Diff(want, exchange); diff != "" {
		t.Errorf("exchange records (-want +got):\n%s", diff)
	}
}

func TestNilLoggerLogsNothing(t *testing.T) {
	f := setup(t, WithLogger(nil))
	f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(503, ``), respondJSON(200, contactJSON))
	_, err := f.client.Contacts.Get(context.Background(), contactID)
	noErr(t, err, "Get")
	if n := len(f.logs.ByMessage("leadfox: attempt")) + len(f.logs.ByMessage("leadfox: retrying")); n != 0 {
		t.Errorf("records = %d, want 0", n)
	}
}

// TestSecretScanFindsLeaks makes sure the suite-wide scan in TestMain can
// fail: it must spot each credential.
func TestSecretScanFindsLeaks(t *testing.T) {
	for _, leak := range []string{testAPIKey, testSecret, testJWT, "Authorization: JWT " + testJWT} {
		if findSecret("x "+leak+" y") == "" {
			t.Errorf("findSecret missed %q", leak)
		}
	}
	if got := findSecret("facade: GET /v1/contact: 404 Not Found"); got != "" {
		t.Errorf("findSecret found %q in a clean line", got)
	}
}
