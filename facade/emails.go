package facade

import (
	"context"
	"net/http"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/generated/client"
	"github.com/leadfox-go/leadfox/internal/optable"
	"github.com/leadfox-go/leadfox/pager"
)

// EmailsService manages email designs. Get it from [Client.Emails]; it is
// safe for concurrent use.
type EmailsService service

// Get returns the email design id. A missing one is an error matching
// [ErrNotFound].
func (s *EmailsService) Get(ctx context.Context, id string, opts ...CallOption) (*Email, error) {
	ctx = withCallOptions(ctx, opts)
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	return do[client.GetEmailResponse](ctx, s.client, optable.GetEmail, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.GetEmail(ctx, id)
	})
}

// List returns a [pager.Pager] over the email designs that match opts, as
// [ContactsService.List] does.
func (s *EmailsService) List(opts *ListOptions, callOpts ...CallOption) (*pager.Pager[Email], error) {
	return list[client.ListEmailsResponse](s.client, opts, callOpts, collection[Email]{
		op: optable.ListEmails,
		id: func(v *Email) *string { return v.ID },
		call: func(ctx context.Context, p *collectionParams) (*http.Response, error) {
			return s.client.api.ListEmails(ctx, (*generated.ListEmailsParams)(p))
		},
	})
}

// Create creates an email design. Name is required.
func (s *EmailsService) Create(ctx context.Context, email *EmailCreate, opts ...CallOption) (*Email, error) {
	return doCreate[client.CreateEmailResponse](ctx, s.client, optable.CreateEmail, "email", email,
		func(b *EmailCreate) error { return checkRequired("email.Name", b.Name) },
		func(ctx context.Context, b EmailCreate) (*http.Response, error) {
			return s.client.api.CreateEmail(ctx, b)
		},
		opts)
}

// Update changes the fields set in update of the email design id and
// returns it.
func (s *EmailsService) Update(ctx context.Context, id string, update *EmailUpdate, opts ...CallOption) (*Email, error) {
	return doUpdate[client.UpdateEmailResponse](ctx, s.client, optable.UpdateEmail, id, update,
		func(b *EmailUpdate) error { return checkOptional("update.Name", b.Name) },
		func(ctx context.Context, id string, b EmailUpdate) (*http.Response, error) {
			return s.client.api.UpdateEmail(ctx, id, b)
		},
		opts)
}
