package baseurl_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/auth"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/baseurl"
)

// TestDefaultIsTheSpecServer checks that Default is the first server of
// openapi.yaml, so that a vendor's move of the API shows up here.
func TestDefaultIsTheSpecServer(t *testing.T) {
	spec, err := os.ReadFile("../../openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^servers:\n\s+- url: (\S+)`).FindSubmatch(spec)
	if m == nil {
		t.Fatal("openapi.yaml has no servers list")
	}
	if got, want := baseurl.Default, string(m[1]); got != want {
		t.Errorf("Default = %q, want the spec's server %q", got, want)
	}
	// The packages users read spell the value out, so that their docs show it.
	if facade.DefaultBaseURL != baseurl.Default || auth.DefaultBaseURL != baseurl.Default {
		t.Errorf("facade.DefaultBaseURL = %q, auth.DefaultBaseURL = %q, want %q", facade.DefaultBaseURL, auth.DefaultBaseURL, baseurl.Default)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		raw, want, wantErr string
	}{
		{raw: "https://rest.leadfox.co", want: "https://rest.leadfox.co"},
		{raw: "https://rest.leadfox.co/", want: "https://rest.leadfox.co"},
		{raw: "http://127.0.0.1:8080/prefix//", want: "http://127.0.0.1:8080/prefix"},
		{raw: "https://rest.leadfox.co/v1", want: "https://rest.leadfox.co"},
		{raw: "https://rest.leadfox.co/v1/", want: "https://rest.leadfox.co"},
		{raw: "http://127.0.0.1:8080/prefix/v1", want: "http://127.0.0.1:8080/prefix"},
		{raw: "https://rest.leadfox.co/v10", want: "https://rest.leadfox.co/v10"},
		{raw: "ftp://host", wantErr: "scheme must be http or https"},
		{raw: "rest.leadfox.co", wantErr: "scheme must be http or https"},
		{raw: "https://", wantErr: "has no host"},
		{raw: "https://user:hunter2@host", wantErr: "must not hold user information"},
		{raw: "https://host?clientid=1", wantErr: "must not have a query"},
		{raw: "https://host?", wantErr: "must not have a query"},
		{raw: "https://host#top", wantErr: "must not have a fragment"},
		{raw: "https://host:port:x/%zz", wantErr: "does not parse"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := baseurl.Parse(tt.raw)
			if tt.wantErr == "" {
				if err != nil || got != tt.want {
					t.Fatalf("Parse(%q) = %q, %v; want %q, nil", tt.raw, got, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Parse(%q) error = %v, want one containing %q", tt.raw, err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("Parse(%q) error %q shows the password", tt.raw, err)
			}
		})
	}
}
