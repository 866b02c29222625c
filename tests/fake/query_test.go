package fake_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/internal/jsonobj"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// queryFixture seeds four contacts with values of every JSON type and
// returns the ids of two lists: a and b are in l2, a also in l1.
func queryFixture(t *testing.T) (c *client, l1, l2 string) {
	t.Helper()
	srv, c := setup(t)
	l1, l2 = c.create("/v1/list", doc{"name": "L1"}), c.create("/v1/list", doc{"name": "L2"})
	in := func(ids ...string) []generated.ContactListMembership {
		var ms []generated.ContactListMembership
		for _, id := range ids {
			ms = append(ms, generated.ContactListMembership{ListID: ptr(id)})
		}
		return ms
	}
	srv.InsertContacts([]generated.Contact{
		{Email: ptr("a@example.com"), Properties: props("firstname", "John"), Lists: in(l1, l2),
			AdditionalProperties: rawDoc(doc{"score": 10, "vip": true, "joined": "2024-01-10T00:00:00.000Z", "company": doc{"name": "Acme", "size": 50}})},
		{Email: ptr("b@example.com"), Properties: props("firstname", "john"), Lists: in(l2),
			AdditionalProperties: rawDoc(doc{"score": 9, "vip": false, "joined": "2024-01-09T23:00:00-02:00", "company": doc{"name": "acme"}})},
		{Email: ptr("c@example.com"), Properties: props("firstname", "Jane"),
			AdditionalProperties: rawDoc(doc{"score": 100, "joined": "2023-12-31T00:00:00Z"})},
		{Email: ptr("d@example.com"), Properties: props("firstname", "10"),
			AdditionalProperties: rawDoc(doc{"vip": true})},
	})
	return c, l1, l2
}

// emails returns the emails of contacts, in order.
func emails(contacts []doc) []string {
	out := []string{}
	for _, c := range contacts {
		out = append(out, c["email"].(string))
	}
	return out
}

func TestFilters(t *testing.T) {
	c, l1, l2 := queryFixture(t)
	tests := []struct {
		filters string
		want    string // the letters of the emails
	}{
		{"email = a@example.com", "a"},
		{"score = 10", "a"},
		{"score = 10.0", "a"},
		{"score = ten", ""},
		{"score > 9", "ac"},
		{"score >= 10", "ac"},
		{"score < 10", "b"},
		{"score <= 10", "ab"},
		{"score != 10", "bcd"},
		{"vip = true", "ad"},
		{"vip = false", "b"},
		{"vip != true", "bc"},
		{"vip = yes", ""},
		{"joined = 2024-01-10T00:00:00Z", "a"},
		{"joined > 2024-01-10T00:30:00Z", "b"},
		{"joined <= 2024-01-10T01:00:00.000Z", "abc"},
		{"joined < 2024-01-01", "c"},
		{"properties.firstname = John", "a"},
		{"properties.firstname = John|john", "ab"},
		{"properties.firstname != John|john", "cd"},
		{"properties.firstname = 10", "d"},
		{"properties.firstname > J", "abc"},
		{"properties.firstname < J", "d"},
		{"company.name = Acme", "a"},
		{"company.size >= 50", "a"},
		{"lists.list = " + l2, "ab"},
		{"lists.list = " + l1 + "|" + unknownID, "a"},
		{"lists.list != " + l1, "bcd"},
		{"score exists true", "abc"},
		{"score exists false", "d"},
		{"company exists false", "cd"},
		{"lists.list exists true", "ab"},
		{"vip = true,score exists true", "a"},
		{"score > 5,score < 50,vip = false", "b"},
	}
	for _, tt := range tests {
		t.Run(tt.filters, func(t *testing.T) {
			c.t = t
			var want []string
			for _, r := range tt.want {
				want = append(want, string(r)+"@example.com")
			}
			if diff := cmp.Diff(want, emails(c.list("/v1/contact", "filters", tt.filters)), cmpEmpty); diff != "" {
				t.Errorf("filters=%s (-want +got):\n%s", tt.filters, diff)
			}
		})
	}
}

var cmpEmpty = cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) })

func TestFiltersRejected(t *testing.T) {
	_, c := setup(t)
	for _, filters := range []string{
		"score ~ 10",
		"score =10",
		"score  = 10",
		"score exists maybe",
		",score = 1",
		"score = 1,",
		"score = a||b",
		"= 1",
	} {
		t.Run(filters, func(t *testing.T) {
			c.t = t
			wantStatus(t, c.send(http.MethodGet, "/v1/contact", nil, urlValues("filters", filters)), 400, "invalid filters")
		})
	}
}

