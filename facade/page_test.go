package facade

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/internal/optable"
	"github.com/leadfox-go/leadfox/pager"
	"github.com/leadfox-go/leadfox/query"
)

// TestFetchPageKeepsGoodItems: item 37 of a page of 100 has an email that
// is an object; fetchPage returns the 99 others, and item 37 as an item
// error in its place that names its _id and matches ErrMalformedResponse.
func TestFetchPageKeepsGoodItems(t *testing.T) {
	items := make([]string, 100)
	for i := range items {
		email := fmt.Sprintf(`"c%d@example.com"`, i)
		if i == 37 {
			email = `{"address":"c@example.com"}`
		}
		items[i] = fmt.Sprintf(`{"_id":"5f0c8a3b9d1e%012x","email":%s}`, i, email)
	}
	f := setup(t)
	f.on(http.MethodGet, "/v1/contact", respondJSON(200, "["+strings.Join(items, ",")+"]"))
	coll := collection[Contact]{
		op: optable.ListContacts,
		call: func(ctx context.Context, p *collectionParams) (*http.Response, error) {
			return f.client.api.ListContacts(ctx, nil)
		},
		id: func(c *Contact) *string { return c.ID },
	}
	got, err := fetchPage[Contact](context.Background(), f.client, coll, query.Filter{}, collectionParams{}, pager.Request{Limit: 100})
	if err != nil {
		t.Fatalf("fetchPage: %v", err)
	}
	if len(got.Items) != 99 || got.Sent != 100 {
		t.Fatalf("fetchPage returned %d items of %d sent, want 99 of 100", len(got.Items), got.Sent)
	}
	if *got.Items[37].Email != "c38@example.com" || got.IDs[37] != "5f0c8a3b9d1e000000000026" {
		t.Errorf("item 37 of the result is %s (%s), want c38@example.com", *got.Items[37].Email, got.IDs[37])
	}
	if len(got.Errors) != 1 || got.Errors[0].Index != 37 || got.Errors[0].ID != "5f0c8a3b9d1e000000000025" {
		t.Fatalf("fetchPage item errors = %v, want one naming item 37 and its _id", got.Errors)
	}
	ie := got.Errors[0]
	var item *ItemError
	if !errors.Is(ie, ErrMalformedResponse) || !errors.As(ie, &item) || item.Field != "email" ||
		!strings.Contains(ie.Error(), `item 37 (_id "5f0c8a3b9d1e000000000025"), field email`) {
		t.Errorf("item error %q does not match ErrMalformedResponse or does not name the item and field", ie)
	}
}
