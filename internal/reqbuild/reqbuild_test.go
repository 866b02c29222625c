package reqbuild

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// upstreamURL is what oapi-codegen's request builders compute.
func upstreamURL(server, operationPath string) (*url.URL, error) {
	serverURL, err := url.Parse(server)
	if err != nil {
		return nil, err
	}
	if operationPath[0] == '/' {
		operationPath = "." + operationPath
	}
	return serverURL.Parse(operationPath)
}

// checkSame fails unless URL gives what upstream does, field by field.
func checkSame(t *testing.T, server, operationPath string) {
	t.Helper()
	want, wantErr := upstreamURL(server, operationPath)
	got, err := URL(server, operationPath)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("URL(%q, %q) error = %v, want %v", server, operationPath, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Errorf("URL(%q, %q) = %#v, want %#v", server, operationPath, got, want)
	}
}

var seeds = []struct{ server, path string }{
	{"https://api.leadfox.co/", "/v1/contact/5f0c8a3b9d1e2a0012345678"},
	{"https://api.leadfox.co", "/v1/contact"},
	{"https://api.leadfox.co/api/", "/v1/contact/a%2Fb"},
	{"https://api.leadfox.co/api", "/v1/contact/x"},
	{"http://user:pw@127.0.0.1:8080/root/?q=1#f", "/v1/list/%C3%A9t%C3%A9"},
	{"http://[::1]:/", "/v1/contact/.."},
	{"http://h//double/", "/v1/x"},
	{"http://h/a/../b/", "/v1/x"},
	{"http://h/", "/v1/x?y=1"},
	{"http://h/", "/v1/x#y"},
	{"http://h/", "/v1/x/."},
	{"http://h/", "/v1/a b"},
	{"http://h/%2F/", "/v1/x%zz"},
	{"mailto:x@y", "/v1/x"},
	{"::bad", "/v1/x"},
}

func TestURLAsUpstream(t *testing.T) {
	for _, s := range seeds {
		checkSame(t, s.server, s.path)
	}
}

// FuzzURL checks that URL and oapi-codegen's builders agree on every
// server and operation path.
func FuzzURL(f *testing.F) {
	for _, s := range seeds {
		f.Add(s.server, s.path)
	}
	f.Fuzz(func(t *testing.T, server, operationPath string) {
		if operationPath == "" {
			return // the builders' paths come from the spec: never empty
		}
		checkSame(t, server, operationPath)
	})
}

// TestURLParsesOnce: the builders parsed the server, the relative path
// and the URL's text again for the request; a GET's URL now costs the
// server's parse and the path.
func TestURLParsesOnce(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		u, err := URL("https://api.leadfox.co/", "/v1/contact/5f0c8a3b9d1e2a0012345678")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := NewRequest(http.MethodGet, u, nil); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 5 {
		t.Errorf("URL and NewRequest make %v allocations, want at most 5", allocs)
	}
}

// TestNewRequestAsUpstream compares NewRequest with http.NewRequest of
// the URL's text.
func TestNewRequestAsUpstream(t *testing.T) {
	for _, s := range []string{"https://api.leadfox.co/v1/contact/x", "http://[::1]:/v1/x", "http://h:80/v1/a%2Fb?q=1"} {
		u, _ := url.Parse(s)
		body := "{}"
		got, err := NewRequest(http.MethodPost, u, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		want, err := http.NewRequest(http.MethodPost, u.String(), strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if got.Host != want.Host || !reflect.DeepEqual(got.URL, want.URL) || got.ContentLength != want.ContentLength ||
			got.GetBody == nil || got.Method != want.Method || !reflect.DeepEqual(got.Header, want.Header) {
			t.Errorf("NewRequest(%q) = %+v, want %+v", s, got, want)
		}
	}
	if _, err := NewRequest("BAD METHOD", &url.URL{}, nil); err == nil {
		t.Error("NewRequest accepted an invalid method")
	}
}
