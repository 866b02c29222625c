package query_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leadfox-go/leadfox/query"
)

func TestSortRender(t *testing.T) {
	tests := []struct {
		sort query.Sort
		want string
	}{
		{query.Sort{}, ""},
		{query.SortBy(), ""},
		{query.SortBy(query.Asc("name")), "name"},
		{query.SortBy(query.Desc("created"), query.Asc("name")), "-created,name"},
		{query.SortBy(query.Desc("properties.company")), "-properties.company"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got, err := tt.sort.Render()
			if err != nil || got != tt.want {
				t.Fatalf("Render() = %q, %v; want %q, nil", got, err, tt.want)
			}
			parsed, err := query.ParseSort(got)
			if err != nil || !cmp.Equal(parsed, tt.sort) {
				t.Errorf("ParseSort(%q) = %v, %v; want %v", got, parsed.Keys(), err, tt.sort.Keys())
			}
		})
	}
}

func TestSortKeys(t *testing.T) {
	keys := []query.SortKey{query.Desc("created"), query.Asc("name")}
	s := query.SortBy(keys...)
	keys[0] = query.Asc("changed")
	s.Keys()[1] = query.Asc("changed")
	type key struct {
		Path string
		Desc bool
	}
	var got []key
	for _, k := range s.Keys() {
		got = append(got, key{k.Path(), k.Descending()})
	}
	if diff := cmp.Diff([]key{{"created", true}, {"name", false}}, got); diff != "" {
		t.Errorf("Keys() (-want +got):\n%s", diff)
	}
	if s.Len() != 2 || s.IsZero() {
		t.Errorf("Len(), IsZero() = %d, %v; want 2, false", s.Len(), s.IsZero())
	}
}

func TestSortRejects(t *testing.T) {
	tests := []struct {
		name     string
		sort     query.Sort
		wantPath string
		want     string
	}{
		{"empty path", query.SortBy(query.Asc("")), "", "empty path"},
		{"zero key", query.SortBy(query.SortKey{}), "", "empty path"},
		{"dash in path", query.SortBy(query.Desc("-created")), "-created", "starts with '-'"},
		{"comma in path", query.SortBy(query.Asc("a,b")), "a,b", "','"},
		{"space in path", query.SortBy(query.Asc("a b")), "a b", "white space"},
		{"twice", query.SortBy(query.Asc("a"), query.Desc("a")), "a", "listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.sort.Render()
			checkError(t, err, "sort", tt.wantPath, tt.want)
			if got != "" {
				t.Errorf("Render() = %q with an error, want \"\"", got)
			}
		})
	}
}

func TestParseSortRejects(t *testing.T) {
	tests := []struct{ in, want string }{
		{",", `",": item 1 is empty`},
		{"a,,b", "item 2 is empty"},
		{"a,", "item 2 is empty"},
		{"-", "empty path"},
		{"--a", "starts with '-'"},
		{"a b", "white space"},
		{"a,-a", "listed twice"},
		{"a.", "empty segment"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := query.ParseSort(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseSort(%q) error = %v, want one containing %q", tt.in, err, tt.want)
			}
			if !got.IsZero() {
				t.Errorf("ParseSort(%q) = %v with an error, want the zero Sort", tt.in, got.Keys())
			}
		})
	}
}

// checkError fails t unless err is an *Error for param and path whose text
// starts "query: param" and contains want.
func checkError(t *testing.T, err error, param, path, want string) {
	t.Helper()
	var qerr *query.Error
	if !errors.As(err, &qerr) {
		t.Fatalf("error = %v, want an *Error", err)
	}
	if qerr.Param != param || qerr.Path != path {
		t.Errorf("error Param, Path = %q, %q; want %q, %q", qerr.Param, qerr.Path, param, path)
	}
	if !strings.HasPrefix(err.Error(), "query: "+param) || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %q, want it to start %q and contain %q", err, "query: "+param, want)
	}
}
