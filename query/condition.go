package query

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Op is a filter operator.
type Op string

// The operators of the filter syntax. All compare a path with each of a
// condition's values; [OpExists] takes one value, true or false.
const (
	OpEq     Op = "="
	OpNe     Op = "!="
	OpGt     Op = ">"
	OpGe     Op = ">="
	OpLt     Op = "<"
	OpLe     Op = "<="
	OpExists Op = "exists"
)

// valid reports whether o is one of the documented operators.
func (o Op) valid() bool {
	switch o {
	case OpEq, OpNe, OpGt, OpGe, OpLt, OpLe, OpExists:
		return true
	}
	return false
}

// Condition is one condition of a filter: a path, an operator and one or
// more values, any of which may match (OR). Build it with [Eq], [Ne], [Gt],
// [Ge], [Lt], [Le], [In] or [Exists], or get it from [ParseFilter]. A
// Condition records, rather than returns, any problem with its input;
// [Condition.Validate] reports it.
// The zero Condition is invalid. A Condition is immutable and safe for
// concurrent use.
type Condition struct {
	path   string
	op     Op
	values []string
	err    error // a value that could not be formatted
}

// Eq returns the condition "path = v|or...": path equals v or one of or.
func Eq[V Scalar](path string, v V, or ...V) Condition { return cond(path, OpEq, v, or) }

// Ne returns the condition "path != v|or...".
func Ne[V Scalar](path string, v V, or ...V) Condition { return cond(path, OpNe, v, or) }

// Gt returns the condition "path > v|or...".
func Gt[V Scalar](path string, v V, or ...V) Condition { return cond(path, OpGt, v, or) }

// Ge returns the condition "path >= v|or...".
func Ge[V Scalar](path string, v V, or ...V) Condition { return cond(path, OpGe, v, or) }

// Lt returns the condition "path < v|or...".
func Lt[V Scalar](path string, v V, or ...V) Condition { return cond(path, OpLt, v, or) }

// Le returns the condition "path <= v|or...".
func Le[V Scalar](path string, v V, or ...V) Condition { return cond(path, OpLe, v, or) }

// In returns the condition "path = vs[0]|vs[1]|...": path equals one of
// vs. An empty vs is an error, reported by [Condition.Validate]: it would match
// nothing, and the syntax cannot express it.
func In[V Scalar](path string, vs ...V) Condition { return newCondition(path, OpEq, vs) }

// Exists returns the condition "path exists true", or "path exists false"
// if exists is false.
func Exists(path string, exists bool) Condition {
	return Condition{path: path, op: OpExists, values: []string{strconv.FormatBool(exists)}}
}

func cond[V Scalar](path string, op Op, v V, or []V) Condition {
	return newCondition(path, op, append([]V{v}, or...))
}

func newCondition[V Scalar](path string, op Op, vs []V) Condition {
	c := Condition{path: path, op: op, values: make([]string, len(vs))}
	for i, v := range vs {
		text, err := format(v)
		if err != nil {
			c.err = err
			return c
		}
		c.values[i] = text
	}
	c.err = checkPropertyOrder[V](path, op)
	return c
}

// checkPropertyOrder refuses to order a custom property (a path under
// "properties.") by a number: the API stores property values as strings,
// which compare as text, so "properties.score > 90" would not compare
// numbers (the fake compares text: "100" < "90").
func checkPropertyOrder[V Scalar](path string, op Op) error {
	if !strings.HasPrefix(path, "properties.") || (op != OpGt && op != OpGe && op != OpLt && op != OpLe) {
		return nil
	}
	switch reflect.TypeFor[V]().Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return fmt.Errorf("custom property values are strings and compare as text (\"100\" < \"90\"), "+
			"so %s cannot order them by a number: pass a string to compare text, or compare in Go", op)
	}
	return nil
}

// Path returns the dotted path the condition tests, such as
// "properties.company".
func (c Condition) Path() string { return c.path }

// Op returns the condition's operator.
func (c Condition) Op() Op { return c.op }

// Values returns the text of each of the condition's values, in order, as
// rendered (see the package doc). A value's type is not kept: to compare
// it with a document, read the text with [strconv.ParseFloat],
// [strconv.ParseBool] or [time.Parse]([TimeLayout], text) as the document's field
// requires. The caller owns the returned slice.
func (c Condition) Values() []string { return slices.Clone(c.values) }

// Validate returns an [*Error] if the condition cannot be rendered: a bad
// path or value, an empty OR list, or an exists value other than true or
// false.
func (c Condition) Validate() error {
	if err := c.check(); err != nil {
		return &Error{Param: "filter", Path: c.path, Err: err}
	}
	return nil
}

// check is Validate without the *Error wrapping.
func (c Condition) check() error {
	if c.err != nil {
		return c.err
	}
	if err := checkPath(c.path); err != nil {
		return err
	}
	if !c.op.valid() {
		return fmt.Errorf("unknown operator %q", c.op)
	}
	if len(c.values) == 0 {
		return errors.New("empty OR list: a condition needs at least one value")
	}
	if c.op == OpExists && (len(c.values) != 1 || c.values[0] != "true" && c.values[0] != "false") {
		return fmt.Errorf("exists takes one value, true or false, not %q", strings.Join(c.values, "|"))
	}
	for _, v := range c.values {
		if err := checkValue(v); err != nil {
			return err
		}
	}
	return nil
}

// Equal reports whether c and d render the same: same path, operator and
// value texts, in the same order. A condition that fails to build equals
// another only if both fail with the same error.
func (c Condition) Equal(d Condition) bool {
	return c.path == d.path && c.op == d.op && slices.Equal(c.values, d.values) &&
		errorText(c.err) == errorText(d.err)
}

// render returns the condition's text; c must be valid.
func (c Condition) render() string {
	return c.path + " " + string(c.op) + " " + strings.Join(c.values, "|")
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
