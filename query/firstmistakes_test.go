package query_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/query"
)

// TestParseFilterRefusesAnotherConditionInAValue checks that a filter
// joined with AND (or any other word) in place of "," is refused, naming
// the fix, instead of parsed as one condition whose value holds the rest.
func TestParseFilterRefusesAnotherConditionInAValue(t *testing.T) {
	for _, s := range []string{
		"email = x AND properties.company = Acme",
		"email = x and properties.company = Acme",
		"email = x && lifecycle exists true",
		"score > 1 OR score < 0",
	} {
		f, err := query.ParseFilter(s)
		var qe *query.Error
		if !errors.As(err, &qe) || !strings.Contains(err.Error(), `join conditions with ","`) {
			t.Errorf("ParseFilter(%q) = %v, %v; want an *Error saying to join conditions with \",\"", s, f.Conditions(), err)
		}
	}
	for _, s := range []string{"name = Research and Development", "email = a=b", "note = x > y"} {
		if _, err := query.ParseFilter(s); err != nil {
			t.Errorf("ParseFilter(%q) = %v, want a value with words and signs accepted", s, err)
		}
	}
}

// TestOrderingANumberWithAPropertyIsRefused checks that comparing a
// custom property, whose values are strings, with a Go number by order is
// refused: the comparison would be of text ("100" < "90"), not of numbers.
func TestOrderingANumberWithAPropertyIsRefused(t *testing.T) {
	for _, c := range []query.Condition{
		query.Gt("properties.score", 90),
		query.Ge("properties.score", 1.5),
		query.Lt("properties.age", uint8(3)),
		query.Le("properties.score", 1, 2),
	} {
		_, err := query.And(c).Render()
		if err == nil || !strings.Contains(err.Error(), "compare as text") {
			t.Errorf("%s %s %v: Render error = %v, want one saying property values compare as text", c.Path(), c.Op(), c.Values(), err)
		}
	}
	for _, c := range []query.Condition{
		query.Eq("properties.score", 90),
		query.Gt("properties.score", "90"),
		query.Gt("score", 90),
		query.Gt("created", 90),
	} {
		if err := c.Validate(); err != nil {
			t.Errorf("%s %s %v: Validate = %v, want nil", c.Path(), c.Op(), c.Values(), err)
		}
	}
}
