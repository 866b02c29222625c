// Package baseurl holds the default API root URL, and checks and
// normalises the one that the [github.com/leadfox-go/leadfox/auth] and
// [github.com/leadfox-go/leadfox/facade] packages are configured with.
package baseurl

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Default is the root of the Leadfox REST API, the spec's production
// server. auth.DefaultBaseURL and facade.DefaultBaseURL are this value.
const Default = "https://rest.leadfox.co"

// Parse returns raw without its trailing slashes if it is an absolute http
// or https URL, as [url.Parse] reads it, with a host and no user
// information, query or fragment. A
// path prefix is kept: "http://host/prefix/" becomes "http://host/prefix".
// A final "/v1" is removed: every path of the API starts with /v1, so
// "https://rest.leadfox.co/v1", as the vendor prints the API's address,
// names the same root as "https://rest.leadfox.co" (kept, every request
// would go to /v1/v1/... and fail).
//
// The error never quotes what may be a credential pasted in the wrong
// place: it quotes nothing of a value that is not an http or https URL
// with a host, and of one that is, only its scheme and host.
func Parse(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse's error quotes raw whole.
		return "", fmt.Errorf("does not parse (%d bytes, not shown)", len(raw))
	}
	if err := check(u); err != nil {
		if u.Host == "" || u.Scheme != "http" && u.Scheme != "https" {
			return "", fmt.Errorf("(%d bytes, not shown) %w", len(raw), err)
		}
		shown := url.URL{Scheme: u.Scheme, Host: u.Host}
		return "", fmt.Errorf("%q %w", shown.String(), err)
	}
	root := strings.TrimRight(u.String(), "/")
	return strings.TrimSuffix(root, apiVersionPath), nil
}

// apiVersionPath is the first segment of every path of the API.
const apiVersionPath = "/v1"

func check(u *url.URL) error {
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return errors.New("scheme must be http or https")
	case u.Host == "":
		return errors.New("has no host")
	case u.User != nil:
		return errors.New("must not hold user information")
	case u.RawQuery != "" || u.ForceQuery:
		return errors.New("must not have a query")
	case u.Fragment != "":
		return errors.New("must not have a fragment")
	}
	return nil
}
