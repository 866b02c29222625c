package facade

import (
	"context"
	"net/http"
	"strings"

	"github.com/leadfox-go/leadfox/pager"
	"github.com/leadfox-go/leadfox/query"
)

// ListOptions selects, orders and pages the items of a List method. The
// zero value, like a nil *ListOptions, lists every item in the server's
// order, pager.DefaultPageSize (100) per request, without prefetch.
type ListOptions struct {
	// Filter keeps the items that match it, and is sent as one filters
	// query value. The zero Filter keeps every item.
	Filter query.Filter
	// Sort orders the items. The zero Sort keeps the server's order.
	Sort query.Sort
	// Fields projects the items onto these fields; _id and _owner are
	// always returned. The zero Fields returns whole items.
	Fields query.Fields
	// PageSize is the number of items per request. If 0, 100. Negative is
	// an error.
	PageSize int
	// Max caps the number of items the walk returns. If 0, there is no
	// cap. Negative is an error.
	Max int
	// Offset is the number of items skipped at the start. Negative is an
	// error.
	Offset int
	// Prefetch, if true, fetches the next page while the caller reads
	// this one (see pager.Options.Prefetch).
	Prefetch bool
}

// collectionParams are the query parameters of every collection GET. Its
// type is identical to every generated List*Params type, so a pointer to
// it converts to theirs.
type collectionParams struct {
	Filters *string `form:"filters,omitempty" json:"filters,omitempty"`
	Sort    *string `form:"sort,omitempty" json:"sort,omitempty"`
	Fields  *string `form:"fields,omitempty" json:"fields,omitempty"`
	Skip    *int    `form:"skip,omitempty" json:"skip,omitempty"`
	Limit   *int    `form:"limit,omitempty" json:"limit,omitempty"`
}

// collection is how list reaches one collection operation.
type collection[T any] struct {
	op *operation
	// call sends one page request with the generated client.
	call func(ctx context.Context, p *collectionParams) (*http.Response, error)
	// check, if not nil, vets each item; its error ends the walk.
	check func(*T) error
	// field, if not "", is added to every projection.
	field string
}

// list validates and renders opts, and returns the pager over coll. It
// sends no request.
func list[T any](c *Client, opts *ListOptions, coll collection[T]) (*pager.Pager[T], error) {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	params, err := o.params(coll.field)
	if err != nil {
		return nil, err
	}
	fetch := func(ctx context.Context, skip, limit int) ([]T, error) {
		return fetchPage(ctx, c, coll, params, skip, limit)
	}
	return pager.New(fetch, pager.Options{PageSize: o.PageSize, Max: o.Max, Offset: o.Offset, Prefetch: o.Prefetch})
}

// fetchPage fetches the items of coll from skip, at most limit of them.
func fetchPage[T any](ctx context.Context, c *Client, coll collection[T], params collectionParams, skip, limit int) ([]T, error) {
	if skip > 0 {
		params.Skip = &skip
	}
	params.Limit = &limit
	items, err := do[[]T](ctx, c, coll.op, func(ctx context.Context) (*http.Response, error) {
		return coll.call(ctx, &params)
	})
	if err != nil {
		return nil, err
	}
	if coll.check != nil {
		for i := range *items {
			if err := coll.check(&(*items)[i]); err != nil {
				return nil, err
			}
		}
	}
	return *items, nil
}

// params validates o and renders its filter, sort and projection, with
// field added to a projection.
func (o *ListOptions) params(field string) (collectionParams, error) {
	var p collectionParams
	switch {
	case o.PageSize < 0:
		return p, invalidArg("ListOptions.PageSize", "%d is negative (0 means 100)", o.PageSize)
	case o.Max < 0:
		return p, invalidArg("ListOptions.Max", "%d is negative (0 means no cap)", o.Max)
	case o.Offset < 0:
		return p, invalidArg("ListOptions.Offset", "%d is negative", o.Offset)
	}
	filters, err := o.Filter.Render()
	if err != nil {
		return p, badArg("ListOptions.Filter", err)
	}
	sort, err := o.Sort.Render()
	if err != nil {
		return p, badArg("ListOptions.Sort", err)
	}
	fields, err := o.Fields.Render()
	if err != nil {
		return p, badArg("ListOptions.Fields", err)
	}
	p.Filters, p.Sort, p.Fields = nonEmpty(filters), nonEmpty(sort), nonEmpty(withField(fields, field))
	return p, nil
}

// withField returns the projection fields with field added, unless
// fields is empty (no projection) or already has it.
func withField(fields, field string) string {
	if fields == "" || field == "" {
		return fields
	}
	for f := range strings.SplitSeq(fields, ",") {
		if f == field {
			return fields
		}
	}
	return fields + "," + field
}

// nonEmpty returns a pointer to s, or nil if s is "".
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
