package tests

import (
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/leadfox-go/leadfox/clock/clocktest"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// Credentials and answers of the mocked API.
const (
	mockAPIKey  = "apikey-of-the-mocked-api"
	mockSecret  = "secret-of-the-mocked-api"
	mockProduct = "leadfox-tests/1"
)

// mockJWT is the token the mocked API hands out; it expires in 2100.
var mockJWT = testsupport.JWTPayload(`{"sub":"user-1","exp":4102444800}`)

// mockNow is the time of the mocked API's clients.
var mockNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// wantUserAgent is the User-Agent of every request of a mocked API's
// client: the SDK's, then the product the client adds.
var wantUserAgent = "leadfox-go/" + facade.Version + " go/" + runtime.Version() + " " + mockProduct

// wireRequest is a request as it crossed the wire, reduced to what the
// API reads: its operation (by openapi.yaml), method, path, raw query,
// the headers that matter and the decoded JSON body.
type wireRequest struct {
	Op, Method, Path, RawQuery string

	Authorization, ContentType, Accept, UserAgent string

	Body any // the body decoded as JSON; nil when there is none
}

// mockAPI is the Leadfox API made of canned answers, installed with
// httpmock at the bottom of a client's transport chain: retry and auth run
// above it as they do against the live API. It checks every request
// against openapi.yaml, records it, and answers the spec-valid canned body
// of the request's operation (see cannedAnswer).
type mockAPI struct {
	client *facade.Client
	spec   *specChecker

	// failFirst, if not 0, is the status of the answer to the first
	// request of each operation but authenticate.
	failFirst int

	mu   sync.Mutex
	reqs []wireRequest
}

// setupMock returns a mockAPI whose client talks to facade.DefaultBaseURL
// (httpmock answers; nothing leaves the process) with the mocked
// credentials, a User-Agent product and an auto clocktest.Clock at mockNow.
func setupMock(t *testing.T) *mockAPI {
	t.Helper()
	m := &mockAPI{spec: newSpecChecker(t, facade.DefaultBaseURL)}
	mock := httpmock.NewMockTransport()
	mock.RegisterNoResponder(m.respond)
	c, err := facade.New(mockAPIKey, mockSecret,
		facade.WithTransport(mock),
		facade.WithUserAgent(mockProduct),
		facade.WithClock(clocktest.NewAuto(mockNow)))
	if err != nil {
		t.Fatalf("facade.New: %v", err)
	}
	m.client = c
	return m
}

// respond is the one httpmock responder of the mocked API.
func (m *mockAPI) respond(req *http.Request) (*http.Response, error) {
	body, err := readBody(req.Body)
	if err != nil {
		return nil, err
	}
	in, op, ok := m.spec.request(req, body)
	first := m.record(req, op, body)
	if !ok {
		return httpmock.NewStringResponse(http.StatusBadRequest, `{"error":"not in openapi.yaml"}`), nil
	}
	status, answer := cannedAnswer(op)
	if first && m.failFirst != 0 && op != "authenticate" {
		status, answer = m.failFirst, []byte(`{"error":"try again"}`)
	}
	resp := httpmock.NewBytesResponse(status, answer)
	if len(answer) > 0 {
		resp.Header.Set("Content-Type", "application/json")
	}
	m.spec.response(in, resp.StatusCode, resp.Header, answer)
	return resp, nil
}

// record records req and reports whether it is the first of operation op.
func (m *mockAPI) record(req *http.Request, op string, body []byte) bool {
	r := wireRequest{
		Op: op, Method: req.Method, Path: req.URL.Path, RawQuery: req.URL.RawQuery,
		Authorization: req.Header.Get("Authorization"),
		ContentType:   req.Header.Get("Content-Type"),
		Accept:        req.Header.Get("Accept"),
		UserAgent:     req.Header.Get("User-Agent"),
		Body:          decodeJSON(body),
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	first := !slices.ContainsFunc(m.reqs, func(r wireRequest) bool { return r.Op == op })
	m.reqs = append(m.reqs, r)
	return first
}

// requests returns the requests of operation op received so far.
func (m *mockAPI) requests(op string) []wireRequest {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []wireRequest
	for _, r := range m.reqs {
		if r.Op == op {
			out = append(out, r)
		}
	}
	return out
}

// Ids of the mocked API's resources.
const (
	campaignID = "5f0c8a3b9d1e2a00123456bb"
	contactID  = "5f0c8a3b9d1e2a0012345678"
	emailID    = "5f0c8a3b9d1e2a00123456dd"
	folderID   = "5f0c8a3b9d1e2a00123456cc"
	listID     = "5f0c8a3b9d1e2a00123456aa"
	mailingID  = "5f0c8a3b9d1e2a00123456ff"
	propertyID = "5f0c8a3b9d1e2a00123456ee"
)

// Canned resources: every field the spec names, and one it does not, which
// the spec allows.
const (
	cannedContact = `{"_id":"` + contactID + `","_owner":"client-1","email":"ada@example.com","name":"Ada Lovelace",
		"properties":{"firstname":"Ada","company":"Acme Inc."},"subscribed":true,"created":"2026-01-02T03:04:05.000Z",
		"lifecycle":"lead","lists":[{"list":"` + listID + `","time":"2026-01-03T00:00:00.000Z"}],
		"mailinglists":[{"mailinglist":"` + mailingID + `","status":"opt-in","updated":"2026-01-04T00:00:00.000Z"}],
		"sessionTrackingConsent":{"status":"GRANTED","updated":"2026-01-05T00:00:00.000Z"},
		"emailTrackingConsent":{"status":"DENIED","updated":"2026-01-05T00:00:00.000Z"},"source":"import"}`
	cannedCampaign = `{"_id":"` + campaignID + `","_owner":"client-1","name":"Spring","description":"Spring sale",
		"folder":"` + folderID + `","type":2,"status":"d","start":"2026-02-01T09:00:00.000Z",
		"batchConfiguration":{"type":"none"},"emails":[{"email":"` + emailID + `","weight":100}],
		"lists":[{"list":"` + listID + `"}],"mailinglist":{"mailinglist":"` + mailingID + `","statusFilter":2,"language":"en"}}`
	cannedEmail = `{"_id":"` + emailID + `","_owner":"client-1","name":"Welcome","description":"d","subject":"Hello",
		"preheader":"Hi","fromemail":"news@example.com","fromname":"News","unsubscribetext":"Bye","editor":"bee",
		"body":"<p>Hello</p>","json":"{}"}`
	cannedFolder   = `{"_id":"` + folderID + `","_owner":"client-1","name":"2026","description":"This year"}`
	cannedList     = `{"_id":"` + listID + `","_owner":"client-1","name":"Test List","description":"d"}`
	cannedMailing  = `{"_id":"` + mailingID + `","_owner":"client-1","name":"Newsletter","description":"Monthly"}`
	cannedProperty = `{"_id":"` + propertyID + `","_owner":"client-1","name":"Company","shortcode":"company","description":"Employer"}`
	cannedMetrics  = `[{"_id":"` + campaignID + `","sent":10,"open":7,"uniqueopen":5,"click":3,"uniqueclick":2,"bounce":1,"unsubscribe":0,"spam":0}]`
)

// cannedAnswer returns the status and body the mocked API answers to a
// request of operation op: a one-item page for a collection, the resource
// for one, and no body where the spec declares none.
func cannedAnswer(op string) (int, []byte) {
	answers := map[string]string{
		"authenticate":     `{"jwt":"` + mockJWT + `","mode":"apikey","client":"Acme","clientid":"client-1"}`,
		"listCampaigns":    "[" + cannedCampaign + "]",
		"listContacts":     "[" + cannedContact + "]",
		"listListContacts": "[" + cannedContact + "]",
		"listEmails":       "[" + cannedEmail + "]",
		"listFolders":      "[" + cannedFolder + "]",
		"listLists":        "[" + cannedList + "]",
		"listMailingLists": "[" + cannedMailing + "]",
		"listProperties":   "[" + cannedProperty + "]",
		"getMetrics":       cannedMetrics,
	}
	switch {
	case answers[op] != "":
		return http.StatusOK, []byte(answers[op])
	case op == "deleteContact" || op == "removeContactFromList":
		return http.StatusNoContent, nil
	case op == "addContactToList":
		return http.StatusOK, nil
	case op == "updateCampaign": // Schedule and Send check that the answer is active
		return http.StatusOK, []byte(strings.Replace(cannedCampaign, `"status":"d"`, `"status":"a"`, 1))
	case strings.HasSuffix(op, "Campaign"):
		return http.StatusOK, []byte(cannedCampaign)
	case strings.HasSuffix(op, "Contact"):
		return http.StatusOK, []byte(cannedContact)
	case strings.HasSuffix(op, "Email"):
		return http.StatusOK, []byte(cannedEmail)
	case strings.HasSuffix(op, "Folder"):
		return http.StatusOK, []byte(cannedFolder)
	case strings.HasSuffix(op, "List"):
		return http.StatusOK, []byte(cannedList)
	case strings.HasSuffix(op, "Property"):
		return http.StatusOK, []byte(cannedProperty)
	}
	return http.StatusNotFound, []byte(`{"error":"no canned answer for ` + op + `"}`)
}
