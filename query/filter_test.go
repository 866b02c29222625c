package query_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/leadfox-go/leadfox/query"
)

type status string

func TestFilterRender(t *testing.T) {
	day := time.Date(2019, 8, 24, 14, 15, 22, 0, time.UTC)
	montreal := time.FixedZone("EDT", -4*3600)
	tests := []struct {
		name   string
		filter query.Filter
		want   string
	}{
		{"zero filter", query.Filter{}, ""},
		{"no conditions", query.And(), ""},
		{"documented example", query.And(query.Eq("name", "Test List"), query.Eq("deleted", false)),
			"name = Test List,deleted = false"},
		{"or", query.And(query.Eq("properties.firstname", "John", "john")), "properties.firstname = John|john"},
		{"in", query.And(query.In("status", "d", "s", "x")), "status = d|s|x"},
		{"in one", query.And(query.In("status", 2)), "status = 2"},
		{"ne", query.And(query.Ne("type", 2)), "type != 2"},
		{"gt", query.And(query.Gt("score", 10)), "score > 10"},
		{"ge", query.And(query.Ge("score", -3)), "score >= -3"},
		{"lt", query.And(query.Lt("score", 2.5)), "score < 2.5"},
		{"le", query.And(query.Le("score", uint8(255))), "score <= 255"},
		{"exists", query.And(query.Exists("email", true)), "email exists true"},
		{"not exists", query.And(query.Exists("properties.company", false)), "properties.company exists false"},
		{"nested path in array", query.And(query.Eq("lists.list", "5f0c1b2e3d4a5b6c7d8e9f00")),
			"lists.list = 5f0c1b2e3d4a5b6c7d8e9f00"},
		{"named string type", query.And(query.Eq("status", status("d"), "s")), "status = d|s"},
		{"int64 bounds", query.And(query.Ge("n", int64(math.MinInt64)), query.Le("n", int64(math.MaxInt64))),
			"n >= -9223372036854775808,n <= 9223372036854775807"},
		{"uint64 max", query.And(query.Le("n", uint64(math.MaxUint64))), "n <= 18446744073709551615"},
		{"integral float", query.And(query.Eq("f", 5.0)), "f = 5"},
		{"float without exponent", query.And(query.Eq("f", 1e21), query.Eq("g", 1e-7)),
			"f = 1000000000000000000000,g = 0.0000001"},
		{"float32 shortest", query.And(query.Eq("f", float32(0.1))), "f = 0.1"},
		{"time", query.And(query.Ge("created", day)), "created >= 2019-08-24T14:15:22.000Z"},
		{"time to UTC, milliseconds truncated",
			query.And(query.Lt("created", time.Date(2019, 8, 24, 10, 15, 22, 123987654, montreal))),
			"created < 2019-08-24T14:15:22.123Z"},
		{"spaces and operators inside a value", query.And(query.Eq("name", "a = b exists c")),
			"name = a = b exists c"},
		{"unicode", query.And(query.Eq("properties.ville", "Montréal")), "properties.ville = Montréal"},
		{"path named like an operator", query.And(query.Exists("exists", true)), "exists exists true"},
		{"and chained", query.And(query.Eq("a", 1)).And(query.Eq("b", 2), query.Eq("c", 3)),
			"a = 1,b = 2,c = 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.filter.Render()
			if err != nil || got != tt.want {
				t.Errorf("Render() = %q, %v; want %q, nil", got, err, tt.want)
			}
		})
	}
}

