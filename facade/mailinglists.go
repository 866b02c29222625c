package facade

import (
	"context"
	"net/http"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/internal/optable"

	"github.com/leadfox-go/leadfox/generated/client"
	"github.com/leadfox-go/leadfox/pager"
)

// MailingListsService reads the GDPR mailing lists: the subscription
// categories contacts opt in to or out of. Get it from
// [Client.MailingLists]; it is safe for concurrent use. The API offers
// no write operation on them, nor on a contact's opt-in state: a
// [Contact]'s MailingLists (opt-in, opt-out, or no entry for undecided)
// can be read but not set through the API, by [ContactsService.Update]
// or otherwise. Set it in Leadfox itself; in tests, seed it in the fake
// server of package tests/fake.
type MailingListsService service

// List returns a [pager.Pager] over the mailing lists that match opts, as
// [ContactsService.List] does.
func (s *MailingListsService) List(opts *ListOptions, callOpts ...CallOption) (*pager.Pager[MailingList], error) {
	return list[client.ListMailingListsResponse](s.client, opts, callOpts, collection[MailingList]{
		op: optable.ListMailingLists,
		id: func(v *MailingList) *string { return v.ID },
		call: func(ctx context.Context, p *collectionParams) (*http.Response, error) {
			return s.client.api.ListMailingLists(ctx, (*generated.ListMailingListsParams)(p))
		},
	})
}
