package leadfox_test

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/api"
)

// contractOp is one row of the operations table in leadfox-api.md.
type contractOp struct {
	method, path, id string
	inferred         bool
	collection       bool // a collection GET, taking the five query parameters
}

// contract is the table of ../shared/leadfox-api.md, in its order.
var contract = []contractOp{
	{"POST", "/v1/auth", "authenticate", false, false},
	{"GET", "/v1/campaign", "listCampaigns", false, true},
	{"POST", "/v1/campaign", "createCampaign", false, false},
	{"GET", "/v1/campaign/{id}", "getCampaign", true, false},
	{"PUT", "/v1/campaign/{id}", "updateCampaign", false, false},
	{"GET", "/v1/contact", "listContacts", false, true},
	{"POST", "/v1/contact", "createContact", false, false},
	{"POST", "/v1/contact/upsert", "upsertContact", false, false},
	{"GET", "/v1/contact/{id}", "getContact", false, false},
	{"PUT", "/v1/contact/{id}", "updateContact", false, false},
	{"DELETE", "/v1/contact/{id}", "deleteContact", false, false},
	{"GET", "/v1/email", "listEmails", false, true},
	{"POST", "/v1/email", "createEmail", false, false},
	{"GET", "/v1/email/{id}", "getEmail", false, false},
	{"PUT", "/v1/email/{id}", "updateEmail", false, false},
	{"GET", "/v1/folder", "listFolders", false, true},
	{"POST", "/v1/folder", "createFolder", false, false},
	{"PUT", "/v1/folder/{id}", "updateFolder", false, false},
	{"GET", "/v1/list", "listLists", false, true},
	{"POST", "/v1/list", "createList", false, false},
	{"PUT", "/v1/list/{id}", "updateList", false, false},
	{"GET", "/v1/list/{list_id}/contact", "listListContacts", true, true},
	{"POST", "/v1/list/{list_id}/contact/{contact_id}", "addContactToList", false, false},
	{"DELETE", "/v1/list/{list_id}/contact/{contact_id}", "removeContactFromList", true, false},
	{"GET", "/v1/mailinglist", "listMailingLists", true, true},
	{"GET", "/v1/metric/{element_type}/{element_id}", "getMetrics", true, false},
	{"GET", "/v1/property", "listProperties", true, true},
	{"POST", "/v1/property", "createProperty", false, false},
	{"PUT", "/v1/property/{id}", "updateProperty", false, false},
}

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.Spec())
	if err != nil {
		t.Fatalf("load the effective spec: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the effective spec is not a valid OpenAPI document: %v\nFix openapi.yaml or api/overlay.yaml and run make generate; `make lint` runs an independent linter too.", err)
	}
	return doc
}

func TestSpecIsValid(t *testing.T) {
	doc := loadSpec(t)
	if got, want := doc.Servers[0].URL, "https://rest.leadfox.co"; got != want {
		t.Errorf("servers[0].url = %q, want %q", got, want)
	}
	scheme := doc.Components.SecuritySchemes["JWT"]
	if scheme == nil || scheme.Value.Type != "apiKey" || scheme.Value.In != "header" || scheme.Value.Name != "Authorization" {
		t.Errorf("security scheme JWT = %+v, want an apiKey in the Authorization header", scheme)
	}
}

// TestSpecOperationsMatchContract checks every row of the contract's table
// and that the spec has no operation the table lacks.
func TestSpecOperationsMatchContract(t *testing.T) {
	doc := loadSpec(t)
	var got, want []string
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			got = append(got, method+" "+path+" "+op.OperationID)
		}
	}
	for _, c := range contract {
		want = append(want, c.method+" "+c.path+" "+c.id)
	}
	sort.Strings(got)
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("operations differ from the contract (-want +got):\n%s", diff)
	}
	for _, c := range contract {
		op := doc.Paths.Find(c.path).GetOperation(c.method)
		if marked := op.Extensions["x-leadfox-inferred"] == true; marked != c.inferred {
			t.Errorf("%s: x-leadfox-inferred: true (method or path inferred) = %v, want %v", c.id, marked, c.inferred)
		}
		if len(op.Tags) != 1 {
			t.Errorf("%s: tags = %v, want exactly one", c.id, op.Tags)
		}
		if c.id != "authenticate" && op.Security != nil {
			t.Errorf("%s: overrides the global JWT security", c.id)
		}
	}
}

func TestSpecCollectionParameters(t *testing.T) {
	doc := loadSpec(t)
	want := []string{"filters", "sort", "fields", "skip", "limit"}
	for _, c := range contract {
		op := doc.Paths.Find(c.path).GetOperation(c.method)
		var query []string
		for _, p := range op.Parameters {
			if p.Value.In == "query" {
				query = append(query, p.Value.Name)
				if c.collection && p.Ref == "" {
					t.Errorf("%s: query parameter %q is inline, want a shared component", c.id, p.Value.Name)
				}
			}
		}
		if c.collection && !slices.Equal(query, want) {
			t.Errorf("%s: query parameters = %v, want %v", c.id, query, want)
		}
	}
	skip := doc.Components.Parameters["Skip"].Value.Schema.Value
	if *skip.Min != 0 || skip.Default != 0.0 {
		t.Errorf("skip: minimum %v default %v, want 0 and 0", *skip.Min, skip.Default)
	}
	limit := doc.Components.Parameters["Limit"].Value.Schema.Value
	if *limit.Min != 1 || limit.Default != 100.0 {
		t.Errorf("limit: minimum %v default %v, want 1 and 100", *limit.Min, limit.Default)
	}
}

