package tests

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/leadfox-go/leadfox/api"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// specPath names the effective spec in messages: openapi.yaml with
// api/overlay.yaml applied, as package api embeds it.
const specPath = "api/openapi.effective.yaml"

// specChecker checks requests and responses against the effective spec with
// kin-openapi's openapi3filter, and records the operations it saw and
// every violation. A request must carry "Authorization: JWT <token>" with
// a token that a POST /v1/auth it checked handed out. It is safe for
// concurrent use.
type specChecker struct {
	router routers.Router
	ops    []string // every operationId of the effective spec, sorted

	mu         sync.Mutex
	tokens     map[string]bool // the JWTs POST /v1/auth answered with
	seen       map[string]int  // requests per operationId
	violations []string
}

// loadSpec loads the effective spec once. The document is shared:
// callers must not change it.
var loadSpec = sync.OnceValues(func() (*openapi3.T, error) {
	return openapi3.NewLoader().LoadFromData(api.Spec())
})

// newSpecChecker routes requests to the operations of the effective spec under
// baseURL, which replaces the spec's servers.
func newSpecChecker(t *testing.T, baseURL string) *specChecker {
	t.Helper()
	shared, err := loadSpec()
	if err != nil {
		t.Fatalf("load %s: %v", specPath, err)
	}
	doc := *shared
	doc.Servers = openapi3.Servers{{URL: baseURL}}
	router, err := legacy.NewRouter(&doc)
	if err != nil {
		t.Fatalf("route %s: %v", specPath, err)
	}
	s := &specChecker{router: router, tokens: map[string]bool{}, seen: map[string]int{}}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			s.ops = append(s.ops, op.OperationID)
		}
	}
	slices.Sort(s.ops)
	return s
}

// request checks req, whose body was read into body, and returns the
// input for the check of its response, the operationId, and whether
// the request conforms. The input is nil if no operation matches.
func (s *specChecker) request(req *http.Request, body []byte) (*openapi3filter.RequestValidationInput, string, bool) {
	check := req.Clone(req.Context())
	check.Body = bodyReader(body)
	route, params, err := s.router.FindRoute(check)
	if err != nil {
		s.violate("%s %s: no operation of openapi.yaml: %v", req.Method, req.URL.Path, err)
		return nil, "", false
	}
	op := route.Operation.OperationID
	s.mu.Lock()
	s.seen[op]++
	s.mu.Unlock()
	in := &openapi3filter.RequestValidationInput{
		Request: check, PathParams: params, Route: route,
		Options: &openapi3filter.Options{
			MultiError:                        true,
			RejectWhenRequestBodyNotSpecified: true,
			SkipSettingDefaults:               true,
			AuthenticationFunc:                s.authenticate,
		},
	}
	ok := true
	if strings.HasSuffix(req.URL.Path, "/") {
		s.violate("%s request %s %s: trailing slash", op, req.Method, req.URL.Path)
		ok = false
	}
	if err := openapi3filter.ValidateRequest(check.Context(), in); err != nil {
		s.violate("%s request %s %s?%s: %v", op, req.Method, req.URL.Path, req.URL.RawQuery, err)
		ok = false
	}
	if sec := route.Operation.Security; sec != nil && len(*sec) == 0 && req.Header.Get("Authorization") != "" {
		s.violate("%s request: Authorization header sent to an operation without security", op)
		ok = false
	}
	return in, op, ok
}

// authenticate is the check of the JWT security scheme.
func (s *specChecker) authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecuritySchemeName != "JWT" {
		return fmt.Errorf("unknown security scheme %q", in.SecuritySchemeName)
	}
	values := in.RequestValidationInput.Request.Header.Values("Authorization")
	if len(values) != 1 {
		return fmt.Errorf("%d Authorization headers, want 1", len(values))
	}
	token, ok := strings.CutPrefix(values[0], "JWT ")
	if !ok {
		return errors.New(`Authorization is not "JWT <token>"`)
	}
	s.mu.Lock()
	known := s.tokens[token]
	s.mu.Unlock()
	if !known {
		return errors.New("Authorization carries a token that POST /v1/auth did not hand out")
	}
	return nil
}

