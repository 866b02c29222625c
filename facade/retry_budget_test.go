package facade

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

// TestRetryBudgetSpent gives a Client a budget that pays for one retry:
// the first call's 503 is retried once (its second 503 is returned as
// is), the second call's is not retried at all, a warning is logged for
// each refused retry, and a negative budget is an error of New.
func TestRetryBudgetSpent(t *testing.T) {
	f := setup(t, WithRetry(RetryPolicy{Backoff: linearBackoff, RetryBudget: RetryCost}))
	rec := f.on(http.MethodGet, "/v1/contact/"+contactID, respondJSON(503, ``))
	for call, want := range []int{2, 3} {
		_, err := f.client.Contacts.Get(context.Background(), contactID)
		if apiErr, ok := errors.AsType[*APIError](err); !ok || apiErr.StatusCode != 503 {
			t.Errorf("call %d: %v, want its 503", call+1, err)
		}
		if n := len(rec.seen()); n != want {
			t.Errorf("after call %d: %d attempts, want %d", call+1, n, want)
		}
	}
	if n := f.logs.Count("leadfox: retry budget spent"); n != 2 {
		t.Errorf("%d records of the spent budget, want 2", n)
	}
	_, err := New(testAPIKey, testSecret, WithRetry(RetryPolicy{RetryBudget: -1}))
	wantErr(t, err, ErrInvalidArgument, "New with a negative RetryBudget")
}
