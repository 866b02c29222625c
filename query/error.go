package query

import "fmt"

// Error reports a filters, sort or fields parameter that cannot be
// rendered or parsed. Every error this package returns is an *Error.
type Error struct {
	// Param is the parameter concerned: "filter", "sort" or "fields".
	Param string

	// Path is the path concerned, if one is to blame. It may be "", for an
	// empty path or when Err quotes the offending text instead, as
	// [ParseFilter]'s errors do.
	Path string

	// Err describes the problem, quoting the offending text.
	Err error
}

// Error returns one line: "query: filter "path": problem".
func (e *Error) Error() string {
	if e.Path == "" {
		return fmt.Sprintf("query: %s: %v", e.Param, e.Err)
	}
	return fmt.Sprintf("query: %s %q: %v", e.Param, e.Path, e.Err)
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }
