package facade

import (
	"context"
	"net/http"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/internal/optable"

	"github.com/leadfox-go/leadfox/generated/client"
	"github.com/leadfox-go/leadfox/pager"
)

// PropertiesService manages custom contact properties, whose shortcodes
// key [ContactProperties]. Get it from [Client.Properties]; it is safe for
// concurrent use.
type PropertiesService service

// List returns a [pager.Pager] over the properties that match opts, as
// [ContactsService.List] does.
func (s *PropertiesService) List(opts *ListOptions, callOpts ...CallOption) (*pager.Pager[Property], error) {
	return list[client.ListPropertiesResponse](s.client, opts, callOpts, collection[Property]{
		op: optable.ListProperties,
		id: func(v *Property) *string { return v.ID },
		call: func(ctx context.Context, p *collectionParams) (*http.Response, error) {
			return s.client.api.ListProperties(ctx, (*generated.ListPropertiesParams)(p))
		},
	})
}

// Create creates a property. Name and Shortcode are required.
func (s *PropertiesService) Create(ctx context.Context, property *PropertyCreate, opts ...CallOption) (*Property, error) {
	return doCreate[client.CreatePropertyResponse](ctx, s.client, optable.CreateProperty, "property", property,
		func(b *PropertyCreate) error {
			return firstError(checkRequired("property.Name", b.Name), checkRequired("property.Shortcode", b.Shortcode))
		},
		func(ctx context.Context, b PropertyCreate) (*http.Response, error) {
			return s.client.api.CreateProperty(ctx, b)
		},
		opts)
}

// Update changes the fields set in update of the property id and returns
// it.
func (s *PropertiesService) Update(ctx context.Context, id string, update *PropertyUpdate, opts ...CallOption) (*Property, error) {
	return doUpdate[client.UpdatePropertyResponse](ctx, s.client, optable.UpdateProperty, id, update,
		func(b *PropertyUpdate) error {
			return firstError(checkOptional("update.Name", b.Name), checkOptional("update.Shortcode", b.Shortcode))
		},
		func(ctx context.Context, id string, b PropertyUpdate) (*http.Response, error) {
			return s.client.api.UpdateProperty(ctx, id, b)
		},
		opts)
}
