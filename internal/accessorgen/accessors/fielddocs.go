package accessors

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// FieldsHeading is the line that opens the Fields block of an alias's doc
// comment. Everything from it to the end of the comment belongs to
// [Models.DocumentAliases]; everything above it is handwritten.
const FieldsHeading = "Fields, from the spec:"

// additionalDoc is the meaning of the AdditionalProperties field that the
// additional-properties template (api/templates) gives a type whose
// schema keeps unknown members.
const additionalDoc = "The members the spec does not name, keyed by name, " +
	"as the raw JSON the server sent, so that they are written back unchanged."

// textWidth is the width of a Fields block's text, after the "//" and
// the list indent.
const textWidth = 68

// Field is one exported field of a struct type of the models.
type Field struct {
	Name string // its Go name
	JSON string // its name in JSON; "" for AdditionalProperties, encoded by hand
	Doc  string // its doc comment as one paragraph, without the leading Go name
}

// Fields returns the exported fields of the type name declared in the
// models, in declaration order, and true; or false when name is not a
// struct type with exported fields (an enum, a union, a map or an alias),
// which has no Fields block. It fails when name is not declared, and
// when a field cannot be documented: it is embedded, or it has no json
// name and is not AdditionalProperties.
func (m *Models) Fields(name string) ([]Field, bool, error) {
	ts := m.typeSpec(name)
	if ts == nil {
		return nil, false, fmt.Errorf("%s declares no type %s", m.filename, name)
	}
	st, ok := ts.Type.(*ast.StructType)
	if !ok || ts.Assign.IsValid() {
		return nil, false, nil
	}
	var fields []Field
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			return nil, false, fmt.Errorf("%s.%s: an embedded field cannot be documented", name, exprString(m.fset, f.Type))
		}
		for _, n := range f.Names {
			if !n.IsExported() {
				continue
			}
			field := Field{Name: n.Name, Doc: fieldDoc(n.Name, f.Doc)}
			field.JSON = jsonName(f.Tag)
			switch {
			case field.JSON != "":
			case n.Name == "AdditionalProperties":
				field.Doc = additionalDoc
			default:
				return nil, false, fmt.Errorf("%s.%s has no json name: it cannot be documented", name, n.Name)
			}
			fields = append(fields, field)
		}
	}
	return fields, len(fields) > 0, nil
}

func (m *Models) typeSpec(name string) *ast.TypeSpec {
	for _, decl := range m.file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.TYPE {
			continue
		}
		for _, spec := range gen.Specs {
			if ts := spec.(*ast.TypeSpec); ts.Name.Name == name {
				return ts
			}
		}
	}
	return nil
}

