package baseurl

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/leadfox-go/leadfox/api"
)

// TestDefaultIsTheSpecServer checks that Default is the first server of
// the effective spec, read as data (YAML or JSON, any layout), so that a
// vendor's move of the API shows up here.
func TestDefaultIsTheSpecServer(t *testing.T) {
	var spec struct {
		Servers []struct {
			URL string `yaml:"url"`
		} `yaml:"servers"`
	}
	if err := yaml.Unmarshal(api.Spec(), &spec); err != nil {
		t.Fatal(err)
	}
	if len(spec.Servers) == 0 {
		t.Fatal("the effective spec has no servers list")
	}
	if got, want := Default, spec.Servers[0].URL; got != want {
		t.Errorf("Default = %q, want the spec's server %q", got, want)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		raw, want, wantErr string
	}{
		{raw: "https://rest.leadfox.co", want: "https://rest.leadfox.co"},
		{raw: "https://rest.leadfox.co/", want: "https://rest.leadfox.co"},
		{raw: "http://127.0.0.1:8080/prefix//", want: "http://127.0.0.1:8080/prefix"},
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
			got, err := Parse(tt.raw)
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
