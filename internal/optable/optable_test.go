package optable

import "testing"

func TestRouteMatch(t *testing.T) {
	tests := []struct {
		method, path   string
		wantOp, wantID string
	}{
		{"POST", "/v1/contact/upsert", "upsertContact", ""},
		{"GET", "/v1/contact/upsert", "getContact", "upsert"},
		{"POST", "/v1/contact", "createContact", ""},
		{"GET", "/v1/list/l1/contact", "listListContacts", "l1"},
		{"DELETE", "/v1/list/l1/contact/c%2F2", "removeContactFromList", "c/2"},
		{"GET", "/v1/metric/campaign/m1", "getMetrics", "m1"},
		{"GET", "/v1/contact/", "", ""},
		{"PATCH", "/v1/contact/c1", "", ""},
		{"GET", "/v2/contact", "", ""},
	}
	for _, tt := range tests {
		op, id := Match(tt.method, tt.path)
		if op.Name() != tt.wantOp || id != tt.wantID {
			t.Errorf("match(%s %s) = %q, %q; want %q, %q", tt.method, tt.path, op.Name(), id, tt.wantOp, tt.wantID)
		}
	}
}

func TestRouteResourceOf(t *testing.T) {
	tests := []struct {
		op         *Operation
		path, want string
	}{
		{GetContact, "/v1/contact/c1", "c1"},
		{GetContact, "/v1/contact/c%2F1", "c/1"},
		{GetContact, "/v1/contact/", ""},
		{GetContact, "/v1/contact/c1/x", ""},
		{GetContact, "/v1/email/c1", ""},
		{AddContactToList, "/v1/list/l1/contact/c1", "c1"},
		{ListListContacts, "/v1/list/l1/contact", "l1"},
		{ListContacts, "/v1/contact", ""},
		{GetMetrics, "/v1/metric/campaign/m1", "m1"},
		{nil, "/v1/contact/c1", ""},
	}
	for _, tt := range tests {
		if got := ResourceOf(tt.op, tt.path); got != tt.want {
			t.Errorf("resourceOf(%s, %s) = %q, want %q", tt.op.Name(), tt.path, got, tt.want)
		}
	}
}