func TestFilterRenderRejects(t *testing.T) {
	ok := query.Eq("ok", 1)
	tests := []struct {
		name     string
		cond     query.Condition
		wantPath string
		want     string
	}{
		{"zero condition", query.Condition{}, "", "empty path"},
		{"empty path", query.Eq("", 1), "", "empty path"},
		{"space in path", query.Eq("first name", "x"), "first name", "white space"},
		{"tab in path", query.Eq("a\tb", "x"), "a\tb", "white space"},
		{"nbsp in path", query.Eq("a\u00a0b", "x"), "a\u00a0b", "white space"},
		{"comma in path", query.Eq("a,b", "x"), "a,b", "','"},
		{"bar in path", query.Eq("a|b", "x"), "a|b", "'|'"},
		{"equals in path", query.Eq("a=b", "x"), "a=b", "'='"},
		{"bang in path", query.Eq("a!", "x"), "a!", "'!'"},
		{"less in path", query.Eq("a<b", "x"), "a<b", "'<'"},
		{"greater in path", query.Eq("a>b", "x"), "a>b", "'>'"},
		{"leading dash", query.Eq("-created", "x"), "-created", "starts with '-'"},
		{"leading dot", query.Eq(".a", "x"), ".a", "empty segment"},
		{"trailing dot", query.Eq("a.", "x"), "a.", "empty segment"},
		{"double dot", query.Eq("a..b", "x"), "a..b", "empty segment"},
		{"path not UTF-8", query.Eq("a\xffb", "x"), "a\xffb", "UTF-8"},
		{"comma in value", query.Eq("properties.company", "a,b"), "properties.company", `value "a,b" contains ','`},
		{"bar in value", query.Eq("name", "John|Jane"), "name", `value "John|Jane" contains '|'`},
		{"bar in an alternative", query.Eq("name", "John", "x|y"), "name", `value "x|y" contains '|'`},
		{"empty value", query.Eq("name", ""), "name", "empty value"},
		{"empty alternative", query.In("name", "a", ""), "name", "empty value"},
		{"leading space", query.Eq("name", " a"), "name", "white space"},
		{"trailing space", query.Eq("name", "a "), "name", "white space"},
		{"trailing nbsp", query.Eq("name", "a\u00a0"), "name", "white space"},
		{"newline", query.Eq("name", "a\nb"), "name", "control character"},
		{"tab", query.Eq("name", "a\tb"), "name", "control character"},
		{"line separator", query.Eq("name", "a\u2028b"), "name", "line or paragraph separator"},
		{"paragraph separator", query.In("name", "ok", "a\u2029b"), "name", "line or paragraph separator"},
		{"value not UTF-8", query.Eq("name", "a\xff"), "name", "UTF-8"},
		{"empty OR list", query.In[string]("status"), "status", "empty OR list"},
		{"NaN", query.Eq("score", math.NaN()), "score", "not a finite number"},
		{"+Inf", query.Gt("score", math.Inf(1)), "score", "not a finite number"},
		{"-Inf float32", query.Lt("score", float32(math.Inf(-1))), "score", "not a finite number"},
		{"NaN as an alternative", query.Eq("score", 1.0, math.NaN()), "score", "not a finite number"},
		{"year 10000", query.Lt("created", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)), "created", "0000 to 9999"},
		{"year -1", query.Gt("created", time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)), "created", "0000 to 9999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := query.And(ok, tt.cond, ok).Render()
			var qerr *query.Error
			if !errors.As(err, &qerr) {
				t.Fatalf("Render() = %q, %v; want an *Error", got, err)
			}
			if got != "" {
				t.Errorf("Render() = %q with an error, want \"\"", got)
			}
			if qerr.Param != "filter" || qerr.Path != tt.wantPath {
				t.Errorf("error Param, Path = %q, %q; want %q, %q", qerr.Param, qerr.Path, "filter", tt.wantPath)
			}
			if !strings.HasPrefix(err.Error(), "query: filter") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to start %q and contain %q", err, "query: filter", tt.want)
			}
			if verr := tt.cond.Validate(); verr == nil || verr.Error() != err.Error() {
				t.Errorf("Condition.Validate() = %v, want %v", verr, err)
			}
		})
	}
}

