package fake

import (
	"reflect"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/generated"
)

// TestStoreKeysAreTheSpecs checks the JSON names the store reads and fills
// in against the generated types, so that a field the spec renames fails
// here instead of being stored under its old name.
func TestStoreKeysAreTheSpecs(t *testing.T) {
	resources := []any{generated.Campaign{}, generated.Contact{}, generated.Email{}, generated.Folder{},
		generated.List{}, generated.MailingList{}, generated.Property{}}
	for _, r := range resources {
		for _, key := range []string{keyID, keyOwner} {
			if !hasJSONField(r, key) {
				t.Errorf("%T has no JSON field %q, which the store fills in", r, key)
			}
		}
	}
	for _, key := range []string{keyEmail, keyCreated} {
		if !hasJSONField(generated.Contact{}, key) {
			t.Errorf("generated.Contact has no JSON field %q, which the store reads", key)
		}
	}
}

// hasJSONField reports whether the struct v has a field encoded as name.
func hasJSONField(v any, name string) bool {
	typ := reflect.TypeOf(v)
	for i := range typ.NumField() {
		tag, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if tag == name {
			return true
		}
	}
	return false
}
