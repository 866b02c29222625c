package query_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/leadfox-go/leadfox/query"
)

func TestParseFilter(t *testing.T) {
	tests := []struct {
		in   string
		want query.Filter
	}{
		{"", query.Filter{}},
		{"name = Test List,deleted = false",
			query.And(query.Eq("name", "Test List"), query.Eq("deleted", false))},
		{"properties.firstname = John|john", query.And(query.Eq("properties.firstname", "John", "john"))},
		{"email exists true", query.And(query.Exists("email", true))},
		{"a != 1,b > 2,c >= 3,d < 4,e <= 5.5",
			query.And(query.Ne("a", 1), query.Gt("b", 2), query.Ge("c", 3), query.Lt("d", 4), query.Le("e", 5.5))},
		{"created >= 2019-08-24T14:15:22.000Z",
			query.And(query.Ge("created", time.Date(2019, 8, 24, 14, 15, 22, 0, time.UTC)))},
		{"name = a = b", query.And(query.Eq("name", "a = b"))},
		{"exists exists false", query.And(query.Exists("exists", false))},
		{"lists.list = 5f0c1b2e3d4a5b6c7d8e9f00", query.And(query.Eq("lists.list", "5f0c1b2e3d4a5b6c7d8e9f00"))},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := query.ParseFilter(tt.in)
			if err != nil {
				t.Fatalf("ParseFilter(%q) error = %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseFilter(%q) (-want +got):\n%s", tt.in, diff)
			}
			if r, err := got.Render(); err != nil || r != tt.in {
				t.Errorf("Render() of the parsed filter = %q, %v; want %q", r, err, tt.in)
			}
		})
	}
}

func TestParseFilterConditions(t *testing.T) {
	f, err := query.ParseFilter("status = d|s,email exists true")
	if err != nil {
		t.Fatal(err)
	}
	type cond struct {
		Path   string
		Op     query.Op
		Values []string
	}
	var got []cond
	for _, c := range f.Conditions() {
		got = append(got, cond{c.Path(), c.Op(), c.Values()})
	}
	want := []cond{{"status", query.OpEq, []string{"d", "s"}}, {"email", query.OpExists, []string{"true"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("conditions (-want +got):\n%s", diff)
	}
}

func TestParseFilterRejects(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{",", `condition 1 "": empty condition`},
		{"a = 1,,b = 2", `condition 2 "": empty condition`},
		{"a = 1,", `condition 2 "": empty condition`},
		{"a=1", "space on each side of the operator"},
		{"a =1", `unknown operator "=1"`},
		{"a == 1", `unknown operator "=="`},
		{"a like 1", `unknown operator "like"`},
		{"a  = 1", "missing operator"},
		{"a =", `no space and value after the operator "="`},
		{"email exists", `no space and value after the operator "exists"`},
		{"a = ", "empty value"},
		{"a = 1|", "empty value"},
		{"a = |1", "empty value"},
		{"a =  1", "white space"},
		{"a = 1 ", "white space"},
		{"a = x\ny", "control character"},
		{"a = \xff", "UTF-8"},
		{" a = 1", "empty path"},
		{"-a = 1", "starts with '-'"},
		{"a..b = 1", "empty segment"},
		{"a! = 1", "'!'"},
		{"email exists yes", `exists takes one value, true or false, not "yes"`},
		{"email exists true|false", `not "true|false"`},
		{"email exists True", `not "True"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := query.ParseFilter(tt.in)
			var qerr *query.Error
			if !errors.As(err, &qerr) || !strings.HasPrefix(err.Error(), "query: filter") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ParseFilter(%q) error = %v, want an *Error containing %q", tt.in, err, tt.want)
			}
			if !got.IsZero() {
				t.Errorf("ParseFilter(%q) = %v with an error, want the zero Filter", tt.in, got)
			}
		})
	}
}
