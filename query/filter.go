package query

import (
	"slices"
	"strings"
)

// Filter is the filters parameter of a collection query: conditions joined
// by AND. The zero Filter has no condition and renders as "", meaning no
// filter. A Filter never aliases the caller's slices; it is immutable and
// safe for concurrent use.
type Filter struct {
	conds []Condition
}

// And returns the [Filter] matching all of conds.
func And(conds ...Condition) Filter {
	return Filter{conds: slices.Clone(conds)}
}

// And returns a new filter matching f and all of more. f is unchanged.
func (f Filter) And(more ...Condition) Filter {
	return Filter{conds: slices.Concat(f.conds, more)}
}

// Conditions returns the filter's conditions, in order. The caller owns
// the returned slice.
func (f Filter) Conditions() []Condition { return slices.Clone(f.conds) }

// Len returns the number of conditions.
func (f Filter) Len() int { return len(f.conds) }

// IsZero reports whether the filter has no condition.
func (f Filter) IsZero() bool { return len(f.conds) == 0 }

// Validate returns the [*Error] of the first invalid condition, or nil.
func (f Filter) Validate() error {
	for _, c := range f.conds {
		if err := c.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// Render returns the filter in the documented syntax, such as
// "name = Test List,deleted = false", for the caller to URL-encode as one
// query value. It returns "" for a filter without conditions, and the
// [*Error] of the first invalid condition, if any.
func (f Filter) Render() (string, error) {
	if err := f.Validate(); err != nil {
		return "", err
	}
	parts := make([]string, len(f.conds))
	for i, c := range f.conds {
		parts[i] = c.render()
	}
	return strings.Join(parts, ","), nil
}

// Equal reports whether f and g have equal conditions (see
// [Condition.Equal]) in the same order. go-cmp uses it.
func (f Filter) Equal(g Filter) bool {
	return slices.EqualFunc(f.conds, g.conds, Condition.Equal)
}
