package fake

import (
	"context"
	"net/http"

	"github.com/leadfox-go/leadfox/generated"

	"github.com/leadfox-go/leadfox/generated/server"
)

// ListProperties answers a collection query on custom properties.
func (a api) ListProperties(_ context.Context, req server.ListPropertiesRequestObject) (server.ListPropertiesResponseObject, error) {
	return listPage[server.ListProperties200JSONResponse](a.s, scope{kind: kindProperty}, req.Params)
}

// CreateProperty stores a property; name and shortcode are required, and
// a shortcode another property has is a 409.
func (a api) CreateProperty(_ context.Context, req server.CreatePropertyRequestObject) (server.CreatePropertyResponseObject, error) {
	b := req.Body
	if err := checkName("name", &b.Name); err != nil {
		return nil, err
	}
	if err := checkName("shortcode", &b.Shortcode); err != nil {
		return nil, err
	}
	p, err := createAs[generated.Property](a.s, kindProperty, b, func(w writer, _ doc) error {
		return checkShortcodeFree(w.reader, b.Shortcode, "")
	})
	return propertyOK(p), err
}

// UpdateProperty changes the fields sent; the shortcode stays unique.
func (a api) UpdateProperty(_ context.Context, req server.UpdatePropertyRequestObject) (server.UpdatePropertyResponseObject, error) {
	b := req.Body
	if err := checkName("name", b.Name); err != nil {
		return nil, err
	}
	if err := checkName("shortcode", b.Shortcode); err != nil {
		return nil, err
	}
	p, err := patchAs[generated.Property](a.s, kindProperty, req.ID, b, func(w writer, old, patch doc) (doc, error) {
		if b.Shortcode != nil {
			if err := checkShortcodeFree(w.reader, *b.Shortcode, req.ID); err != nil {
				return nil, err
			}
		}
		return setFields(w, old, patch)
	})
	return propertyOK(p), err
}

// checkShortcodeFree returns a 409 error if a property other than self
// has that shortcode.
func checkShortcodeFree(r reader, shortcode, self string) error {
	for _, d := range r.all(kindProperty) {
		p, _ := docAs[generated.Property](d)
		if p.Shortcode != nil && *p.Shortcode == shortcode && (p.ID == nil || *p.ID != self) {
			return errorf(http.StatusConflict, "a property with shortcode %q exists", shortcode)
		}
	}
	return nil
}
