package facade

import (
	"go/ast"
	"go/build"
	"go/doc"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/internal/accessorgen/accessors"
)

// modelDocsItem is a list item of a Fields block: "Name (json): meaning".
var modelDocsItem = regexp.MustCompile(`^(\w+) \(([^)]*)\): \S`)

// TestModelDocsListEveryField checks that the doc of every alias of a
// generated struct type, as go doc shows it, lists each exported field
// of the struct, under its Go and JSON names, with a meaning, and no
// field the struct lacks: a user reads a model's fields from the facade
// without opening package generated. The fields come from the
// type-checked facade, not from the generator's parse. Unions (no
// exported field) and enums have no block; their handwritten doc names
// their variants and values.
func TestModelDocsListEveryField(t *testing.T) {
	pkg := surfaceLoad(t)
	docs := modelDocsLoad(t)
	n := 0
	for _, name := range pkg.Scope().Names() {
		tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok || !tn.Exported() || !tn.IsAlias() {
			continue
		}
		named, ok := types.Unalias(tn.Type()).(*types.Named)
		if !ok || !surfaceIsGenerated(named.Obj()) {
			continue
		}
		st, ok := named.Underlying().(*types.Struct)
		if !ok {
			continue
		}
		want := map[string]string{} // Go name -> JSON name in the item
		var order []string
		for i := range st.NumFields() {
			f := st.Field(i)
			if !f.Exported() {
				continue
			}
			json, _, _ := strings.Cut(reflect.StructTag(st.Tag(i)).Get("json"), ",")
			if json == "" || json == "-" {
				json = "every other member"
			}
			want[f.Name()] = json
			order = append(order, f.Name())
		}
		if len(order) == 0 {
			continue // a union
		}
		n++
		where := "facade." + name + " (= generated." + named.Obj().Name() + ")"
		got, err := modelDocsFields(docs[name])
		if err != "" {
			t.Errorf("%s: %s. Fix: run make generate.", where, err)
			continue
		}
		for _, f := range order {
			json, ok := got[f]
			switch {
			case !ok:
				t.Errorf("%s: its doc lists no field %s (%s). Fix: run make generate.", where, f, want[f])
			case json != want[f]:
				t.Errorf("%s: its doc lists field %s as (%s), want (%s). Fix: run make generate.", where, f, json, want[f])
			}
		}
		for f := range got {
			if _, ok := want[f]; !ok {
				t.Errorf("%s: its doc lists field %s, which the struct does not have. Fix: run make generate.", where, f)
			}
		}
	}
	if n < 30 {
		t.Errorf("checked %d aliases of generated structs, want at least 30", n)
	}
}

// modelDocsLoad returns the doc of every type of the facade package (not
// its tests), as go doc reads it.
func modelDocsLoad(t *testing.T) map[string]string {
	t.Helper()
	bp, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, "github.com/leadfox-go/leadfox/facade")
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{}
	for _, typ := range p.Types {
		docs[typ.Name] = typ.Doc
	}
	return docs
}

// modelDocsFields returns the Go and JSON names of the items of the
// Fields block of text, a doc comment, or why there is no such block.
func modelDocsFields(text string) (map[string]string, string) {
	blocks := new(comment.Parser).Parse(text).Content
	for i, b := range blocks {
		p, ok := b.(*comment.Paragraph)
		if !ok || modelDocsText(p.Text) != accessors.FieldsHeading {
			continue
		}
		if i+1 == len(blocks) {
			return nil, "its Fields block has no list"
		}
		list, ok := blocks[i+1].(*comment.List)
		if !ok {
			return nil, "its Fields block has no list"
		}
		got := map[string]string{}
		for _, item := range list.Items {
			var line string
			if len(item.Content) > 0 {
				if p, ok := item.Content[0].(*comment.Paragraph); ok {
					line = modelDocsText(p.Text)
				}
			}
			m := modelDocsItem.FindStringSubmatch(line)
			if m == nil {
				return nil, "its Fields block has an item that is not \"Name (json): meaning\": " + line
			}
			got[m[1]] = m[2]
		}
		return got, ""
	}
	return nil, "its doc has no paragraph " + accessors.FieldsHeading
}

// modelDocsText is the plain text of a paragraph, its lines joined.
func modelDocsText(text []comment.Text) string {
	var b strings.Builder
	for _, t := range text {
		switch t := t.(type) {
		case comment.Plain:
			b.WriteString(string(t))
		case comment.Italic:
			b.WriteString(string(t))
		case *comment.Link:
			b.WriteString(modelDocsText(t.Text))
		case *comment.DocLink:
			b.WriteString(modelDocsText(t.Text))
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
