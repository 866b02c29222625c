package fake_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/leadfox-go/leadfox/tests/fake"
)

// TestMain fails the run if a test leaves a goroutine behind: a Server
// must stop everything it started when it is closed.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// client talks to one fake Server over plain net/http.
type client struct {
	t     testing.TB
	srv   *fake.Server
	token string // sent as "Authorization: JWT <token>" when not empty
}

// setup starts a Server for the test and returns it with a client that
// holds a valid token.
func setup(t testing.TB, opts ...fake.Option) (*fake.Server, *client) {
	t.Helper()
	srv := fake.Start(t, opts...)
	c := &client{t: t, srv: srv}
	c.token = c.authenticate(srv.APIKey(), srv.Secret())
	return srv, c
}

// authenticate exchanges credentials for a token, failing the test
// unless the exchange succeeds.
func (c *client) authenticate(apiKey, secret string) string {
	c.t.Helper()
	var auth struct{ JWT string }
	res := c.send(http.MethodPost, "/v1/auth", map[string]string{"apikey": apiKey, "secret": secret}, nil)
	if res.status != http.StatusOK {
		c.t.Fatalf("POST /v1/auth: status %d, body %s", res.status, res.body)
	}
	res.decode(c.t, &auth)
	return auth.JWT
}

// response is what a request got back.
type response struct {
	status int
	header http.Header
	body   []byte
}

// decode decodes the body into v, failing the test if it is not JSON.
func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// errorMessage returns the "error" of a JSON error body, failing the test
// if the body is not one.
func (r response) errorMessage(t testing.TB) string {
	t.Helper()
	var e struct {
		Error *string `json:"error"`
	}
	r.decode(t, &e)
	if e.Error == nil {
		t.Fatalf("body %s has no error field", r.body)
	}
	return *e.Error
}

// send makes a request with body (nil for none; a string or []byte is
// sent raw, anything else as JSON) and query, with the client's token.
func (c *client) send(method, path string, body any, query url.Values) response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.srv.URL()+path+encodeQuery(query), encodeBody(c.t, body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "JWT "+c.token)
	}
	return c.do(req)
}

// do sends req and reads the whole response, failing the test on a
// transport error.
func (c *client) do(req *http.Request) response {
	c.t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer func() { _ = res.Body.Close() }()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", req.Method, req.URL.Path, err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

func encodeQuery(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

func encodeBody(t testing.TB, body any) io.Reader {
	t.Helper()
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return bytes.NewBufferString(b)
	case []byte:
		return bytes.NewBuffer(b)
	}
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewBuffer(b)
}

// doc is a resource in its JSON form.
type doc = map[string]any

// call makes a request and decodes a 2xx JSON body into a doc, failing
// the test on another status.
func (c *client) call(method, path string, body any) doc {
	c.t.Helper()
	res := c.send(method, path, body, nil)
	if res.status/100 != 2 {
		c.t.Fatalf("%s %s: status %d, body %s", method, path, res.status, res.body)
	}
	var d doc
	res.decode(c.t, &d)
	return d
}

// create POSTs body to path and returns the new resource's _id.
func (c *client) create(path string, body any) string {
	c.t.Helper()
	id, _ := c.call(http.MethodPost, path, body)["_id"].(string)
	if id == "" {
		c.t.Fatalf("POST %s: no _id in answer", path)
	}
	return id
}

// list GETs a collection with query parameters (name, value pairs) and
// returns the page, failing the test on a status other than 200.
func (c *client) list(path string, params ...string) []doc {
	c.t.Helper()
	q := urlValues(params...)
	res := c.send(http.MethodGet, path, nil, q)
	if res.status != http.StatusOK {
		c.t.Fatalf("GET %s?%s: status %d, body %s", path, q.Encode(), res.status, res.body)
	}
	var page []doc
	res.decode(c.t, &page)
	return page
}

// field returns the values of one field of docs, in order.
func field(docs []doc, name string) []any {
	out := make([]any, len(docs))
	for i, d := range docs {
		out[i] = d[name]
	}
	return out
}

// addToList adds contact id to list, failing the test unless that
// answers 200.
func (c *client) addToList(list, id string) {
	c.t.Helper()
	res := c.send(http.MethodPost, "/v1/list/"+list+"/contact/"+id, nil, nil)
	if res.status != http.StatusOK {
		c.t.Fatalf("add %s to list %s: status %d, body %s", id, list, res.status, res.body)
	}
}

// urlValues returns query parameters from name, value pairs.
func urlValues(pairs ...string) url.Values {
	q := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		q.Set(pairs[i], pairs[i+1])
	}
	return q
}

func ptr[T any](v T) *T { return &v }

// sprintf fills the one %s of a path pattern.
func sprintf(pattern, id string) string { return strings.Replace(pattern, "%s", id, 1) }
