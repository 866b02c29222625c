package facade

import (
	"context"
	"net/http"

	"github.com/leadfox-go/leadfox/generated"

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
		op: opListProperties,
		id: func(v *Property) *string { return v.ID },
		call: func(ctx context.Context, p *collectionParams) (*http.Response, error) {
			return s.client.api.ListProperties(ctx, (*generated.ListPropertiesParams)(p))
		},
	})
}

// Create creates a property. Name and Shortcode are required.
func (s *PropertiesService) Create(ctx context.Context, property *PropertyCreate, opts ...CallOption) (*Property, error) {
	ctx = withCallOptions(ctx, opts)
	if err := notNil("property", property); err != nil {
		return nil, err
	}
	if err := firstError(
		checkRequired("property.Name", property.Name),
		checkRequired("property.Shortcode", property.Shortcode),
	); err != nil {
		return nil, err
	}
	return do[client.CreatePropertyResponse](ctx, s.client, opCreateProperty, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.CreateProperty(ctx, *property)
	})
}

// Update changes the fields set in update of the property id and returns
// it.
func (s *PropertiesService) Update(ctx context.Context, id string, update *PropertyUpdate, opts ...CallOption) (*Property, error) {
	ctx = withCallOptions(ctx, opts)
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := notNil("update", update); err != nil {
		return nil, err
	}
	if err := firstError(
		checkOptional("update.Name", update.Name),
		checkOptional("update.Shortcode", update.Shortcode),
	); err != nil {
		return nil, err
	}
	return do[client.UpdatePropertyResponse](ctx, s.client, opUpdateProperty, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.UpdateProperty(ctx, id, *update)
	})
}
