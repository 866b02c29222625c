package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/generated/client"
	"github.com/leadfox-go/leadfox/tests/bench/benchkit"
)

// plainContact is the baseline's contact (see benchkit.Plain).
type plainContact = benchkit.Plain

// baseline is the physical limit for a Go client: net/http and
// encoding/json into plain structs, with a token taken once.
type baseline struct {
	hc    *http.Client
	base  string
	authz string // the Authorization header value
}

func newBaseline(tb testing.TB, s *server) *baseline {
	tb.Helper()
	c := &baseline{hc: &http.Client{Transport: transport(tb)}, base: s.URL}
	resp, err := c.hc.Post(s.URL+"/v1/auth", "application/json", nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var a struct {
		JWT string `json:"jwt"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		tb.Fatal(err)
	}
	c.authz = "JWT " + a.JWT
	return c
}

// get decodes the JSON answer to GET path into v.
func (c *baseline) get(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return err
	}
	req.Header["Authorization"] = []string{c.authz}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	err = json.NewDecoder(resp.Body).Decode(v)
	_, _ = io.Copy(io.Discard, resp.Body)
	return err
}

func (c *baseline) contact(ctx context.Context, id string) (*plainContact, error) {
	v := new(plainContact)
	return v, c.get(ctx, "/v1/contact/"+id, v)
}

func (c *baseline) contacts(ctx context.Context, skip, limit int) ([]plainContact, error) {
	var v []plainContact
	return v, c.get(ctx, "/v1/contact?skip="+strconv.Itoa(skip)+"&limit="+strconv.Itoa(limit), &v)
}

// newGenerated returns the raw generated client, with the token taken
// once and set by a request editor.
func newGenerated(tb testing.TB, s *server) *client.ClientWithResponses {
	tb.Helper()
	authz := []string{newBaseline(tb, s).authz}
	c, err := client.NewClientWithResponses(s.URL,
		client.WithHTTPClient(&http.Client{Transport: transport(tb)}),
		client.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header["Authorization"] = authz
			return nil
		}))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// generatedContacts returns one page of contacts with the raw generated
// client.
func generatedContacts(ctx context.Context, c *client.ClientWithResponses, skip, limit int) ([]generated.Contact, error) {
	resp, err := c.ListContactsWithResponse(ctx, &generated.ListContactsParams{Skip: &skip, Limit: &limit})
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil {
		return nil, fmt.Errorf("list contacts: %s", resp.Status())
	}
	return *resp.JSON200, nil
}

// newFacade returns the SDK's client; it authenticates on its first call.
func newFacade(tb testing.TB, s *server) *facade.Client {
	tb.Helper()
	c, err := facade.New("bench-key", "bench-secret", facade.WithBaseURL(s.URL), facade.WithTransport(transport(tb)))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}