// jsonName is the name of a field in JSON, from its tag; "" when the
// tag has none or is "-".
func jsonName(tag *ast.BasicLit) string {
	if tag == nil {
		return ""
	}
	s, _ := strconv.Unquote(tag.Value)
	name, _, _ := strings.Cut(reflect.StructTag(s).Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}

// fieldDoc is the text of a field's doc comment on one line, without
// the Go name oapi-codegen opens it with.
func fieldDoc(name string, doc *ast.CommentGroup) string {
	text := strings.Join(strings.Fields(doc.Text()), " ")
	if rest, ok := strings.CutPrefix(text, name+" "); ok {
		return rest
	}
	return strings.TrimPrefix(text, name)
}

func exprString(fset *token.FileSet, e ast.Expr) string {
	var b bytes.Buffer
	_ = format.Node(&b, fset, e)
	return b.String()
}

// DocumentAliases returns src, the Go source file filename, with the
// Fields block of every alias of a model type rewritten: for each
// "type X = pkg.T" whose pkg is the models' package and T a struct type
// of [Models.Fields], the doc comment of X ends with the paragraph
// [FieldsHeading] and a list of T's fields, one item each:
//
//   - Name (json): the field's doc.
//
// Everything in the comment above the heading is kept as written; an
// alias of a type without fields loses any block it had. The result is
// gofmt-ed, and a second run returns it unchanged. It fails, naming the
// alias, when an alias of a struct type has no doc comment (or one with
// nothing above its block), when a comment is a /* */ block, or when
// [Models.Fields] fails.
func (m *Models) DocumentAliases(filename string, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, filename, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", filename, err)
	}
	local := m.importName(file)
	type edit struct {
		start, end int
		text       string
	}
	var edits []edit
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.TYPE || local == "" {
			continue
		}
		for _, spec := range gen.Specs {
			ts := spec.(*ast.TypeSpec)
			sel, ok := ts.Type.(*ast.SelectorExpr)
			if !ok || !ts.Assign.IsValid() {
				continue
			}
			if x, ok := sel.X.(*ast.Ident); !ok || x.Name != local {
				continue
			}
			doc := ts.Doc
			if doc == nil && !gen.Lparen.IsValid() {
				doc = gen.Doc
			}
			where := fmt.Sprintf("%s: %s (= %s.%s)", fset.Position(ts.Pos()), ts.Name.Name, local, sel.Sel.Name)
			fields, ok, err := m.Fields(sel.Sel.Name)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			if doc == nil {
				if ok {
					return nil, fmt.Errorf("%s has no doc comment: write one, and its Fields block is added at its end", where)
				}
				continue
			}
			text, err := rewriteDoc(doc, fields)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			edits = append(edits, edit{fset.Position(doc.Pos()).Offset, fset.Position(doc.End()).Offset, text})
		}
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	out := append([]byte(nil), src...)
	for _, e := range edits {
		indent := out[bytes.LastIndexByte(out[:e.start], '\n')+1 : e.start]
		text := strings.ReplaceAll(e.text, "\n", "\n"+string(indent))
		out = append(out[:e.start], append([]byte(text), out[e.end:]...)...)
	}
	code, err := format.Source(out)
	if err != nil {
		return nil, fmt.Errorf("format %s: %w", filename, err)
	}
	return code, nil
}

// importName is the name under which file imports the models' package,
// or "" when it does not.
func (m *Models) importName(file *ast.File) string {
	for _, spec := range file.Imports {
		if name, path := importedAs(spec); path[strings.LastIndex(path, "/")+1:] == m.file.Name.Name {
			return name
		}
	}
	return ""
}

// importedAs returns the name a file refers to an import by, and its
// path: the last element of the path unless the import names it.
func importedAs(spec *ast.ImportSpec) (name, path string) {
	path, _ = strconv.Unquote(spec.Path.Value)
	if spec.Name != nil {
		return spec.Name.Name, path
	}
	return path[strings.LastIndex(path, "/")+1:], path
}

// rewriteDoc returns the lines of doc, joined by newlines, with its
// Fields block replaced by one for fields (none when fields is empty).
func rewriteDoc(doc *ast.CommentGroup, fields []Field) (string, error) {
	var lines []string
	for _, c := range doc.List {
		if !strings.HasPrefix(c.Text, "//") {
			return "", fmt.Errorf("its doc comment is a /* */ block: write it with //")
		}
		if strings.TrimSpace(strings.TrimPrefix(c.Text, "//")) == FieldsHeading {
			break
		}
		lines = append(lines, c.Text)
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "//" {
		lines = lines[:len(lines)-1]
	}
	if len(fields) > 0 {
		if len(lines) == 0 {
			return "", fmt.Errorf("its doc comment has no text above its Fields block: write what the type is")
		}
		lines = append(lines, "//", "// "+FieldsHeading)
		for _, f := range fields {
			lines = append(lines, item(f)...)
		}
	}
	return strings.Join(lines, "\n"), nil
}

// item is the list item of f, wrapped, in the form gofmt gives a doc
// comment's list.
func item(f Field) []string {
	name := f.Name + " (" + f.JSON + ")"
	if f.JSON == "" {
		name = f.Name + " (every other member)"
	}
	doc := f.Doc
	if doc == "" {
		doc = "Not described by the spec."
	}
	const lead, cont = "//   - ", "//     "
	var lines []string
	line := lead + name + ":"
	for _, word := range strings.Fields(doc) {
		if len(line)+1+len(word) > len(cont)+textWidth {
			lines = append(lines, line)
			line = cont + word
		} else {
			line += " " + word
		}
	}
	return append(lines, line)
}