// TestSpecRequestBodiesHaveNoServerFields guards against the read schema
// leaking into the write one, as it does in the vendor's reference.
func TestSpecRequestBodiesHaveNoServerFields(t *testing.T) {
	doc := loadSpec(t)
	for _, c := range contract {
		op := doc.Paths.Find(c.path).GetOperation(c.method)
		if op.RequestBody == nil {
			if c.method == http.MethodPost && c.id != "addContactToList" {
				t.Errorf("%s: no request body", c.id)
			}
			continue
		}
		schema := op.RequestBody.Value.Content.Get("application/json").Schema.Value
		for _, field := range []string{"_id", "_owner", "created"} {
			if _, ok := schema.Properties[field]; ok {
				t.Errorf("%s: request body has server-assigned field %q", c.id, field)
			}
		}
		if schema.AdditionalProperties.Has != nil && *schema.AdditionalProperties.Has {
			t.Errorf("%s: request body accepts unknown fields", c.id)
		}
	}
}

func TestSpecRequiredFields(t *testing.T) {
	doc := loadSpec(t)
	want := map[string][]string{
		"AuthRequest":    {"apikey", "secret"},
		"CampaignCreate": {"name", "folder", "type", "emails"},
		"CampaignUpdate": nil,
		"ContactCreate":  {"email"},
		"ContactUpdate":  nil,
		"EmailCreate":    {"name"},
		"EmailUpdate":    nil,
		"FolderCreate":   {"name"},
		"FolderUpdate":   nil,
		"ListCreate":     {"name"},
		"ListUpdate":     nil,
		"PropertyCreate": {"name", "shortcode"},
		"PropertyUpdate": nil,
	}
	for name, fields := range want {
		got := doc.Components.Schemas[name].Value.Required
		if !slices.Equal(got, fields) {
			t.Errorf("%s.required = %v, want %v", name, got, fields)
		}
	}
}

func TestSpecResourcesKeepUnknownFields(t *testing.T) {
	doc := loadSpec(t)
	for _, name := range []string{"Auth", "Campaign", "Contact", "Email", "Folder", "List", "MailingList", "Property", "Metrics"} {
		// The overlay turns `true` into a schema that only carries the Go
		// type of the kept members; either keeps them.
		s := doc.Components.Schemas[name].Value
		open := s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has
		if !open && s.AdditionalProperties.Schema == nil {
			t.Errorf("%s: additionalProperties is neither true nor a schema; unknown fields would be lost", name)
		}
	}
}

func TestSpecEnums(t *testing.T) {
	doc := loadSpec(t)
	enum := func(schema string) []any { return doc.Components.Schemas[schema].Value.Enum }
	tests := []struct {
		schema string
		want   []any
	}{
		{"EmailCampaignType", []any{2.0}},
		{"EmailCampaignStatus", []any{"d", "a", "i"}},
		{"MetricsElementType", []any{"campaign", "target"}},
		{"ConsentStatus", []any{"GRANTED", "DENIED"}},
		{"MailingListStatus", []any{"opt-in", "opt-out"}},
		{"EmailEditor", []any{"bee"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, enum(tt.schema)); diff != "" {
			t.Errorf("%s enum (-want +got):\n%s", tt.schema, diff)
		}
	}
	create := doc.Components.Schemas["CampaignCreate"].Value.Properties["type"]
	if create.Ref != "#/components/schemas/EmailCampaignType" {
		t.Errorf("CampaignCreate.type = %q, want the EmailCampaignType enum", create.Ref)
	}
	// anyOf, not oneOf: the variants overlap (open objects), so no value
	// would match exactly one of them.
	for _, union := range []string{"BatchConfiguration", "CampaignList"} {
		if n := len(doc.Components.Schemas[union].Value.AnyOf); n != 3 {
			t.Errorf("%s has %d anyOf variants, want 3", union, n)
		}
	}
}

// TestSpecIdempotentPOSTs pins which POST operations are marked safe to
// retry; the facade's retry rules read the same list.
func TestSpecIdempotentPOSTs(t *testing.T) {
	doc := loadSpec(t)
	var got []string
	for _, c := range contract {
		op := doc.Paths.Find(c.path).GetOperation(c.method)
		if v, ok := op.Extensions["x-idempotent"]; ok && v == true {
			got = append(got, c.id)
		}
	}
	want := []string{"authenticate", "upsertContact", "addContactToList"}
	if !slices.Equal(got, want) {
		t.Errorf("x-idempotent operations = %v, want %v", got, want)
	}
	// The policy is ours, so the overlay sets it; openapi.yaml only says
	// that the reading is an inference.
	for _, c := range contract {
		op := doc.Paths.Find(c.path).GetOperation(c.method)
		marks, _ := op.Extensions["x-leadfox-inferred"].([]any)
		if got := slices.Contains(marks, any("idempotency")); got != slices.Contains(want, c.id) {
			t.Errorf("%s: x-leadfox-inferred lists idempotency = %v, want %v", c.id, got, !got)
		}
	}
}
