package query

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// ParseFilter parses the documented filter syntax, the form
// [Filter.Render] returns. "" is the zero [Filter]. Parsing is strict:
// each condition is
// exactly "path op value", with one space on each side of the operator,
// and paths and values follow the rules of the package doc, so that a
// string ParseFilter accepts renders back to itself. A parsed value keeps
// its text; [Condition.Values] returns it. The error is an [*Error] quoting
// the condition and naming its problem; a value that holds another
// condition after AND, OR or && ("email = x AND name = y") is one: the
// API joins conditions with ",".
func ParseFilter(s string) (Filter, error) {
	if s == "" {
		return Filter{}, nil
	}
	parts := strings.Split(s, ",")
	conds := make([]Condition, len(parts))
	for i, part := range parts {
		c, err := parseCondition(part)
		if err != nil {
			return Filter{}, &Error{Param: "filter", Err: fmt.Errorf("condition %d %q: %w", i+1, part, err)}
		}
		conds[i] = c
	}
	return Filter{conds: conds}, nil
}

// parseCondition parses and checks one condition.
func parseCondition(s string) (Condition, error) {
	if s == "" {
		return Condition{}, errors.New("empty condition")
	}
	path, rest, ok := strings.Cut(s, " ")
	if !ok {
		return Condition{}, errors.New(`want "path op value", with a space on each side of the operator`)
	}
	op, value, ok := strings.Cut(rest, " ")
	switch {
	case path == "":
		return Condition{}, errors.New("empty path")
	case op == "":
		return Condition{}, errors.New("missing operator, or more than one space before it")
	case !Op(op).valid():
		return Condition{}, fmt.Errorf("unknown operator %q; want one of =, !=, >, >=, <, <=, exists", op)
	case !ok:
		return Condition{}, fmt.Errorf("no space and value after the operator %q", op)
	}
	if m := joinedCondition.FindStringSubmatch(value); m != nil {
		return Condition{}, fmt.Errorf("value %q holds another condition after %q: join conditions with \",\" (query.And in Go)", value, m[1])
	}
	c := Condition{path: path, op: Op(op), values: strings.Split(value, "|")}
	return c, c.check()
}

// joinedCondition matches a value that holds a word joining conditions
// in other languages, then a path and an operator: "x AND
// properties.company = Acme". The API joins conditions with "," only.
var joinedCondition = regexp.MustCompile(`(?i)\s(and|or|&&)\s+\S+ (?:=|!=|>=|<=|>|<|exists)(?:\s|$)`)