func TestSort(t *testing.T) {
	c, _, _ := queryFixture(t)
	tests := []struct{ sort, want string }{
		{"score", "dbac"},                // missing first, then numbers as numbers
		{"-score", "cabd"},               // descending: missing last
		{"joined", "dcab"},               // instants, not text: b's offset puts it last
		{"vip", "cbad"},                  // missing, false, true; ties in insertion order
		{"vip,email", "cbad"},            // the same, by the second key
		{"-vip,-email", "dabc"},          // both descending
		{"-vip,email", "adbc"},           // mixed
		{"properties.firstname", "dcab"}, // "10" < "Jane" < "John" < "john"
		{"company.name", "cdab"},         // missing, missing, "Acme", "acme"
	}
	for _, tt := range tests {
		t.Run(tt.sort, func(t *testing.T) {
			c.t = t
			var want []string
			for _, r := range tt.want {
				want = append(want, string(r)+"@example.com")
			}
			if diff := cmp.Diff(want, emails(c.list("/v1/contact", "sort", tt.sort))); diff != "" {
				t.Errorf("sort=%s (-want +got):\n%s", tt.sort, diff)
			}
		})
	}
	c.t = t
	for _, sort := range []string{"-", "score,", "score,-score", "a b"} {
		wantStatus(t, c.send(http.MethodGet, "/v1/contact", nil, urlValues("sort", sort)), 400, "invalid sort")
	}
}

