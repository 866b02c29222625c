// Package reqbuild builds the requests of the generated client's request
// builders (api/templates/client.tmpl): an operation's URL with one parse
// of the server URL, and the request from that URL without parsing its
// text again. oapi-codegen's own builders parse three times per request.
package reqbuild

import (
	"io"
	"net/http"
	"net/url"
	"strings"
)

// URL returns the URL of the operation whose path is operationPath (its
// parameters escaped, such as "/v1/contact/abc") on server: exactly
// what oapi-codegen's builders compute, the server parsed, then the path
// resolved against it as a relative reference ("./v1/contact/abc"), so
// that a server whose path does not end in "/" loses its last segment,
// and the server's query and fragment are dropped. A path that the
// resolution would change (dot segments, a query, characters to escape)
// takes upstream's way; any other is joined to the server's without a
// second parse.
func URL(server, operationPath string) (*url.URL, error) {
	u, err := url.Parse(server)
	if err != nil {
		return nil, err
	}
	base := u.EscapedPath()
	dir := base[:strings.LastIndexByte(base, '/')+1]
	if u.Opaque != "" || !plain(dir) || !plain(operationPath) || operationPath[0] != '/' ||
		(dir != "" && dir[0] != '/') || strings.HasPrefix(dir, "//") {
		if operationPath[0] == '/' {
			operationPath = "." + operationPath
		}
		return u.Parse(operationPath)
	}
	if dir == "" {
		dir = "/"
	}
	escaped := dir + operationPath[1:]
	path, err := url.PathUnescape(escaped)
	if err != nil {
		return nil, err
	}
	*u = url.URL{Scheme: u.Scheme, User: u.User, Host: u.Host, Path: path}
	if u.EscapedPath() != escaped {
		u.RawPath = escaped
	}
	return u, nil
}

// plain reports whether p is a path that the resolution of a reference
// keeps as it is: no dot segment, and only bytes that stand for
// themselves in a path, or valid %-escapes.
func plain(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '%':
			if i+2 >= len(p) || !isHex(p[i+1]) || !isHex(p[i+2]) {
				return false
			}
			i += 2
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~!$&'()*+,;=:@/", c) >= 0:
		default:
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// NewRequest is [http.NewRequest] of u, without formatting u and parsing
// it back: the request's URL is u itself, which the caller must not
// modify afterwards.
func NewRequest(method string, u *url.URL, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequest(method, "", body)
	if err != nil {
		return nil, err
	}
	if i := strings.LastIndexByte(u.Host, ':'); i > strings.LastIndexByte(u.Host, ']') {
		// http.NewRequest drops an empty port.
		u.Host = strings.TrimSuffix(u.Host, ":")
	}
	req.URL, req.Host = u, u.Host
	return req, nil
}