// response checks the response to the request of in, and notes the token
// of a successful POST /v1/auth.
func (s *specChecker) response(in *openapi3filter.RequestValidationInput, status int, header http.Header, body []byte) {
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: status, Header: header,
		Options: &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
	}
	out.SetBodyBytes(body)
	op := in.Route.Operation.OperationID
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		s.violate("%s response %d %s: %v", op, status, body, err)
	}
	if op != "authenticate" || status != http.StatusOK {
		return
	}
	var auth struct {
		JWT string `json:"jwt"`
	}
	if err := json.Unmarshal(body, &auth); err == nil && auth.JWT != "" {
		s.mu.Lock()
		s.tokens[auth.JWT] = true
		s.mu.Unlock()
	}
}

func (s *specChecker) violate(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.violations = append(s.violations, fmt.Sprintf(format, args...))
}

// checkConforms fails the test for each violation seen so far.
func (s *specChecker) checkConforms(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range s.violations {
		t.Errorf("not as openapi.yaml says: %s", v)
	}
}

// checkCovers fails the test for each operation of openapi.yaml that no
// request exercised.
func (s *specChecker) checkCovers(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.ops) == 0 {
		t.Errorf("%s has no operation", specPath)
	}
	for _, op := range s.ops {
		if s.seen[op] == 0 {
			t.Errorf("operation %s of openapi.yaml was never requested", op)
		}
	}
}

// operationsSeen returns the operationIds requested so far, sorted.
func (s *specChecker) operationsSeen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.seen))
}

// transport returns a RoundTripper that checks each request and response
// that passes through it, on its way to and from next, and changes neither.
func (s *specChecker) transport(next http.RoundTripper) http.RoundTripper {
	return &checkingTransport{spec: s, next: next}
}

type checkingTransport struct {
	spec *specChecker
	next http.RoundTripper
}

func (c *checkingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := readBody(req.Body)
	if err != nil {
		return nil, err
	}
	in, _, _ := c.spec.request(req, body)
	out := req.Clone(req.Context())
	out.Body = bodyReader(body)
	resp, err := c.next.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	answer, err := readBody(resp.Body)
	if err != nil {
		return nil, err
	}
	resp.Body = bodyReader(answer)
	if resp.Body == nil {
		resp.Body = http.NoBody
	}
	if in != nil {
		c.spec.response(in, resp.StatusCode, resp.Header, answer)
	}
	return resp, nil
}

