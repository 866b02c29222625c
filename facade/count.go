package facade

import (
	"context"

	"github.com/leadfox-go/leadfox/internal/transport"
	"github.com/leadfox-go/leadfox/pager"
	"github.com/leadfox-go/leadfox/query"
)

// Count returns the number of contacts that List(opts) would return. The
// API has no count operation, so Count walks the contacts with a
// projection of _id only and pages of [MaxPageSize] (1000), the largest
// the SDK's paging allows: one request per 1000 contacts, each carrying
// ids only.
// opts is read as List reads it, except that its Fields and PageSize are
// replaced; a nil opts counts every contact. The count is that of one
// walk: contacts created or deleted during it may or may not be counted.
// Its requests are paced adaptively, as a bulk job's are (see
// [WithAdaptiveRateLimit]). An invalid option is an error returned
// before any request; an error of the walk returns 0 and the error.
func (s *ContactsService) Count(ctx context.Context, opts *ListOptions, callOpts ...CallOption) (int, error) {
	if ctx == nil {
		return 0, errNilContext()
	}
	p, err := s.List(countOptions(opts), callOpts...)
	if err != nil {
		return 0, err
	}
	return countPages(ctx, p)
}

// CountContacts returns the number of contacts of the list listID that
// Contacts(listID, opts) would return, walking them as
// [ContactsService.Count] does.
func (s *ListsService) CountContacts(ctx context.Context, listID string, opts *ListOptions, callOpts ...CallOption) (int, error) {
	if ctx == nil {
		return 0, errNilContext()
	}
	p, err := s.Contacts(listID, countOptions(opts), callOpts...)
	if err != nil {
		return 0, err
	}
	return countPages(ctx, p)
}

// countOptions returns a copy of opts that projects _id only, with
// pages of MaxPageSize.
func countOptions(opts *ListOptions) *ListOptions {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	o.Fields = query.Select("_id")
	o.PageSize = MaxPageSize
	return &o
}

// countPages counts the items of p's walk.
func countPages[T any](ctx context.Context, p *pager.Pager[T]) (int, error) {
	n := 0
	for page, err := range p.Pages(transport.WithBulk(ctx)) {
		if err != nil {
			return 0, err
		}
		n += len(page)
	}
	return n, nil
}
