package query

import (
	"slices"
	"strings"
)

// Fields is the fields parameter of a collection query: the paths to
// return (a projection). The API always returns _id and _owner too. The
// zero Fields selects nothing and renders as "", returning whole records.
// A Fields never aliases the caller's slices; it is immutable and safe for
// concurrent use.
type Fields struct {
	paths []string
}

// Select returns the projection on paths.
func Select(paths ...string) Fields { return Fields{paths: slices.Clone(paths)} }

// Paths returns the selected paths. The caller owns the returned slice.
func (f Fields) Paths() []string { return slices.Clone(f.paths) }

// Len returns the number of paths.
func (f Fields) Len() int { return len(f.paths) }

// IsZero reports whether no path is selected.
func (f Fields) IsZero() bool { return len(f.paths) == 0 }

// Validate returns an [*Error] if a path is invalid (see the package doc) or
// selected twice.
func (f Fields) Validate() error { return checkPaths("fields", f.paths) }

// Render returns the projection as the API reads it, such as
// "name,description", or "" for the zero Fields. The error is
// [Fields.Validate]'s.
func (f Fields) Render() (string, error) {
	if err := f.Validate(); err != nil {
		return "", err
	}
	return strings.Join(f.paths, ","), nil
}

// Equal reports whether f and g select the same paths in the same order.
// go-cmp uses it.
func (f Fields) Equal(g Fields) bool { return slices.Equal(f.paths, g.paths) }

// ParseFields parses the form [Fields.Render] returns; "" is the zero
// [Fields]. It is strict, accepting exactly what Render can produce, and
// its error is an [*Error].
func ParseFields(s string) (Fields, error) {
	paths, err := splitList("fields", s)
	if err != nil {
		return Fields{}, err
	}
	if err := checkPaths("fields", paths); err != nil {
		return Fields{}, err
	}
	return Fields{paths: paths}, nil
}
