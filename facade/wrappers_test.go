package facade

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jarcoal/httpmock"
)

// wrappersOps is a Middleware that records the Operation of each attempt
// and whether it carried an Authorization header.
type wrappersOps struct {
	mu   sync.Mutex
	ops  []Operation
	auth int
}

func (m *wrappersOps) middleware(next http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		op, ok := OperationFrom(req.Context())
		m.mu.Lock()
		if ok {
			m.ops = append(m.ops, op)
		}
		if req.Header.Get("Authorization") != "" {
			m.auth++
		}
		m.mu.Unlock()
		return next.RoundTrip(req)
	})
}

func (m *wrappersOps) seen() []Operation {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.ops)
}

// wireHeaders returns the header of each request rec saw.
func wireHeaders(rec *recorder) []http.Header {
	var hs []http.Header
	for _, s := range rec.seen() {
		hs = append(hs, s.Header)
	}
	return hs
}

const wrappersContact = `{"_id":"` + contactID + `","email":"ada@example.com"}`

func TestMiddlewareSeesOperationAttemptAndResource(t *testing.T) {
	rec := &wrappersOps{}
	f := setup(t, WithMiddleware(rec.middleware))
	f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(503, `{}`), respondJSON(200, wrappersContact))
	f.on(http.MethodPost, "/v1/list/"+listID+"/contact/"+contactID, respondJSON(200, `{}`))
	f.on(http.MethodGet, "/v1/contact", respondJSON(200, `[]`))
	ctx := context.Background()
	_, err := f.client.Contacts.Get(ctx, contactID)
	noErr(t, err, "Get")
	noErr(t, f.client.Lists.AddContact(ctx, listID, contactID), "AddContact")
	p, err := f.client.Contacts.List(nil)
	noErr(t, err, "List")
	for _, err := range p.All(ctx) {
		noErr(t, err, "walk")
	}
	want := []Operation{
		{ID: "getContact", ResourceID: contactID, Attempt: 1},
		{ID: "getContact", ResourceID: contactID, Attempt: 2},
		{ID: "addContactToList", ResourceID: contactID, Attempt: 1},
		{ID: "listContacts", Attempt: 1},
	}
	if diff := cmp.Diff(want, rec.seen()); diff != "" {
		t.Errorf("operations the middleware saw (-want +got):\n%s", diff)
	}
	if rec.auth != 0 {
		t.Errorf("the middleware saw %d requests with an Authorization header, want 0 (auth is below it)", rec.auth)
	}
}

func TestOperationFromOutsideTheChain(t *testing.T) {
	if op, ok := OperationFrom(context.Background()); ok || op != (Operation{}) {
		t.Errorf("OperationFrom(Background) = %+v, %v; want zero, false", op, ok)
	}
}

func TestMiddlewareOrderAndValidation(t *testing.T) {
	var mu sync.Mutex
	var order []string
	named := func(name string) Middleware {
		return func(next http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(req *http.Request) (*http.Response, error) {
				mu.Lock()
				order = append(order, name)
				mu.Unlock()
				return next.RoundTrip(req)
			})
		}
	}
	f := setup(t, WithMiddleware(named("a"), named("b")), WithMiddleware(named("c")))
	f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(200, wrappersContact))
	_, err := f.client.Contacts.Get(context.Background(), contactID)
	noErr(t, err, "Get")
	if want := []string{"a", "b", "c"}; !slices.Equal(order, want) {
		t.Errorf("middleware ran in order %v, want %v", order, want)
	}
	_, err = New(testAPIKey, testSecret, WithMiddleware(nil))
	wantErr(t, err, ErrInvalidArgument, "WithMiddleware(nil)")
	_, err = New(testAPIKey, testSecret, WithMiddleware(func(http.RoundTripper) http.RoundTripper { return nil }))
	wantErr(t, err, ErrInvalidArgument, "a middleware returning nil")
}

