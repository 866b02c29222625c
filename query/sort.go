package query

import (
	"slices"
	"strings"
)

// SortKey is one field of a sort: a path, ascending or descending. Build
// it with [Asc] or [Desc]. The zero SortKey is invalid (it has no path).
type SortKey struct {
	path string
	desc bool
}

// Asc returns the key sorting by path in ascending order.
func Asc(path string) SortKey { return SortKey{path: path} }

// Desc returns the key sorting by path in descending order.
func Desc(path string) SortKey { return SortKey{path: path, desc: true} }

// Path returns the path the key sorts by.
func (k SortKey) Path() string { return k.path }

// Descending reports whether the key sorts in descending order.
func (k SortKey) Descending() bool { return k.desc }

func (k SortKey) render() string {
	if k.desc {
		return "-" + k.path
	}
	return k.path
}

// Sort is the sort parameter of a collection query: keys in order of
// precedence. The zero Sort has no key and renders as "", leaving the
// order to the API. A Sort never aliases the caller's slices; it is
// immutable and safe for concurrent use.
type Sort struct {
	keys []SortKey
}

// SortBy returns the [Sort] by keys, the first taking precedence.
func SortBy(keys ...SortKey) Sort { return Sort{keys: slices.Clone(keys)} }

// Keys returns the sort's keys. The caller owns the returned slice.
func (s Sort) Keys() []SortKey { return slices.Clone(s.keys) }

// Len returns the number of keys.
func (s Sort) Len() int { return len(s.keys) }

// IsZero reports whether the sort has no key.
func (s Sort) IsZero() bool { return len(s.keys) == 0 }

// Validate returns an [*Error] if a key's path is invalid (see the package
// doc) or a path is sorted by twice.
func (s Sort) Validate() error {
	paths := make([]string, len(s.keys))
	for i, k := range s.keys {
		paths[i] = k.path
	}
	return checkPaths("sort", paths)
}

// Render returns the sort as the API reads it, such as "-created,name",
// or "" for the zero Sort. The error is [Sort.Validate]'s.
func (s Sort) Render() (string, error) {
	if err := s.Validate(); err != nil {
		return "", err
	}
	items := make([]string, len(s.keys))
	for i, k := range s.keys {
		items[i] = k.render()
	}
	return strings.Join(items, ","), nil
}

// Equal reports whether s and t have the same keys in the same order.
// go-cmp uses it.
func (s Sort) Equal(t Sort) bool { return slices.Equal(s.keys, t.keys) }

// ParseSort parses the form [Sort.Render] returns; "" is the zero [Sort].
// It is strict, accepting exactly what Render can produce, and its error
// is an [*Error].
func ParseSort(s string) (Sort, error) {
	items, err := splitList("sort", s)
	if err != nil {
		return Sort{}, err
	}
	keys := make([]SortKey, len(items))
	for i, item := range items {
		path, desc := strings.CutPrefix(item, "-")
		keys[i] = SortKey{path: path, desc: desc}
	}
	if err := (Sort{keys: keys}).Validate(); err != nil {
		return Sort{}, err
	}
	return Sort{keys: keys}, nil
}
