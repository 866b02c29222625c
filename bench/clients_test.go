package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/leadfox-go/leadfox/bench/oapiclient"
	"github.com/leadfox-go/leadfox/bench/ogenclient"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/bench/benchkit"
)

// A call is one client's call of a benchmark case.
type call = benchkit.Call

// cases are the cases of the benchmarks.
var cases = []string{"get", "page", "upsert"}

// upsertBody is the contact every upsert sends.
var upsertBody = map[string]string{"firstname": "Jane", "lastname": "Doe", "company": "Acme"}

const upsertEmail = "jane.doe@example.com"

// oneBuffer is the one-buffer baseline: plain net/http, the body read
// once into a buffer of its Content-Length, encoding/json into plain
// structs (benchkit.Plain), a token taken once.
type oneBuffer struct {
	hc    *http.Client
	base  string
	authz []string
}

// do sends method path with body (nil for none) and decodes the JSON
// answer into v.
func (c *oneBuffer) do(ctx context.Context, method, path string, body []byte, v any) error {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, r)
	if err != nil {
		return err
	}
	req.Header["Authorization"] = c.authz
	if body != nil {
		req.Header["Content-Type"] = []string{"application/json"}
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK || resp.ContentLength < 0 {
		return fmt.Errorf("%s %s: %s, Content-Length %d", method, path, resp.Status, resp.ContentLength)
	}
	buf := make([]byte, resp.ContentLength)
	if _, err := io.ReadFull(resp.Body, buf); err != nil {
		return err
	}
	return json.Unmarshal(buf, v)
}

// tokenSource is ogen's security source: the token taken once.
type tokenSource struct{}

func (tokenSource) JWT(context.Context, ogenclient.OperationName) (ogenclient.JWT, error) {
	return ogenclient.JWT{APIKey: "JWT " + benchkit.JWT}, nil
}

// checkPage fails b unless a page of pageSize contacts was read.
func checkPage(tb testing.TB, n int, err error) error {
	if err == nil && n != pageSize {
		err = fmt.Errorf("page of %d contacts, want %d", n, pageSize)
	}
	return err
}

// newCalls returns the calls of case kind, one per client (onebuf,
// facade, oapi, ogen: the baseline first), every client over rt to base.
func newCalls(tb testing.TB, kind, base string, rt http.RoundTripper) []call {
	tb.Helper()
	hc := &http.Client{Transport: rt}
	ob := &oneBuffer{hc: hc, base: base, authz: []string{"JWT " + benchkit.JWT}}
	fc, err := facade.New("bench-key", "bench-secret", facade.WithBaseURL(base), facade.WithTransport(rt))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := fc.Contacts.Get(tb.Context(), contactID); err != nil { // the token exchange
		tb.Fatal(err)
	}
	oc, err := oapiclient.NewClientWithResponses(base, oapiclient.WithHTTPClient(hc),
		oapiclient.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header["Authorization"] = ob.authz
			return nil
		}))
	if err != nil {
		tb.Fatal(err)
	}
	gc, err := ogenclient.NewClient(base, tokenSource{}, ogenclient.WithClient(hc))
	if err != nil {
		tb.Fatal(err)
	}
	switch kind {
	case "get":
		return getCalls(ob, fc, oc, gc)
	case "page":
		return pageCalls(tb, ob, fc, oc, gc)
	case "upsert":
		return upsertCalls(ob, fc, oc, gc)
	}
	tb.Fatalf("no case %s", kind)
	return nil
}

func getCalls(ob *oneBuffer, fc *facade.Client, oc *oapiclient.ClientWithResponses, gc *ogenclient.Client) []call {
	return []call{
		{Client: "onebuf", Do: func(ctx context.Context) error {
			var v benchkit.Plain
			return ob.do(ctx, http.MethodGet, "/v1/contact/"+contactID, nil, &v)
		}},
		{Client: "facade", Do: func(ctx context.Context) error {
			_, err := fc.Contacts.Get(ctx, contactID)
			return err
		}},
		{Client: "oapi", Do: func(ctx context.Context) error {
			resp, err := oc.GetContactWithResponse(ctx, contactID)
			if err == nil && resp.JSON200 == nil {
				err = fmt.Errorf("get contact: %s", resp.Status())
			}
			return err
		}},
		{Client: "ogen", Do: func(ctx context.Context) error {
			_, err := gc.GetContact(ctx, ogenclient.GetContactParams{ID: ogenclient.ObjectID(contactID)})
			return err
		}},
	}
}

func pageCalls(tb testing.TB, ob *oneBuffer, fc *facade.Client, oc *oapiclient.ClientWithResponses, gc *ogenclient.Client) []call {
	p, err := fc.Contacts.List(&facade.ListOptions{Max: pageSize})
	if err != nil {
		tb.Fatal(err)
	}
	limit := pageSize
	return []call{
		{Client: "onebuf", Do: func(ctx context.Context) error {
			var v []benchkit.Plain
			err := ob.do(ctx, http.MethodGet, "/v1/contact?limit="+strconv.Itoa(pageSize), nil, &v)
			return checkPage(tb, len(v), err)
		}},
		{Client: "facade", Do: func(ctx context.Context) error {
			p.Reset()
			page, err := p.NextPage(ctx)
			return checkPage(tb, len(page), err)
		}},
		{Client: "oapi", Do: func(ctx context.Context) error {
			resp, err := oc.ListContactsWithResponse(ctx, &oapiclient.ListContactsParams{Limit: &limit})
			if err != nil {
				return err
			}
			if resp.JSON200 == nil {
				return fmt.Errorf("list contacts: %s", resp.Status())
			}
			return checkPage(tb, len(*resp.JSON200), nil)
		}},
		{Client: "ogen", Do: func(ctx context.Context) error {
			page, err := gc.ListContacts(ctx, ogenclient.ListContactsParams{Limit: ogenclient.NewOptInt(pageSize)})
			return checkPage(tb, len(page), err)
		}},
	}
}

func upsertCalls(ob *oneBuffer, fc *facade.Client, oc *oapiclient.ClientWithResponses, gc *ogenclient.Client) []call {
	return []call{
		{Client: "onebuf", Do: func(ctx context.Context) error {
			body, err := json.Marshal(struct {
				Email      string            `json:"email"`
				Properties map[string]string `json:"properties"`
			}{upsertEmail, upsertBody})
			if err != nil {
				return err
			}
			var v benchkit.Plain
			return ob.do(ctx, http.MethodPost, "/v1/contact/upsert", body, &v)
		}},
		{Client: "facade", Do: func(ctx context.Context) error {
			_, err := fc.Contacts.Upsert(ctx, &facade.ContactCreate{Email: upsertEmail, Properties: upsertBody})
			return err
		}},
		{Client: "oapi", Do: func(ctx context.Context) error {
			resp, err := oc.UpsertContactWithResponse(ctx, oapiclient.ContactCreate{Email: upsertEmail, Properties: upsertBody})
			if err == nil && resp.JSON200 == nil {
				err = fmt.Errorf("upsert contact: %s", resp.Status())
			}
			return err
		}},
		{Client: "ogen", Do: func(ctx context.Context) error {
			_, err := gc.UpsertContact(ctx, &ogenclient.ContactCreate{Email: upsertEmail,
				Properties: ogenclient.NewOptContactPropertyValues(upsertBody)})
			return err
		}},
	}
}