func TestCallHeaderOnEveryAttempt(t *testing.T) {
	f := setup(t)
	wire := f.on(http.MethodGet, "/v1/contact/"+contactID,
		respondJSON(503, `{}`), respondJSON(502, `{}`), respondJSON(200, wrappersContact))
	ctx := context.Background()
	_, err := f.client.Contacts.Get(ctx, contactID, WithHeader("X-Trace", "t-1"), WithHeader("x-trace", "t-2"))
	noErr(t, err, "Get")
	_, err = f.client.Contacts.Get(ctx, contactID)
	noErr(t, err, "Get without options")
	seen := wireHeaders(wire)
	if len(seen) != 4 {
		t.Fatalf("%d requests on the wire, want 4 (3 attempts, then 1)", len(seen))
	}
	for i, h := range seen[:3] {
		if got := h.Values("X-Trace"); !slices.Equal(got, []string{"t-1", "t-2"}) {
			t.Errorf("attempt %d: X-Trace = %q, want [t-1 t-2]", i+1, got)
		}
		if !strings.HasPrefix(h.Get("Authorization"), "JWT ") || !strings.HasPrefix(h.Get("User-Agent"), "leadfox-go/") {
			t.Errorf("attempt %d lost the chain's headers: %v", i+1, h)
		}
	}
	if got := seen[3].Values("X-Trace"); len(got) != 0 {
		t.Errorf("a call without the option sent X-Trace %q", got)
	}
}

func TestCallHeaderOnEveryPage(t *testing.T) {
	f := setup(t)
	wire := f.on(http.MethodGet, "/v1/contact",
		respondJSON(200, `[{"_id":"`+contactID+`"}]`), respondJSON(200, `[]`))
	var resp Response
	p, err := f.client.Contacts.List(&ListOptions{PageSize: 1}, WithHeader("X-Tenant", "t"), WithResponseInto(&resp))
	noErr(t, err, "List")
	for _, err := range p.All(context.Background()) {
		noErr(t, err, "walk")
	}
	seen := wireHeaders(wire)
	if len(seen) != 2 {
		t.Fatalf("%d page requests, want 2", len(seen))
	}
	for i, h := range seen {
		if h.Get("X-Tenant") != "t" {
			t.Errorf("page request %d has X-Tenant %q, want t", i+1, h.Get("X-Tenant"))
		}
	}
	if resp.StatusCode != 200 {
		t.Errorf("WithResponseInto after the walk: status %d, want 200", resp.StatusCode)
	}
	_, err = f.client.Contacts.List(nil, WithCallMaxAttempts(-1))
	wantErr(t, err, ErrInvalidArgument, "List with a bad call option")
}

func TestCallMaxAttemptsForOneCall(t *testing.T) {
	f := setup(t)
	rec := f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(503, `{"error":"down"}`))
	ctx := context.Background()
	_, err := f.client.Contacts.Get(ctx, contactID, WithCallMaxAttempts(1))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Fatalf("Get with one attempt: %v, want a 503 APIError", err)
	}
	if n := len(rec.seen()); n != 1 {
		t.Errorf("WithCallMaxAttempts(1): %d attempts, want 1", n)
	}
	_, err = f.client.Contacts.Get(ctx, contactID)
	wantErr(t, err, ErrServer, "Get with the client's policy")
	if n := len(rec.seen()); n != 1+DefaultMaxAttempts {
		t.Errorf("the next call without options made %d attempts, want %d", n-1, DefaultMaxAttempts)
	}
	_, err = f.client.Contacts.Get(ctx, contactID, WithCallMaxAttempts(5))
	wantErr(t, err, ErrServer, "Get with five attempts")
	if n := len(rec.seen()); n != 1+DefaultMaxAttempts+5 {
		t.Errorf("WithCallMaxAttempts(5): %d attempts, want 5", n-1-DefaultMaxAttempts)
	}
}

func TestCallAttemptTimeout(t *testing.T) {
	// The Client sets no attempt timeout: only the call's ends the stall.
	rec := &wrappersOps{}
	f := setup(t, WithAttemptTimeout(0), WithMiddleware(rec.middleware))
	f.on(http.MethodGet, "/v1/contact/"+contact2ID, respondJSON(200, wrappersContact))
	f.mock.RegisterResponder(http.MethodGet, testBase+"/v1/contact/"+contactID, func(req *http.Request) (*http.Response, error) {
		<-req.Context().Done()
		return nil, req.Context().Err()
	})
	ctx := context.Background()
	// The token is fetched first, so that no exchange runs in the short attempts.
	_, err := f.client.Contacts.Get(ctx, contact2ID)
	noErr(t, err, "Get")
	_, err = f.client.Contacts.Get(ctx, contactID, WithCallAttemptTimeout(time.Millisecond), WithCallMaxAttempts(2))
	wantErr(t, err, ErrAttemptTimeout, "Get with a call attempt timeout")
	if n := len(rec.seen()); n != 3 {
		t.Errorf("%d attempts of the stalled Get, want 2", n-1)
	}
}

