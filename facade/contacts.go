package facade

import (
	"context"
	"net/http"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/internal/optable"

	"github.com/leadfox-go/leadfox/generated/client"
	"github.com/leadfox-go/leadfox/pager"
)

// ContactsService manages contacts: the people of the marketing database,
// unique by email. Get it from [Client.Contacts]; it is safe for concurrent
// use.
type ContactsService service

// Get returns the contact id. A missing contact is an error matching
// [ErrNotFound].
func (s *ContactsService) Get(ctx context.Context, id string, opts ...CallOption) (*Contact, error) {
	ctx = withCallOptions(ctx, opts)
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	return do[client.GetContactResponse](ctx, s.client, optable.GetContact, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.GetContact(ctx, id)
	})
}

// List returns a [pager.Pager] over the contacts that match opts (see
// [ListOptions]). A nil opts lists them all, 100 per request. callOpts
// apply to every page request (see [CallOption]). Invalid options are an
// error returned at once; List itself sends no request.
func (s *ContactsService) List(opts *ListOptions, callOpts ...CallOption) (*pager.Pager[Contact], error) {
	return list[client.ListContactsResponse](s.client, opts, callOpts, collection[Contact]{
		op: optable.ListContacts,
		id: func(v *Contact) *string { return v.ID },
		call: func(ctx context.Context, p *collectionParams) (*http.Response, error) {
			return s.client.api.ListContacts(ctx, (*generated.ListContactsParams)(p))
		},
	})
}

// Create creates a contact. Email is required; a contact with the same
// email is an API error matching [ErrConflict] (see
// [ContactsService.Upsert]).
func (s *ContactsService) Create(ctx context.Context, contact *ContactCreate, opts ...CallOption) (*Contact, error) {
	ctx = withCallOptions(ctx, opts)
	if err := checkContactCreate("contact", contact); err != nil {
		return nil, err
	}
	return do[client.CreateContactResponse](ctx, s.client, optable.CreateContact, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.CreateContact(ctx, *contact)
	})
}

// Upsert creates a contact, or merges the properties into those of the
// contact with the same email. It is idempotent, so it is retried like a
// PUT.
func (s *ContactsService) Upsert(ctx context.Context, contact *ContactCreate, opts ...CallOption) (*Contact, error) {
	ctx = withCallOptions(ctx, opts)
	if err := checkContactCreate("contact", contact); err != nil {
		return nil, err
	}
	return do[client.UpsertContactResponse](ctx, s.client, optable.UpsertContact, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.UpsertContact(ctx, *contact)
	})
}

// Update merges update.Properties into the properties of the contact id
// and returns the contact. List membership changes through
// [ListsService.AddContact] and [ListsService.RemoveContact].
func (s *ContactsService) Update(ctx context.Context, id string, update *ContactUpdate, opts ...CallOption) (*Contact, error) {
	ctx = withCallOptions(ctx, opts)
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := notNil("update", update); err != nil {
		return nil, err
	}
	if err := checkProperties("update.Properties", update.Properties); err != nil {
		return nil, err
	}
	return do[client.UpdateContactResponse](ctx, s.client, optable.UpdateContact, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.UpdateContact(ctx, id, *update)
	})
}

// Delete deletes the contact id.
func (s *ContactsService) Delete(ctx context.Context, id string, opts ...CallOption) error {
	ctx = withCallOptions(ctx, opts)
	if err := checkID("id", id); err != nil {
		return err
	}
	return doNoContent(ctx, s.client, optable.DeleteContact, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.DeleteContact(ctx, id)
	})
}

func checkContactCreate(name string, c *ContactCreate) error {
	if err := notNil(name, c); err != nil {
		return err
	}
	return firstError(
		checkRequired(name+".Email", c.Email),
		checkProperties(name+".Properties", c.Properties),
	)
}