func TestSortIsStableAcrossPages(t *testing.T) {
	srv, c := setup(t)
	var seed []generated.Contact
	for i := range 30 {
		seed = append(seed, generated.Contact{Email: ptr(fmt.Sprintf("%02d@example.com", i)), AdditionalProperties: rawDoc(doc{"group": i % 3})})
	}
	ids := srv.InsertContacts(seed)
	var got []any
	for skip := 0; skip < 30; skip += 7 {
		got = append(got, field(c.list("/v1/contact", "sort", "group", "limit", "7", "skip", strconv.Itoa(skip)), "_id")...)
	}
	var want []any
	for g := range 3 {
		for i, id := range ids {
			if i%3 == g {
				want = append(want, id)
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paged sort=group (-want +got):\n%s", diff)
	}
}

// present returns the keys of d whose value is not null. The generated
// Contact writes an absent properties as null.
func present(d doc) []string {
	var keys []string
	for k, v := range d {
		if v != nil {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func TestProjection(t *testing.T) {
	c, l1, l2 := queryFixture(t)
	tests := []struct {
		fields string
		want   doc // of contact a, without _id and _owner
	}{
		{"email", doc{"email": "a@example.com"}},
		{"_id", doc{}},
		{"_owner,email", doc{"email": "a@example.com"}},
		{"properties.firstname", doc{"properties": doc{"firstname": "John"}}},
		{"company.size,email", doc{"company": doc{"size": 50.0}, "email": "a@example.com"}},
		{"company.name,company", doc{"company": doc{"name": "Acme", "size": 50.0}}},
		{"lists.list", doc{"lists": []any{doc{"list": l1}, doc{"list": l2}}}},
		{"email.local", doc{}},
		{"nothing", doc{}},
	}
	for _, tt := range tests {
		t.Run(tt.fields, func(t *testing.T) {
			c.t = t
			got := c.list("/v1/contact", "fields", tt.fields, "limit", "1")[0]
			if _, ok := got["_id"].(string); !ok {
				t.Errorf("no _id in %v", got)
			}
			if _, ok := got["_owner"].(string); !ok {
				t.Errorf("no _owner in %v", got)
			}
			delete(got, "_id")
			delete(got, "_owner")
			if diff := cmp.Diff(present(tt.want), present(got)); diff != "" {
				t.Errorf("fields=%s: keys (-want +got):\n%s", tt.fields, diff)
			}
			for k, v := range tt.want {
				if diff := cmp.Diff(v, got[k]); diff != "" {
					t.Errorf("fields=%s: %s (-want +got):\n%s", tt.fields, k, diff)
				}
			}
		})
	}
	c.t = t
	wantStatus(t, c.send(http.MethodGet, "/v1/contact", nil, urlValues("fields", "email,,name")), 400, "invalid fields")
}

func TestSkipAndLimit(t *testing.T) {
	srv, c := setup(t)
	var seed []generated.Contact
	for i := range 150 {
		seed = append(seed, generated.Contact{Email: ptr(fmt.Sprintf("%03d@example.com", i))})
	}
	ids := srv.InsertContacts(seed)
	tests := []struct {
		params    []string
		from, end int
	}{
		{nil, 0, 100},
		{[]string{"skip", "100"}, 100, 150},
		{[]string{"limit", "200"}, 0, 150},
		{[]string{"limit", "1"}, 0, 1},
		{[]string{"skip", "149", "limit", "5"}, 149, 150},
		{[]string{"skip", "150"}, 150, 150},
		{[]string{"skip", "1000000", "limit", "1000000"}, 150, 150},
		{[]string{"skip", "0", "limit", "10"}, 0, 10},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.params), func(t *testing.T) {
			c.t = t
			want := []any{}
			for _, id := range ids[tt.from:tt.end] {
				want = append(want, id)
			}
			if diff := cmp.Diff(want, field(c.list("/v1/contact", tt.params...), "_id")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	c.t = t
	if got := string(c.send(http.MethodGet, "/v1/contact", nil, urlValues("skip", "150")).body); got != "[]\n" {
		t.Errorf("empty page = %q, want %q", got, "[]\n")
	}
}

func TestSkipAndLimitRejected(t *testing.T) {
	// The handlers' own checks, behind those of the spec (WithValidation).
	_, c := setup(t, fake.WithValidation(false))
	tests := []struct{ name, value, msg string }{
		{"limit", "0", "limit must be 1 or more"},
		{"limit", "-1", "limit must be 1 or more"},
		{"skip", "-1", "skip must be 0 or more"},
		{"limit", "ten", "limit"},
		{"skip", "1.5", "skip"},
	}
	for _, path := range []string{"/v1/campaign", "/v1/contact", "/v1/email", "/v1/folder", "/v1/list", "/v1/mailinglist", "/v1/property"} {
		for _, tt := range tests {
			t.Run(path+"?"+tt.name+"="+tt.value, func(t *testing.T) {
				c.t = t
				wantStatus(t, c.send(http.MethodGet, path, nil, urlValues(tt.name, tt.value)), 400, tt.msg)
			})
		}
	}
}

// TestWalkTenThousandContacts pages through 10,000 contacts with a
// filter and a sort, as an SDK iterator would.
func TestWalkTenThousandContacts(t *testing.T) {
	srv, c := setup(t)
	seed := make([]generated.Contact, 10000)
	for i := range seed {
		seed[i] = generated.Contact{
			Email:                ptr(fmt.Sprintf("%05d@example.com", i)),
			Properties:           props("firstname", "N"+strconv.Itoa(i%7)),
			AdditionalProperties: rawDoc(doc{"score": i % 100}),
		}
	}
	srv.InsertContacts(seed)

	var got []doc
	for skip := 0; ; skip += 100 {
		page := c.list("/v1/contact", "filters", "score >= 10", "sort", "-score,email",
			"fields", "email,score", "skip", strconv.Itoa(skip), "limit", "100")
		got = append(got, page...)
		if len(page) < 100 {
			break
		}
	}
	if len(got) != 9000 {
		t.Fatalf("walked %d contacts, want 9000", len(got))
	}
	less := func(a, b doc) int {
		if a["score"] != b["score"] {
			return int(b["score"].(float64) - a["score"].(float64))
		}
		return cmpStrings(a["email"].(string), b["email"].(string))
	}
	if !slices.IsSortedFunc(got, less) {
		t.Error("walk is not sorted by -score,email")
	}
	if got[0]["email"] != "00099@example.com" || got[0]["score"] != 99.0 {
		t.Errorf("first = %v, want 00099@example.com with score 99", got[0])
	}
	if got, want := srv.CountRequests(http.MethodGet, "/v1/contact"), 91; got != want {
		t.Errorf("%d requests, want %d", got, want)
	}
}

func cmpStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestKeysetQuery checks the keyset walk the SDK sends by default:
// sort=_id with "_id > <last id>", ANDed with a filter; ids given out of
// order at seeding still come back in id order.
func TestKeysetQuery(t *testing.T) {
	srv, c := setup(t)
	ids := []string{"5f0c8a3b0000000000000003", "5f0c8a3b00000000000000a1", "5f0c8a3b0000000000000002", "5f0c8a3b0000000000000010"}
	for i, id := range ids {
		srv.PutContact(generated.Contact{ID: ptr(id), Email: ptr(fmt.Sprintf("k%d@example.com", i)), Subscribed: ptr(i != 3)})
	}
	idsOf := func(docs []doc) []string {
		out := []string{}
		for _, d := range docs {
			out = append(out, d["_id"].(string))
		}
		return out
	}
	tests := []struct {
		params []string
		want   []string
	}{
		{[]string{"sort", "_id", "limit", "2"}, []string{ids[2], ids[0]}},
		{[]string{"sort", "_id", "limit", "2", "filters", "_id > " + ids[0]}, []string{ids[3], ids[1]}},
		{[]string{"sort", "_id", "filters", "subscribed = true,_id > " + ids[2]}, []string{ids[0], ids[1]}},
		{[]string{"sort", "_id", "filters", "_id > " + ids[1]}, []string{}},
	}
	for _, tt := range tests {
		if got := idsOf(c.list("/v1/contact", tt.params...)); !slices.Equal(got, tt.want) {
			t.Errorf("GET /v1/contact %q = %v, want %v", tt.params, got, tt.want)
		}
	}
}

// props returns the property values of the key, value pairs kv.
func props(kv ...string) jsonobj.Properties {
	p := make(jsonobj.Properties, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		p[kv[i]] = jsonobj.StringValue(kv[i+1])
	}
	return p
}

// rawDoc returns the members of d encoded as JSON, for AdditionalProperties.
func rawDoc(d doc) map[string]json.RawMessage {
	m := make(map[string]json.RawMessage, len(d))
	for k, v := range d {
		raw, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		m[k] = raw
	}
	return m
}