func TestInvalidCallOptionsSendNothing(t *testing.T) {
	const secretish = "value-NEVER-IN-AN-ERROR"
	bad := map[string]CallOption{
		"empty header name":    WithHeader("", "v"),
		"space in header name": WithHeader("X Trace", "v"),
		"Authorization":        WithHeader("authorization", secretish),
		"User-Agent":           WithHeader("User-Agent", "v"),
		"newline in value":     WithHeader("X-Key", secretish+"\r\nX-Evil: 1"),
		"NUL in value":         WithHeader("X-Key", secretish+"\x00"),
		"negative timeout":     WithCallAttemptTimeout(-time.Second),
		"zero attempts":        WithCallMaxAttempts(0),
		"nil response":         WithResponseInto(nil),
	}
	f := setup(t)
	ctx := context.Background()
	for name, opt := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := f.client.Contacts.Get(ctx, contactID, opt)
			wantErr(t, err, ErrInvalidArgument, name)
			if strings.Contains(err.Error(), secretish) {
				t.Errorf("the error shows the header's value: %v", err)
			}
			err = f.client.Lists.AddContact(ctx, listID, contactID, nil, opt)
			wantErr(t, err, ErrInvalidArgument, name+" (AddContact)")
			_, err = CallContext(ctx, opt)
			wantErr(t, err, ErrInvalidArgument, name+" (CallContext)")
		})
	}
	if n := len(f.mock.GetCallCountInfo()); f.mock.GetTotalCallCount() != 0 {
		t.Errorf("%d requests sent (%d routes) with invalid call options, want none", f.mock.GetTotalCallCount(), n)
	}
}

func TestResponseInto(t *testing.T) {
	f := setup(t)
	ok := jsonResponse(200, wrappersContact)
	defer func() { _ = ok.Body.Close() }()
	ok.Header.Set("X-Request-ID", "req-42")
	f.on(http.MethodGet, "/v1/contact/"+contactID, httpmock.ResponderFromResponse(ok))
	missing := jsonResponse(404, `{"error":"no such contact"}`)
	defer func() { _ = missing.Body.Close() }()
	missing.Header.Set("Request-Id", "req-43")
	f.on(http.MethodGet, "/v1/contact/"+contact2ID, httpmock.ResponderFromResponse(missing))
	f.mock.RegisterResponder(http.MethodDelete, testBase+"/v1/contact/"+contactID, httpmock.NewErrorResponder(errors.New("connection refused")))
	ctx := context.Background()

	var r Response
	_, err := f.client.Contacts.Get(ctx, contactID, WithResponseInto(&r))
	noErr(t, err, "Get")
	if r.StatusCode != 200 || r.RequestID != "req-42" || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("on success: %+v, want 200, req-42 and the header", r)
	}
	_, err = f.client.Contacts.Get(ctx, contact2ID, WithResponseInto(&r))
	wantErr(t, err, ErrNotFound, "Get of a missing contact")
	if r.StatusCode != 404 || r.RequestID != "req-43" {
		t.Errorf("on an APIError: %+v, want 404 and req-43", r)
	}
	err = f.client.Contacts.Delete(ctx, contactID, WithResponseInto(&r), WithCallMaxAttempts(1))
	if err == nil {
		t.Fatal("Delete over a refused connection succeeded")
	}
	if r.StatusCode != 0 || r.Header != nil || r.RequestID != "" {
		t.Errorf("with no response: %+v, want the zero Response", r)
	}
	r = Response{StatusCode: 299}
	rawCtx, err := CallContext(ctx, WithResponseInto(&r), WithCallMaxAttempts(1))
	noErr(t, err, "CallContext")
	if err := DecodeNoContent(f.client.Raw().DeleteContact(rawCtx, contactID)); err == nil || !strings.Contains(err.Error(), "deleteContact") { //nolint:bodyclose // Decode closes the body
		t.Errorf("raw Delete over a refused connection: %v, want an error naming deleteContact", err)
	}
	if r.StatusCode != 0 {
		t.Errorf("raw call with no response: %+v, want the zero Response", r)
	}
}

