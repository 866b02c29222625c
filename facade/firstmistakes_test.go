package facade

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The first mistakes a user makes, each answered by a clear error before
// any request, or accepted and working where that is what the user means.

// TestBaseURLEndingInV1 checks that a base URL ending in /v1, as the
// vendor prints it, reaches the API's paths, not /v1/v1.
func TestBaseURLEndingInV1(t *testing.T) {
	for _, base := range []string{testBase + "/v1", testBase + "/v1/"} {
		t.Run(base, func(t *testing.T) {
			f := setup(t, WithBaseURL(base))
			r := f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(http.StatusOK, `{"_id":"`+contactID+`"}`))
			c, err := f.client.Contacts.Get(context.Background(), contactID)
			noErr(t, err, "Get")
			if c.GetID() != contactID || len(r.seen()) != 1 {
				t.Fatalf("Get = %q after %d requests, want %q after 1", c.GetID(), len(r.seen()), contactID)
			}
		})
	}
}

// TestNilContextIsAnError calls every service method that takes a
// context with a nil one: each returns an error matching
// ErrInvalidArgument, without a panic and without a request.
func TestNilContextIsAnError(t *testing.T) {
	f := setup(t)
	ctxType := reflect.TypeFor[context.Context]()
	services := reflect.ValueOf(f.client).Elem()
	n := 0
	for i := range services.NumField() {
		svc := services.Field(i)
		if !services.Type().Field(i).IsExported() || svc.Kind() != reflect.Pointer || !strings.HasSuffix(svc.Type().Elem().Name(), "Service") {
			continue
		}
		for j := range svc.NumMethod() {
			m, mt := svc.Method(j), svc.Type().Method(j)
			if m.Type().NumIn() == 0 || m.Type().In(0) != ctxType {
				continue
			}
			n++
			name := svc.Type().Elem().Name() + "." + mt.Name
			err := callWithNilContext(t, m)
			if !errors.Is(err, ErrInvalidArgument) {
				t.Errorf("%s(nil, ...) = %v, want an error matching ErrInvalidArgument", name, err)
			}
		}
	}
	if n < 25 {
		t.Errorf("called %d methods, want at least 25", n)
	}
	if _, err := CallContext(nil, WithHeader("X-Test", "1")); !errors.Is(err, ErrInvalidArgument) { //nolint:staticcheck // the test passes nil on purpose
		t.Errorf("CallContext(nil) = %v, want an error matching ErrInvalidArgument", err)
	}
	if got := f.apiCalls(); got != 0 {
		t.Errorf("%d requests were sent, want none", got)
	}
}

// callWithNilContext calls m with a nil context and valid-looking other
// arguments (ObjectIds, empty bodies, a start in an hour), and returns
// its error, or a panic as an error.
func callWithNilContext(t *testing.T, m reflect.Value) (err error) {
	t.Helper()
	mt := m.Type()
	args := []reflect.Value{reflect.Zero(mt.In(0))}
	for k := 1; k < mt.NumIn(); k++ {
		in := mt.In(k)
		switch {
		case mt.IsVariadic() && k == mt.NumIn()-1:
			continue
		case in.Kind() == reflect.String:
			args = append(args, reflect.ValueOf(contactID).Convert(in))
		case in == reflect.TypeFor[time.Time]():
			args = append(args, reflect.ValueOf(testNow.Add(time.Hour)))
		case in.Kind() == reflect.Pointer:
			args = append(args, reflect.New(in.Elem()))
		default:
			args = append(args, reflect.Zero(in))
		}
	}
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("panic: " + strings.Split(strings.TrimSpace(reflect.ValueOf(r).String()), "\n")[0])
		}
	}()
	out := m.Call(args)
	err, _ = out[len(out)-1].Interface().(error)
	return err
}

// TestCampaignErrorsSayEachThingOnce checks the wording of the guard's
// refusals of an answer: the package prefix first, once, and "unsupported
// campaign type" once.
func TestCampaignErrorsSayEachThingOnce(t *testing.T) {
	const other = "5f0c8a3b9d1e2a00123456b0"
	answer := func(id string, typ int) string {
		return `{"_id":"` + id + `","type":` + map[bool]string{true: "2", false: "5"}[typ == 2] + `,"name":"n","emails":[{"email":"` + emailID + `"}],"lists":[{"list":null}]}`
	}
	ctx := context.Background()
	tests := []struct {
		name string
		call func(f *fixture) error
	}{
		{"Get of another campaign", func(f *fixture) error {
			f.on(http.MethodGet, "/v1/campaign/"+campaignID, respondJSON(http.StatusOK, answer(other, 2)))
			_, err := f.client.Campaigns.Get(ctx, campaignID)
			return err
		}},
		{"Create answered with type 5", func(f *fixture) error {
			f.on(http.MethodPost, "/v1/campaign", respondJSON(http.StatusOK, answer(campaignID, 5)))
			_, err := f.client.Campaigns.Create(ctx, &CampaignCreate{Name: "n", FolderID: folderID, Emails: []EmailVariant{{EmailID: emailID}}})
			return err
		}},
		{"Update answered with type 5", func(f *fixture) error {
			f.on(http.MethodGet, "/v1/campaign/"+campaignID, respondJSON(http.StatusOK, answer(campaignID, 2)))
			f.on(http.MethodPut, "/v1/campaign/"+campaignID, respondJSON(http.StatusOK, answer(campaignID, 5)))
			_, err := f.client.Campaigns.Update(ctx, campaignID, &CampaignUpdate{Name: Ptr("m")})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(setup(t))
			wantErr(t, err, ErrUnsupportedCampaignType, tt.name)
			msg := err.Error()
			if !strings.HasPrefix(msg, "facade: ") || strings.Count(msg, "facade:") != 1 || strings.Count(msg, "unsupported campaign type") != 1 {
				t.Errorf("error %q: want the prefix \"facade: \" first and once, and \"unsupported campaign type\" once", msg)
			}
		})
	}
}

// TestListAcceptsUpperCaseIDs walks a collection whose ids, in ObjectId
// order, are written in both cases, as the spec's pattern allows: the walk
// yields them all.
func TestListAcceptsUpperCaseIDs(t *testing.T) {
	f := setup(t)
	ids := []string{"5f0c8a3b9d1e2a00123456aa", "5F0C8A3B9D1E2A00123456AB", "5f0c8a3b9d1e2a00123456ac"}
	r := f.on(http.MethodGet, "/v1/contact",
		respondJSON(http.StatusOK, `[{"_id":"`+ids[0]+`"},{"_id":"`+ids[1]+`"},{"_id":"`+ids[2]+`"}]`),
		respondJSON(http.StatusOK, `[]`))
	p, err := f.client.Contacts.List(&ListOptions{PageSize: 3})
	noErr(t, err, "List")
	got, err := p.Collect(context.Background())
	noErr(t, err, "Collect")
	if len(got) != 3 {
		t.Fatalf("Collect = %d contacts, want 3", len(got))
	}
	if reqs := r.seen(); len(reqs) != 2 || !strings.Contains(reqs[1].Query.Get("filters"), strings.ToLower(ids[2])) {
		t.Errorf("requests %+v: want a second page after %s", reqs, ids[2])
	}
}
