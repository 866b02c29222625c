package facade

import (
	"context"
	"net/http"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/generated/client"
	"github.com/leadfox-go/leadfox/internal/optable"
	"github.com/leadfox-go/leadfox/pager"
)

// ListsService manages lists of contacts and their membership. Get it
// from [Client.Lists]; it is safe for concurrent use. The API has no
// operation to get or delete one list.
type ListsService service

// List returns a [pager.Pager] over the lists that match opts, as
// [ContactsService.List] does.
func (s *ListsService) List(opts *ListOptions, callOpts ...CallOption) (*pager.Pager[List], error) {
	return list[client.ListListsResponse](s.client, opts, callOpts, collection[List]{
		op: optable.ListLists,
		id: func(v *List) *string { return v.ID },
		call: func(ctx context.Context, p *collectionParams) (*http.Response, error) {
			return s.client.api.ListLists(ctx, (*generated.ListListsParams)(p))
		},
	})
}

// Create creates a list. Name is required.
func (s *ListsService) Create(ctx context.Context, l *ListCreate, opts ...CallOption) (*List, error) {
	return doCreate[client.CreateListResponse](ctx, s.client, optable.CreateList, "list", l,
		func(b *ListCreate) error { return checkRequired("list.Name", b.Name) },
		func(ctx context.Context, b ListCreate) (*http.Response, error) {
			return s.client.api.CreateList(ctx, b)
		},
		opts)
}

// Update changes the fields set in update of the list id and returns it.
func (s *ListsService) Update(ctx context.Context, id string, update *ListUpdate, opts ...CallOption) (*List, error) {
	return doUpdate[client.UpdateListResponse](ctx, s.client, optable.UpdateList, id, update,
		func(b *ListUpdate) error { return checkOptional("update.Name", b.Name) },
		func(ctx context.Context, id string, b ListUpdate) (*http.Response, error) {
			return s.client.api.UpdateList(ctx, id, b)
		},
		opts)
}

// Contacts returns a [pager.Pager] over the contacts of the list listID that match
// opts, as [ContactsService.List] does. An invalid listID is an error
// returned at once.
func (s *ListsService) Contacts(listID string, opts *ListOptions, callOpts ...CallOption) (*pager.Pager[Contact], error) {
	if err := checkID("list id", listID); err != nil {
		return nil, err
	}
	return list[client.ListListContactsResponse](s.client, opts, callOpts, collection[Contact]{
		op: optable.ListListContacts,
		id: func(v *Contact) *string { return v.ID },
		call: func(ctx context.Context, p *collectionParams) (*http.Response, error) {
			return s.client.api.ListListContacts(ctx, listID, (*generated.ListListContactsParams)(p))
		},
	})
}

// AddContact adds the contact contactID to the list listID. Adding a
// contact that is already in the list changes nothing, so it is retried
// like a PUT.
func (s *ListsService) AddContact(ctx context.Context, listID, contactID string, opts ...CallOption) error {
	ctx = withCallOptions(ctx, opts)
	if err := firstError(checkID("list id", listID), checkID("contact id", contactID)); err != nil {
		return err
	}
	return doNoContent(ctx, s.client, optable.AddContactToList, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.AddContactToList(ctx, listID, contactID)
	})
}

// RemoveContact removes the contact contactID from the list listID.
func (s *ListsService) RemoveContact(ctx context.Context, listID, contactID string, opts ...CallOption) error {
	ctx = withCallOptions(ctx, opts)
	if err := firstError(checkID("list id", listID), checkID("contact id", contactID)); err != nil {
		return err
	}
	return doNoContent(ctx, s.client, optable.RemoveContactFromList, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.RemoveContactFromList(ctx, listID, contactID)
	})
}