// TestRequestsConformToSpec calls every facade method on the mocked API,
// which checks each request against openapi.yaml (operation, path
// parameters, query parameters, JSON body, the JWT security scheme) and
// answers with a body that the spec allows. Every operation of the spec
// must be requested, the auth exchange included.
func TestRequestsConformToSpec(t *testing.T) {
	m := setupMock(t)
	for _, tc := range methodCases() {
		if err := tc.call(t.Context(), m.client, mockRefs); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	m.spec.checkConforms(t)
	m.spec.checkCovers(t)
}

// TestFakeConformsToSpec calls every facade method on the fake server
// through a transport that checks each request and each response against
// openapi.yaml, and a few that fail, whose error answers must conform too.
func TestFakeConformsToSpec(t *testing.T) {
	srv := fake.Start(t)
	spec := newSpecChecker(t, srv.URL())
	c := newClient(t, srv, facade.WithTransport(spec.transport(http.DefaultTransport)))
	r := seedRefs(srv, time.Now().Add(time.Hour))
	for _, tc := range methodCases() {
		if err := tc.call(t.Context(), c, r); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	_, err := c.Contacts.Get(t.Context(), r.contact) // deleted by the last case
	if !errors.Is(err, facade.ErrNotFound) {
		t.Errorf("Contacts.Get of a deleted contact: error = %v, want one matching ErrNotFound", err)
	}
	_, err = c.Contacts.Create(t.Context(), &facade.ContactCreate{Email: "grace@example.com"})
	if !errors.Is(err, facade.ErrConflict) {
		t.Errorf("Contacts.Create of a taken email: error = %v, want one matching ErrConflict", err)
	}
	spec.checkConforms(t)
	spec.checkCovers(t)
}

// seedRefs stores in srv the resources that the method cases work on.
func seedRefs(srv *fake.Server, start time.Time) refs {
	r := refs{start: start}
	r.folder = srv.PutFolder(facade.Folder{Name: facade.Ptr("2026")})
	r.email = srv.PutEmail(facade.Email{Name: facade.Ptr("Welcome"), Subject: facade.Ptr("Hello")})
	r.list = srv.PutList(facade.List{Name: facade.Ptr("Test List")})
	r.mailing = srv.PutMailingList(facade.MailingList{Name: facade.Ptr("Newsletter")})
	r.property = srv.PutProperty(facade.Property{Name: facade.Ptr("Company"), Shortcode: facade.Ptr("company")})
	r.contact = srv.PutContact(facade.Contact{Email: facade.Ptr("ada@example.com")})
	r.campaign = srv.PutCampaign(facade.Campaign{Name: facade.Ptr("Spring"), Type: facade.Ptr(facade.EmailCampaignType),
		Status: facade.Ptr(facade.CampaignDraft), FolderID: facade.Ptr(r.folder),
		Emails: []facade.EmailVariant{{EmailID: r.email}}, Lists: []facade.CampaignList{facade.IncludeList(r.list)}})
	return r
}

// TestSpecCheckerRejects shows that the checker the conformance tests
// rely on fails what openapi.yaml does not allow, request by request.
func TestSpecCheckerRejects(t *testing.T) {
	const base = facade.DefaultBaseURL
	auth := "JWT " + mockJWT
	tests := []struct {
		name, method, target, auth, contentType, body string
		wantOK                                        bool
	}{
		{name: "a conforming request", method: "GET", target: "/v1/contact?limit=5", auth: auth, wantOK: true},
		{name: "a conforming write", method: "PUT", target: "/v1/folder/" + folderID, auth: auth,
			contentType: "application/json", body: `{"name":"x"}`, wantOK: true},
		{name: "Bearer scheme", method: "GET", target: "/v1/contact", auth: "Bearer " + mockJWT},
		{name: "no Authorization", method: "GET", target: "/v1/contact"},
		{name: "a token never handed out", method: "GET", target: "/v1/contact", auth: "JWT " + testsupport.JWTPayload(`{"exp":1}`)},
		{name: "Authorization on the auth exchange", method: "POST", target: "/v1/auth", auth: auth,
			contentType: "application/json", body: `{"apikey":"k","secret":"s"}`},
		{name: "limit 0", method: "GET", target: "/v1/contact?limit=0", auth: auth},
		{name: "negative skip", method: "GET", target: "/v1/contact?skip=-1", auth: auth},
		{name: "id not an ObjectId", method: "GET", target: "/v1/contact/42", auth: auth},
		{name: "unknown path", method: "GET", target: "/v1/contacts", auth: auth},
		{name: "trailing slash", method: "GET", target: "/v1/contact/", auth: auth},
		{name: "PATCH for a partial update", method: "PATCH", target: "/v1/contact/" + contactID, auth: auth,
			contentType: "application/json", body: `{"properties":{}}`},
		{name: "required field missing", method: "POST", target: "/v1/folder", auth: auth,
			contentType: "application/json", body: `{"description":"x"}`},
		{name: "property value not a string", method: "POST", target: "/v1/contact", auth: auth,
			contentType: "application/json", body: `{"email":"a@example.com","properties":{"score":42}}`},
		{name: "campaign of type 5", method: "POST", target: "/v1/campaign", auth: auth,
			contentType: "application/json", body: `{"name":"x","folder":"` + folderID + `","type":5}`},
		{name: "body not JSON", method: "POST", target: "/v1/folder", auth: auth,
			contentType: "text/plain", body: `name=x`},
		{name: "body on a GET", method: "GET", target: "/v1/contact", auth: auth,
			contentType: "application/json", body: `{}`},
		{name: "startdate not a date-time", method: "GET", target: "/v1/metric/campaign/" + campaignID + "?startdate=yesterday", auth: auth},
		{name: "unknown metrics element", method: "GET", target: "/v1/metric/list/" + listID, auth: auth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := newSpecChecker(t, base)
			spec.tokens[mockJWT] = true
			req := httptestRequest(t, tt.method, base+tt.target, tt.body)
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			_, _, ok := spec.request(req, []byte(tt.body))
			if ok != tt.wantOK || (len(spec.violations) == 0) != tt.wantOK {
				t.Errorf("%s %s: conforms = %v (violations %q), want %v", tt.method, tt.target, ok, spec.violations, tt.wantOK)
			}
		})
	}
}

// TestSpecCheckerRejectsResponses shows that the checker fails answers
// that openapi.yaml does not allow.
func TestSpecCheckerRejectsResponses(t *testing.T) {
	tests := []struct {
		name, target string
		status       int
		body         string
		wantOK       bool
	}{
		{name: "a conforming contact", target: "/v1/contact/" + contactID, status: 200, body: cannedContact, wantOK: true},
		{name: "an error body", target: "/v1/contact/" + contactID, status: 404, body: `{"error":"not found"}`, wantOK: true},
		{name: "subscribed not a boolean", target: "/v1/contact/" + contactID, status: 200, body: `{"subscribed":"yes"}`},
		{name: "created not a date-time", target: "/v1/contact/" + contactID, status: 200, body: `{"created":"yesterday"}`},
		{name: "an object for a page", target: "/v1/contact", status: 200, body: `{"items":[]}`},
		{name: "status not d, a or i", target: "/v1/campaign/" + campaignID, status: 200, body: `{"status":"x"}`},
		{name: "_id not an ObjectId", target: "/v1/campaign/" + campaignID, status: 200, body: `{"_id":"42"}`},
		{name: "not JSON", target: "/v1/contact/" + contactID, status: 200, body: `<html></html>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := newSpecChecker(t, facade.DefaultBaseURL)
			spec.tokens[mockJWT] = true
			req := httptestRequest(t, "GET", facade.DefaultBaseURL+tt.target, "")
			req.Header.Set("Authorization", "JWT "+mockJWT)
			in, _, ok := spec.request(req, nil)
			if !ok {
				t.Fatalf("request GET %s: %q", tt.target, spec.violations)
			}
			spec.response(in, tt.status, http.Header{"Content-Type": {"application/json"}}, []byte(tt.body))
			if ok := len(spec.violations) == 0; ok != tt.wantOK {
				t.Errorf("%d %s: conforms = %v (violations %q), want %v", tt.status, tt.body, ok, spec.violations, tt.wantOK)
			}
		})
	}
}

// httptestRequest returns a request with a context that ends with the test.
func httptestRequest(t *testing.T, method, target, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, target, strings.NewReader(body))
	noErr(t, err, "NewRequest")
	return req
}

// TestSpecUnionsAcceptFacadeValues checks that the union values the facade
// builds validate against their schemas. The variants of both unions
// overlap (open objects), so openapi.yaml declares them anyOf: as oneOf,
// every one of these values would match more than one variant and fail.
func TestSpecUnionsAcceptFacadeValues(t *testing.T) {
	doc, err := loadSpec()
	noErr(t, err, "load "+specPath)
	tests := []struct {
		schema string
		value  any
	}{
		{"CampaignList", jsonValue(t, facade.AllContacts())},
		{"CampaignList", jsonValue(t, facade.IncludeList(listID))},
		{"BatchConfiguration", jsonValue(t, facade.NoBatching())},
	}
	for _, tt := range tests {
		if err := doc.Components.Schemas[tt.schema].Value.VisitJSON(tt.value); err != nil {
			t.Errorf("%s %v does not validate: %v", tt.schema, tt.value, err)
		}
	}
}

// jsonValue returns v encoded and decoded as JSON, as a schema reads it.
func jsonValue(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	noErr(t, err, "Marshal")
	return decodeJSON(b)
}

// TestCheckingTransportCatchesAnswers shows that the transport the fake
// tests check answers with is live: an answer the SDK takes without
// complaint, but which openapi.yaml does not allow, is a violation.
func TestCheckingTransportCatchesAnswers(t *testing.T) {
	srv := fake.Start(t)
	spec := newSpecChecker(t, srv.URL())
	c := newClient(t, srv, facade.WithTransport(spec.transport(http.DefaultTransport)))
	srv.Inject(fake.Fault{Method: "POST", Path: "/v1/folder", Status: http.StatusOK, Body: `{"_id":"42","name":"x"}`})
	folder, err := c.Folders.Create(t.Context(), &facade.FolderCreate{Name: "x"})
	noErr(t, err, "Folders.Create")
	if got, want := *folder.ID, "42"; got != want {
		t.Fatalf("folder id = %q, want %q: the fault did not apply", got, want)
	}
	if len(spec.violations) != 1 || !strings.Contains(spec.violations[0], "createFolder response") {
		t.Errorf("violations = %q, want one, of the createFolder response", spec.violations)
	}
}