func TestRawGoesThroughTheChain(t *testing.T) {
	rec := &wrappersOps{}
	f := setup(t, WithMiddleware(rec.middleware), WithUserAgent("wrapper/1"))
	wire := f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(503, `{}`), respondJSON(200, wrappersContact))
	ctx, err := CallContext(context.Background(), WithHeader("X-Trace", "raw"))
	noErr(t, err, "CallContext")
	var r Response
	ctx, err = CallContext(ctx, WithResponseInto(&r))
	noErr(t, err, "CallContext")
	contact, err := Decode[Contact](f.client.Raw().GetContact(ctx, contactID)) //nolint:bodyclose // Decode closes the body
	noErr(t, err, "Raw GetContact")
	if contact.ID == nil || *contact.ID != contactID {
		t.Errorf("decoded contact %+v, want id %s", contact, contactID)
	}
	seen := wireHeaders(wire)
	if len(seen) != 2 {
		t.Fatalf("%d attempts on the wire, want 2 (503 retried)", len(seen))
	}
	for i, h := range seen {
		if h.Get("Authorization") != "JWT "+testJWT || !strings.HasSuffix(h.Get("User-Agent"), " wrapper/1") || h.Get("X-Trace") != "raw" {
			t.Errorf("attempt %d: Authorization, User-Agent or X-Trace missing: %v", i+1, h)
		}
	}
	want := []Operation{{ID: "getContact", ResourceID: contactID, Attempt: 1}, {ID: "getContact", ResourceID: contactID, Attempt: 2}}
	if diff := cmp.Diff(want, rec.seen()); diff != "" {
		t.Errorf("operations of the raw call (-want +got):\n%s", diff)
	}
	if r.StatusCode != 200 {
		t.Errorf("WithResponseInto of a raw call: status %d, want 200", r.StatusCode)
	}
}

// TestRawRetriesPerOperation checks that a raw call gets its operation's
// policy: upsertContact, marked x-idempotent, is retried after a 503;
// createContact, a POST like it, is not.
func TestRawRetriesPerOperation(t *testing.T) {
	f := setup(t)
	upsert := f.on(http.MethodPost, "/v1/contact/upsert", respondJSON(503, `{}`), respondJSON(200, wrappersContact))
	create := f.on(http.MethodPost, "/v1/contact", respondJSON(503, `{"error":"busy"}`), respondJSON(200, wrappersContact))
	ctx := context.Background()
	body := ContactCreate{Email: "ada@example.com"}
	_, err := Decode[Contact](f.client.Raw().UpsertContact(ctx, body)) //nolint:bodyclose // Decode closes the body
	noErr(t, err, "raw upsertContact")
	_, err = Decode[Contact](f.client.Raw().CreateContact(ctx, body)) //nolint:bodyclose // Decode closes the body
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Operation != "createContact" {
		t.Fatalf("raw createContact: %v, want the 503 as an APIError of createContact", err)
	}
	if u, c := len(upsert.seen()), len(create.seen()); u != 2 || c != 1 {
		t.Errorf("attempts: upsertContact %d, createContact %d; want 2 and 1", u, c)
	}
	for _, s := range upsert.seen() {
		if s.Operation != "upsertContact" {
			t.Errorf("the raw upsert's context holds operation %q, want upsertContact", s.Operation)
		}
	}
	err = DecodeNoContent(f.client.Raw().DeleteContact(ctx, contactID)) //nolint:bodyclose // Decode closes the body
	if !errors.Is(err, ErrNotFound) && !strings.Contains(err.Error(), "deleteContact") {
		t.Errorf("raw deleteContact with no responder: %v, want an error naming deleteContact", err)
	}
}

