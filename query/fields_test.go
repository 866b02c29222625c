package query_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leadfox-go/leadfox/query"
)

func TestFieldsRender(t *testing.T) {
	tests := []struct {
		fields query.Fields
		want   string
	}{
		{query.Fields{}, ""},
		{query.Select(), ""},
		{query.Select("name"), "name"},
		{query.Select("name", "description", "properties.company"), "name,description,properties.company"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got, err := tt.fields.Render()
			if err != nil || got != tt.want {
				t.Fatalf("Render() = %q, %v; want %q, nil", got, err, tt.want)
			}
			parsed, err := query.ParseFields(got)
			if err != nil || !cmp.Equal(parsed, tt.fields) {
				t.Errorf("ParseFields(%q) = %v, %v; want %v", got, parsed.Paths(), err, tt.fields.Paths())
			}
		})
	}
}

func TestFieldsDoesNotAlias(t *testing.T) {
	paths := []string{"name", "description"}
	f := query.Select(paths...)
	paths[0] = "changed"
	f.Paths()[1] = "changed"
	if diff := cmp.Diff([]string{"name", "description"}, f.Paths()); diff != "" {
		t.Errorf("Paths() (-want +got):\n%s", diff)
	}
	if f.Len() != 2 || f.IsZero() {
		t.Errorf("Len(), IsZero() = %d, %v; want 2, false", f.Len(), f.IsZero())
	}
}

func TestFieldsRejects(t *testing.T) {
	tests := []struct {
		name     string
		fields   query.Fields
		wantPath string
		want     string
	}{
		{"empty path", query.Select("name", ""), "", "empty path"},
		{"dash", query.Select("-name"), "-name", "starts with '-'"},
		{"bar", query.Select("a|b"), "a|b", "'|'"},
		{"newline", query.Select("a\nb"), "a\nb", "white space"},
		{"twice", query.Select("name", "name"), "name", "listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.fields.Render()
			checkError(t, err, "fields", tt.wantPath, tt.want)
			if got != "" {
				t.Errorf("Render() = %q with an error, want \"\"", got)
			}
		})
	}
}

func TestParseFieldsRejects(t *testing.T) {
	tests := []struct{ in, want string }{
		{",", "item 1 is empty"},
		{"name,,description", "item 2 is empty"},
		{"name,", "item 2 is empty"},
		{"-name", "starts with '-'"},
		{"first name", "white space"},
		{"a,a", "listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := query.ParseFields(tt.in)
			if err == nil || !strings.HasPrefix(err.Error(), "query: fields") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseFields(%q) error = %v, want one containing %q", tt.in, err, tt.want)
			}
			if !got.IsZero() {
				t.Errorf("ParseFields(%q) = %v with an error, want the zero Fields", tt.in, got.Paths())
			}
		})
	}
}
