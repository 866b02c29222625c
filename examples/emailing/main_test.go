package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// TestRunAgainstFake runs the whole flow on the embedded fake server, as
// `go run ./examples/emailing` does with nothing in the environment, and
// checks every step's line in order.
func TestRunAgainstFake(t *testing.T) {
	var out bytes.Buffer
	noEnv := func(string) string { return "" }
	if err := run(context.Background(), &out, noEnv); err != nil {
		t.Fatalf("run: %v\noutput so far:\n%s", err, out.String())
	}
	const id = `[0-9a-f]{24}`
	want := []string{
		`^api: http://127\.0\.0\.1:\d+ \(embedded fake server; .*\)$`,
		`^folder: ` + id + `$`,
		`^email design: ` + id + `$`,
		`^list: ` + id + `$`,
		`^contact ada@example\.com: ` + id + `$`,
		`^contact grace@example\.com: ` + id + `$`,
		`^contact edsger@example\.com: ` + id + `$`,
		`^added contact ` + id + ` to list ` + id + `$`,
		`^added contact ` + id + ` to list ` + id + `$`,
		`^added contact ` + id + ` to list ` + id + `$`,
		`^campaign: ` + id + ` \(status d\)$`,
		`^scheduled campaign ` + id + ` to go out at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(status a\)$`,
		`^unscheduled campaign ` + id + `: back to draft \(status d\)$`,
		`^sent campaign ` + id + ` now \(status a, start \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\)$`,
		`^metrics of campaign ` + id + `: sent 3, `,
		`^metrics of email design ` + id + `: sent 3, `,
	}
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), out.String())
	}
	for i, pattern := range want {
		if !regexp.MustCompile(pattern).MatchString(got[i]) {
			t.Errorf("line %d = %q, want a match for %s", i+1, got[i], pattern)
		}
	}
}

// TestRunReportsTheFailingStep points the example at a server that is not
// there: it must fail with an error naming the step, not hang or panic.
func TestRunReportsTheFailingStep(t *testing.T) {
	env := map[string]string{
		"LEADFOX_APIKEY":   "apikey-7f3a9c",
		"LEADFOX_SECRET":   "secret-1d8e42",
		"LEADFOX_BASE_URL": "http://127.0.0.1:1",
	}
	var out bytes.Buffer
	err := run(context.Background(), &out, func(k string) string { return env[k] })
	if err == nil {
		t.Fatalf("run against a closed port succeeded; output:\n%s", out.String())
	}
	if !strings.HasPrefix(err.Error(), "create folder: ") {
		t.Errorf("error = %q, want it to start with the failing step %q", err, "create folder: ")
	}
	for _, secret := range []string{env["LEADFOX_APIKEY"], env["LEADFOX_SECRET"]} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q shows the credential %q", err, secret)
		}
	}
}

// TestRunRefusesACreatedFolderWithNoID mounts the fake behind a handler
// that answers the folder creation with no _id: the flow must stop with
// an error naming the step, not panic or carry an empty id on.
func TestRunRefusesACreatedFolderWithNoID(t *testing.T) {
	srv := fake.NewHandler()
	defer srv.Close()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/v1/folder") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`{"name":"Newsletters"}`))
			return
		}
		srv.Handler().ServeHTTP(w, r)
	}))
	defer ts.Close()
	c, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(ts.URL))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = newFlow(c, &out, time.Now).run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "create folder: the created folder has no id") {
		t.Fatalf("run = %v, want the create folder step to fail for the missing id; output:\n%s", err, out.String())
	}
}
