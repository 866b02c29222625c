package facade

import (
	"errors"
	"net/http"
	"testing"
)

// TestAPIErrorKeepsAnUnknownBodyShape answers with an error body of a
// shape the facade does not know ({"code":…,"detail":…}, as another
// vendor version might send): its text must reach APIError.Message, not
// be dropped.
func TestAPIErrorKeepsAnUnknownBodyShape(t *testing.T) {
	f := setup(t)
	f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(http.StatusNotFound, `{"code":404,"detail":"no such contact"}`))
	_, err := f.client.Contacts.Get(t.Context(), contactID)
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an *APIError", err)
	}
	if got, want := apiErr.Message, "code: 404; detail: no such contact"; got != want {
		t.Errorf("Message = %q, want %q", got, want)
	}
}
