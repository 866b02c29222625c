// Package query builds and parses the filters, sort and fields parameters of
// Leadfox collection queries. Build them with [And], [SortBy] and [Select],
// and pass them to a List method in a
// [github.com/leadfox-go/leadfox/facade.ListOptions], which renders them.
//
// # Filters
//
// A [Filter] is a list of conditions joined by AND; a [Condition] is a dotted
// path, an operator and one or more values joined by OR:
//
//	query.And(
//		query.Eq("name", "Test List"),
//		query.Eq("deleted", false),
//		query.Eq("properties.firstname", "John", "john"),
//		query.Ge("created", time.Date(2019, 8, 24, 14, 15, 22, 0, time.UTC)),
//		query.Exists("email", true),
//	)
//
// renders as
//
//	name = Test List,deleted = false,properties.firstname = John|john,created >= 2019-08-24T14:15:22.000Z,email exists true
//
// which the caller sends, URL-encoded, as the one value of the filters
// parameter. [ParseFilter] reads that form back.
//
// # Values
//
// A value is a string, bool, integer, float or [time.Time] (see [Scalar]), and
// a condition carries it as the text the API receives: integers in
// decimal, floats in the shortest decimal form that reads back to the same
// number and never in exponent form (1e21 is 1000000000000000000000), bools
// as true or false, and times in UTC with milliseconds ([TimeLayout]),
// truncating anything finer.
//
// The API documents no escape, so a value's text must be expressible as it
// is. A value is rejected if it is empty, is not valid UTF-8, contains ','
// or '|' (it would split into another condition or alternative: an
// injection), contains a control character such as '\n' or '\t' or a
// line or paragraph separator (U+2028, U+2029), or
// starts or ends with white space (which a server may trim). Floats must be
// finite and times must fall in the years 0000 to 9999. Spaces inside a
// value are fine: "Test List".
//
// Custom contact properties (paths under "properties.") hold strings, so
// >, >=, < and <= compare them as text, byte by byte: "100" < "90". [Gt],
// [Ge], [Lt] and [Le] therefore refuse a Go number for such a path, with an
// error naming the fix; with a string value they order text, as the SDK's
// fake server does. To compare property values as numbers, read them and
// compare in Go.
//
// # Paths
//
// A path, in a filter, a sort or a projection, is one or more segments
// joined by '.', each non-empty, with no white space, control character,
// ',', '|', '=', '!', '<' or '>', and not starting with '-' (which sort
// reads as descending).
//
// # Errors
//
// Constructors never fail: a problem is recorded and reported, before any
// request, by [Filter.Validate] or [Filter.Render] (and their [Sort] and
// [Fields] twins). [ParseFilter], [ParseSort] and [ParseFields] are strict:
// they accept exactly what Render produces, so that any string they accept
// renders back to itself. Every error is an [*Error].
package query
