package facade

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/leadfox-go/leadfox/internal/jsonobj"
	"github.com/leadfox-go/leadfox/internal/optable"

	"github.com/leadfox-go/leadfox/pager"
	"github.com/leadfox-go/leadfox/query"
)

// ListOptions selects, orders and pages the items of a List method. The
// zero value, like a nil *ListOptions, lists every item by keyset on _id
// (see Paging), [pager.DefaultPageSize] (100) per request, without
// prefetch.
//
// How the walk pages decides what a collection changing under it costs.
// A keyset walk (the default when Sort and Offset are zero) asks for the
// items whose _id is above the last one it passed, so items deleted or
// inserted during the walk shift nothing: every item present throughout
// the walk is yielded exactly once. A skip/limit walk (an explicit Sort or
// Offset, or [PagingSkipLimit]) asks for positions: an item deleted
// before the position during the walk makes the walk skip one item, and
// an item inserted before it makes the walk meet an item again (not
// yielded twice if it was in the previous page, see package pager).
type ListOptions struct {
	// Filter keeps the items that match it, and is sent as one filters
	// query value. The zero Filter keeps every item.
	Filter query.Filter
	// Sort orders the items, and makes the walk skip/limit. The zero Sort
	// keeps the server's order in a skip/limit walk, and sorts by _id in
	// a keyset walk.
	Sort query.Sort
	// Fields projects the items onto these fields; _id and _owner are
	// always returned. The zero Fields returns whole items.
	Fields query.Fields
	// PageSize is the number of items per request. If 0, 100. Negative or
	// above [MaxPageSize] is an error.
	PageSize int
	// Max caps the number of items the walk returns. If 0, there is no
	// cap. Negative is an error.
	Max int
	// Offset is the number of items skipped at the start, and makes the
	// walk skip/limit. Negative is an error.
	Offset int
	// Prefetch, if true, fetches the next page while the caller reads
	// this one (see [pager.Options.Prefetch]).
	Prefetch bool
	// Paging chooses how the walk pages; the zero value, [PagingDefault],
	// chooses from Sort and Offset.
	Paging Paging
}

// MaxPageSize is the largest ListOptions.PageSize, [pager.MaxPageSize]:
// the API documents no maximum, and a larger page costs more than the
// round trips it saves.
const MaxPageSize = pager.MaxPageSize

// Paging is how a List walk pages through its collection. The API does
// not document the _id > condition that keyset paging sends: that the
// server honours it is inferred, and verified on every page (each _id
// above the cursor and increasing) before any item of the page is
// yielded.
type Paging int

const (
	// PagingDefault walks by keyset when Sort and Offset are zero, and by
	// skip/limit otherwise. If the server does not honour the keyset
	// condition (a page fails the check, or the condition is refused with
	// a 400), the walk goes on by skip/limit sorted by _id from where it
	// stands, never yielding an item twice, and logs one warning
	// ([WithLogger]); the Client remembers it, and its later walks of
	// that operation go by skip/limit sorted by _id from the start.
	PagingDefault Paging = iota
	// PagingKeyset walks by keyset on _id: sort=_id, filters with
	// "_id > <last _id passed>" ANDed, no skip. Sort and Offset must be
	// zero. A server that does not honour the condition ends the walk
	// with an error matching [pager.ErrKeysetUnsupported].
	PagingKeyset
	// PagingSkipLimit walks by skip/limit, in the order of Sort (the
	// server's if zero), with the drift described on ListOptions.
	PagingSkipLimit
)

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
	op *optable.Operation
	// call sends one page request with the generated client.
	call func(ctx context.Context, p *collectionParams) (*http.Response, error)
	// check, if not nil, vets each item; its error ends the walk.
	check func(*T) error
	// field, if not "", is added to every projection.
	field string
	// id returns the _id of an item, nil if it has none.
	id func(*T) *string
}

// keysetRefusals remembers the operations whose server did not honour
// keyset paging, so that later walks go by skip/limit at once. It is safe
// for concurrent use.
type keysetRefusals struct{ m sync.Map } // *optable.Operation -> struct{}

func (k *keysetRefusals) refused(op *optable.Operation) bool {
	_, ok := k.m.Load(op)
	return ok
}

func (k *keysetRefusals) remember(op *optable.Operation) { k.m.Store(op, struct{}{}) }

// list validates and renders opts and callOpts, and returns the pager
// over coll, whose page requests carry callOpts and answer with the
// generated response type R. It sends no request.
func list[R responseOf[[]T], T any, P jsonobj.Pointer[T]](c *Client, opts *ListOptions, callOpts []CallOption, coll collection[T]) (*pager.Pager[T], error) {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	params, err := o.params(coll.field)
	if err != nil {
		return nil, err
	}
	s := newCallSettings(nil, callOpts)
	switch {
	case s.err != nil:
		return nil, s.err
	case o.Prefetch && s.into != nil:
		return nil, invalidArg("call options", "WithResponseInto does not apply to a walk with ListOptions.Prefetch, whose page fetched ahead may still answer after the loop ends")
	}
	po := pager.Options{Mode: o.mode(), PageSize: o.PageSize, Max: o.Max, Offset: o.Offset, Prefetch: o.Prefetch}
	if c.logger != nil {
		po.Logger = c.logger.With(slog.String("operation", coll.op.ID))
	}
	if po.Mode == pager.KeysetFallback {
		po.FallenBack = c.keyset.refused(coll.op)
		po.OnFallback = func(error) { c.keyset.remember(coll.op) }
	}
	fetch := func(ctx context.Context, r pager.Request) (pager.Page[T], error) {
		return fetchPage[T, P](withCallOptions(ctx, callOpts), c, coll, o.Filter, params, r)
	}
	return pager.New(fetch, po)
}

// mode returns the pager mode of o, which params has validated.
func (o *ListOptions) mode() pager.Mode {
	switch {
	case o.Paging == PagingKeyset:
		return pager.Keyset
	case o.Paging == PagingSkipLimit, !o.Sort.IsZero(), o.Offset != 0:
		return pager.SkipLimit
	}
	return pager.KeysetFallback
}

// fetchPage fetches the page r of coll, with params (filter rendered
// from filter) as the base of its query.
func fetchPage[T any, P jsonobj.Pointer[T]](ctx context.Context, c *Client, coll collection[T], filter query.Filter, params collectionParams, r pager.Request) (pager.Page[T], error) {
	cursor := r.Keyset && r.After != ""
	if r.Sorted {
		byID := "_id"
		params.Sort = &byID
	}
	if cursor {
		f, err := filter.And(query.Gt("_id", r.After)).Render()
		if err != nil {
			return pager.Page[T]{}, fmt.Errorf("facade: %s: keyset cursor: %w", coll.op.ID, err)
		}
		params.Filters = &f
	}
	if r.Skip > 0 {
		params.Skip = &r.Skip
	}
	params.Limit = &r.Limit
	var page decodedPage[T]
	var status int
	err := c.exchange(ctx, coll.op, func(ctx context.Context) (*http.Response, error) {
		return coll.call(ctx, &params)
	}, func(body []byte, code int) error {
		var err error
		status = code
		page, err = decodePage[T, P](body, r.Limit)
		if errors.Is(err, jsonobj.ErrOversizedPage) {
			// The pager cuts the page to the limit and logs it.
			page.Sent, err = r.Limit+1, nil
		}
		if err != nil {
			return &malformedError{op: coll.op.ID, status: status, err: err}
		}
		return nil
	})
	if err != nil {
		if cursor && errors.Is(err, ErrInvalidRequest) {
			return pager.Page[T]{}, fmt.Errorf("%w: %w", pager.ErrKeysetUnsupported, err)
		}
		return pager.Page[T]{}, err
	}
	if coll.check != nil {
		for i := range page.Items {
			if err := coll.check(&page.Items[i]); err != nil {
				return pager.Page[T]{}, err
			}
		}
	}
	return pagerPage(coll.op.ID, status, &page, coll.id), nil
}

// params validates o and renders its filter, sort and projection, with
// field added to a projection.
func (o *ListOptions) params(field string) (collectionParams, error) {
	var p collectionParams
	switch {
	case o.PageSize < 0:
		return p, invalidArg("ListOptions.PageSize", "%d is negative (0 means 100)", o.PageSize)
	case o.PageSize > MaxPageSize:
		return p, invalidArg("ListOptions.PageSize", "%d is above MaxPageSize (%d)", o.PageSize, MaxPageSize)
	case o.Max < 0:
		return p, invalidArg("ListOptions.Max", "%d is negative (0 means no cap)", o.Max)
	case o.Offset < 0:
		return p, invalidArg("ListOptions.Offset", "%d is negative", o.Offset)
	case o.Paging < PagingDefault || o.Paging > PagingSkipLimit:
		return p, invalidArg("ListOptions.Paging", "unknown value %d", int(o.Paging))
	case o.Paging == PagingKeyset && !o.Sort.IsZero():
		return p, invalidArg("ListOptions.Sort", "must be empty with PagingKeyset, which sorts by _id")
	case o.Paging == PagingKeyset && o.Offset != 0:
		return p, invalidArg("ListOptions.Offset", "%d with PagingKeyset, which starts at the first item", o.Offset)
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
