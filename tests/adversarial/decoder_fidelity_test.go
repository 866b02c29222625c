package adversarial

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
	"github.com/leadfox-go/leadfox/pager"
)

const decoderContactID = "5f0c8a3b9d1e2a0012345678"

// decoderServer answers the auth exchange, and every other request with
// status 200, the JSON body and its Content-Length.
func decoderServer(t *testing.T, body []byte, opts ...facade.Option) *facade.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1/auth" {
			_, _ = w.Write([]byte(`{"jwt":"e30.e30.sig","clientid":"c1"}`))
			return
		}
		if r.URL.Query().Get("skip") != "" { // a list's next page: the end
			_, _ = w.Write([]byte(`[]`))
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	c, err := facade.New("test-key", "test-secret", append([]facade.Option{facade.WithBaseURL(srv.URL)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDecoderUnknownValuesRoundTrip reads a contact whose unknown members
// hold numbers no float64 keeps, nesting and duplicate keys, changes a
// field and writes it back: every unknown member must mean what the
// server sent.
func TestDecoderUnknownValuesRoundTrip(t *testing.T) {
	unknown := map[string]string{
		"big":      `9223372036854775809`,                        // 2^63+1
		"safe":     `9007199254740993`,                           // 2^53+1
		"huge":     `1e400`,                                      // beyond float64
		"tiny":     `1e-400`,                                     // below float64
		"decimal":  `0.1234567890123456789012345678901234567890`, // 40 digits
		"negative": `-12345678901234567890123`,
		"nested":   `{"a":{"b":[1,{"c":[true,null,"x\"y"]}]},"n":18446744073709551617}`,
		"array":    `[[],[{}],[1e400,2],"é"]`,
		"dup":      `{"k":1,"k":{"deep":2}}`,
	}
	var body strings.Builder
	fmt.Fprintf(&body, `{"_id":"%s","email":"ada@example.com","x":"first"`, decoderContactID)
	for k, v := range unknown {
		fmt.Fprintf(&body, `,%q:%s`, k, v)
	}
	body.WriteString(`,"x":"last","lists":[{"list":"5f0c8a3b9d1e2a0012340001","n":9007199254740993}]}`)
	c := decoderServer(t, []byte(body.String()))
	contact, err := c.Contacts.Get(t.Context(), decoderContactID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	contact.Name = facade.Ptr("Ada")
	out, err := json.Marshal(contact)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	want := testsupport.JSONValue(t, []byte(body.String())).(map[string]any)
	want["name"] = "Ada"
	if diff := cmp.Diff(want, testsupport.JSONValue(t, out)); diff != "" {
		t.Errorf("contact written back (-sent +written):\n%s", diff)
	}
	for k, v := range unknown {
		if !strings.Contains(string(out), v) && k != "dup" {
			t.Errorf("member %s = %s is not written back as sent: %s", k, v, out)
		}
	}
}

// TestDecoderPropertyNotAString reads a contact whose property values are
// a number, a boolean and null: the contact stays readable and writes
// them back as the same JSON values, never as strings.
func TestDecoderPropertyNotAString(t *testing.T) {
	const props = `{"firstname":"Ada","age":42,"score":9007199254740993,"vip":true,"none":null,"ratio":1e400}`
	c := decoderServer(t, []byte(`{"_id":"`+decoderContactID+`","properties":`+props+`}`))
	contact, err := c.Contacts.Get(t.Context(), decoderContactID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	out, err := json.Marshal(contact)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	want := map[string]any{"_id": decoderContactID, "properties": testsupport.JSONValue(t, []byte(props))}
	if diff := cmp.Diff(want, testsupport.JSONValue(t, out)); diff != "" {
		t.Errorf("contact written back (-sent +written):\n%s", diff)
	}
}

// TestDecoderPropertyObjectOrArrayKept: a property whose value is an
// object or an array leaves its contact readable, is kept as its JSON
// text and is written back as the same JSON value.
func TestDecoderPropertyObjectOrArrayKept(t *testing.T) {
	const props = `{"age":{"years":42},"tags":["a",{"b":1e400}],"name":"Ada"}`
	c := decoderServer(t, []byte(`{"_id":"`+decoderContactID+`","properties":`+props+`}`))
	got, err := c.Contacts.Get(t.Context(), decoderContactID)
	if err != nil {
		t.Fatalf("Get of a contact with object and array properties: %v", err)
	}
	if v := got.Properties["age"]; v.IsString() || v.String() != `{"years":42}` {
		t.Errorf("properties.age = %q (string %v), want the object's JSON text", v.String(), v.IsString())
	}
	out, err := json.Marshal(got.Properties)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	if diff := cmp.Diff(testsupport.JSONValue(t, []byte(props)), testsupport.JSONValue(t, out)); diff != "" {
		t.Errorf("properties written back (-sent +written):\n%s", diff)
	}
}

// decoderPage returns a page of n contacts, item bad (if >= 0) with an
// email that is an object.
func decoderPage(n, bad int) []byte {
	items := make([]string, n)
	for i := range items {
		email := fmt.Sprintf(`"c%d@example.com"`, i)
		if i == bad {
			email = `{"address":"c@example.com"}`
		}
		items[i] = fmt.Sprintf(`{"_id":"5f0c8a3b9d1e%012x","email":%s,"v":%d}`, i, email, i)
	}
	return []byte("[" + strings.Join(items, ",") + "]")
}

// TestDecoderPageOneBadItem: item 37 of a page of 100 has an email that is
// an object; the walk yields the 99 others and, in item 37's place, one
// error naming its _id and field, and goes on.
func TestDecoderPageOneBadItem(t *testing.T) {
	c := decoderServer(t, decoderPage(100, 37))
	p, err := c.Contacts.List(&facade.ListOptions{Paging: facade.PagingSkipLimit})
	if err != nil {
		t.Fatal(err)
	}
	var good int
	var errs []error
	for contact, err := range p.All(t.Context()) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if want := fmt.Sprintf("c%d@example.com", good+len(errs)); *contact.Email != want {
			t.Errorf("item %d is %s, want %s", good+len(errs), *contact.Email, want)
		}
		good++
	}
	if good != 99 || len(errs) != 1 {
		t.Fatalf("walk: %d items and %d errors (%v), want 99 and 1", good, len(errs), errs)
	}
	var ie *pager.ItemError
	var item *facade.ItemError
	if !errors.As(errs[0], &ie) || ie.Index != 37 || ie.ID != fmt.Sprintf("5f0c8a3b9d1e%012x", 37) ||
		!errors.As(errs[0], &item) || item.Field != "email" {
		t.Errorf("item error = %v, want index 37, its _id and field email", errs[0])
	}
	if !errors.Is(errs[0], facade.ErrMalformedResponse) {
		t.Errorf("item error does not match ErrMalformedResponse")
	}
}

// TestDecoderPageOfAMillion: for a limit of 100 the server sends a
// million {}; the SDK decodes no further than item 101, cuts the page to
// the limit, reports the oversized page at warn, and never builds a
// million contacts.
func TestDecoderPageOfAMillion(t *testing.T) {
	body := append(append([]byte{'['}, bytes.Repeat([]byte(`{},`), 999_999)...), []byte(`{}]`)...)
	var logs bytes.Buffer
	c := decoderServer(t, body, facade.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	p, err := c.Contacts.List(&facade.ListOptions{Paging: facade.PagingSkipLimit})
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	page, err := p.NextPage(t.Context())
	runtime.ReadMemStats(&after)
	if err != nil || len(page) != 100 {
		t.Fatalf("NextPage of a million items: %d items, %v; want the 100 asked for", len(page), err)
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "page longer than the limit") {
		t.Errorf("no warning of the oversized page; logs:\n%s", logs.String())
	}
	// The body itself is 3 MB, buffered once by the client.
	if got := after.TotalAlloc - before.TotalAlloc; got >= 10<<20 {
		t.Errorf("NextPage allocated %d bytes, want less than 10 MiB", got)
	}
}