func TestInjectionErrorMessage(t *testing.T) {
	_, err := query.And(query.Eq("properties.company", "a,b")).Render()
	want := `query: filter "properties.company": value "a,b" contains ','; the API has no escape for ',' or '|'`
	if err == nil || err.Error() != want {
		t.Errorf("Render() error = %v, want %s", err, want)
	}
}

func TestConditionAccessors(t *testing.T) {
	c := query.Ge("properties.age", 18, 21)
	if c.Path() != "properties.age" || c.Op() != query.OpGe {
		t.Errorf("Path(), Op() = %q, %q; want %q, %q", c.Path(), c.Op(), "properties.age", query.OpGe)
	}
	vs := c.Values()
	if diff := cmp.Diff([]string{"18", "21"}, vs); diff != "" {
		t.Errorf("Values() (-want +got):\n%s", diff)
	}
	vs[0] = "changed"
	if got := c.Values()[0]; got != "18" {
		t.Errorf("Values()[0] after changing the returned slice = %q, want %q", got, "18")
	}
}

func TestFilterDoesNotAlias(t *testing.T) {
	conds := make([]query.Condition, 0, 8) // spare capacity an aliasing And would write into
	conds = append(conds, query.Eq("a", 1), query.Eq("b", 2))
	f := query.And(conds...)
	conds[0] = query.Eq("z", 9)
	f.Conditions()[1] = query.Eq("z", 9)
	// Three Ands leave spare capacity in an append-based implementation.
	base := query.And(query.Eq("a", 1)).And(query.Eq("b", 2)).And(query.Eq("c", 3))
	left := base.And(query.Eq("l", 1))
	right := base.And(query.Eq("r", 1))
	for _, tt := range []struct {
		name   string
		filter query.Filter
		want   string
	}{
		{"after changing the caller's and the returned slices", f, "a = 1,b = 2"},
		{"base after left and right", base, "a = 1,b = 2,c = 3"},
		{"left And", left, "a = 1,b = 2,c = 3,l = 1"},
		{"right And", right, "a = 1,b = 2,c = 3,r = 1"},
	} {
		if got, err := tt.filter.Render(); err != nil || got != tt.want {
			t.Errorf("%s: Render() = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

func TestFilterLenAndIsZero(t *testing.T) {
	for _, tt := range []struct {
		filter   query.Filter
		wantLen  int
		wantZero bool
	}{
		{query.Filter{}, 0, true},
		{query.And(), 0, true},
		{query.And(query.Eq("a", 1)), 1, false},
		{query.And(query.Eq("a", 1)).And(query.Eq("b", 1)), 2, false},
	} {
		if tt.filter.Len() != tt.wantLen || tt.filter.IsZero() != tt.wantZero {
			t.Errorf("Len(), IsZero() = %d, %v; want %d, %v", tt.filter.Len(), tt.filter.IsZero(), tt.wantLen, tt.wantZero)
		}
	}
}

func TestFilterEqual(t *testing.T) {
	a := query.And(query.Eq("n", 1), query.Exists("e", true))
	for _, tt := range []struct {
		name string
		b    query.Filter
		want bool
	}{
		{"same conditions", query.And(query.Eq("n", 1), query.Exists("e", true)), true},
		{"same text from another type", query.And(query.Eq("n", "1"), query.Exists("e", true)), true},
		{"other order", query.And(query.Exists("e", true), query.Eq("n", 1)), false},
		{"other operator", query.And(query.Ne("n", 1), query.Exists("e", true)), false},
		{"other value", query.And(query.Eq("n", 2), query.Exists("e", true)), false},
		{"extra alternative", query.And(query.Eq("n", 1, 2), query.Exists("e", true)), false},
		{"fewer conditions", query.And(query.Eq("n", 1)), false},
	} {
		if got := a.Equal(tt.b); got != tt.want {
			t.Errorf("%s: Equal() = %v, want %v", tt.name, got, tt.want)
		}
	}
}