func TestRawUnderABasePath(t *testing.T) {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodPost, "https://proxy.test/leadfox/v1/auth", authResponder)
	var got []Operation
	mock.RegisterResponder(http.MethodGet, "https://proxy.test/leadfox/v1/contact/"+contactID, func(req *http.Request) (*http.Response, error) {
		op, _ := OperationFrom(req.Context())
		got = append(got, op)
		return jsonResponse(200, wrappersContact), nil
	})
	c, err := New(testAPIKey, testSecret, WithBaseURL("https://proxy.test/leadfox/"), WithTransport(mock))
	noErr(t, err, "New")
	_, err = Decode[Contact](c.Raw().GetContact(context.Background(), contactID)) //nolint:bodyclose // Decode closes the body
	noErr(t, err, "raw GetContact")
	if want := []Operation{{ID: "getContact", ResourceID: contactID, Attempt: 1}}; !slices.Equal(got, want) {
		t.Errorf("operation below a base path: %+v, want %+v", got, want)
	}
}

// TestNoSecretInWrapperSurfaces prints what the wrapper surfaces hand out
// (the raw client, an Operation, a Response, the request a Middleware
// sees, the errors of Decode) under every verb, and fails if a key,
// secret or token shows.
func TestNoSecretInWrapperSurfaces(t *testing.T) {
	var mu sync.Mutex
	var texts []string
	seenByMiddleware := func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(req *http.Request) (*http.Response, error) {
			op, _ := OperationFrom(req.Context())
			mu.Lock()
			texts = append(texts, fmt.Sprintf("%v %+v %#v | %+v", op, op, req.Header, req.Context()))
			mu.Unlock()
			return next.RoundTrip(req)
		})
	}
	f := setup(t, WithMiddleware(seenByMiddleware))
	echo := jsonResponse(404, `{"error":"no key `+testAPIKey+` with secret `+testSecret+`"}`)
	defer func() { _ = echo.Body.Close() }()
	echo.Header.Set("X-Echo", "JWT "+testJWT)
	echo.Header.Set("X-Request-Id", testSecret)
	f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(503, `{}`), httpmock.ResponderFromResponse(echo))
	var r Response
	ctx, err := CallContext(context.Background(), WithResponseInto(&r))
	noErr(t, err, "CallContext")
	_, err = Decode[Contact](f.client.Raw().GetContact(ctx, contactID)) //nolint:bodyclose // Decode closes the body
	wantErr(t, err, ErrNotFound, "raw GetContact")
	texts = append(texts,
		fmt.Sprintf("%v %+v %#v", f.client.Raw(), f.client.Raw(), f.client.Raw()),
		fmt.Sprintf("%v %+v %#v %s", r, r, r, r.RequestID),
		fmt.Sprintf("%v %+v %#v", err, err, err),
	)
	for _, s := range texts {
		suite.add(s)
		if name := findSecret(s); name != "" {
			t.Errorf("the %s shows in %q", name, s)
		}
	}
}

// TestBulkCallOptions checks that a bulk job puts its call options on
// each of its calls and refuses WithResponseInto, which its concurrent
// calls would race on.
func TestBulkCallOptions(t *testing.T) {
	f := setup(t)
	rec := f.on(http.MethodPost, "/v1/list/"+listID+"/contact/"+contactID, respondJSON(200, `{}`))
	rec2 := f.on(http.MethodPost, "/v1/list/"+listID+"/contact/"+contact2ID, respondJSON(200, `{}`))
	job, err := f.client.Lists.AddContacts(listID, slices.Values([]string{contactID, contact2ID}), nil, WithHeader("X-Job", "j1"))
	noErr(t, err, "AddContacts")
	for r := range job.Results(context.Background()) {
		noErr(t, r.Err, "row")
	}
	for _, h := range append(wireHeaders(rec), wireHeaders(rec2)...) {
		if h.Get("X-Job") != "j1" {
			t.Errorf("a bulk call has X-Job %q, want j1", h.Get("X-Job"))
		}
	}
	if n := len(rec.seen()) + len(rec2.seen()); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}
	var r Response
	_, err = f.client.Contacts.UpsertMany(slices.Values([]*ContactCreate{{Email: "a@example.com"}}), nil, WithResponseInto(&r))
	wantErr(t, err, ErrInvalidArgument, "UpsertMany with WithResponseInto")
	_, err = f.client.Lists.RemoveContacts(listID, slices.Values([]string{contactID}), nil, WithCallMaxAttempts(0))
	wantErr(t, err, ErrInvalidArgument, "RemoveContacts with a bad call option")
}
