package accessors

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// FieldsHeading is the line that opens the list of fields in the doc
// comment of an alias of a struct type.
const FieldsHeading = "Fields, from the spec:"

// additionalDoc is the meaning of the AdditionalProperties field that the
// additional-properties template (api/templates) gives a type whose
// schema keeps unknown members.
// The package doc of the facade says what that means once; each type's
// list only points to it.
const additionalDoc = "The members the spec does not name, kept as sent (see the package doc)."

// textWidth is the width of a Fields list's text, after the "//" and
// the list indent.
const textWidth = 68

// Field is one exported field of a struct type of the models.
type Field struct {
	Name   string   // its Go name
	JSON   string   // its name in JSON; "" for AdditionalProperties, encoded by hand
	Doc    string   // its doc comment as one paragraph, without the leading Go name
	Getter bool     // whether it has a GetName accessor (see [Generate])
	expr   ast.Expr // its Go type, in the models' terms
}

// Fields returns the exported fields of the type name declared in the
// models, in declaration order, and true; or false when name is not a
// struct type with exported fields (an enum, a union, a map or an alias),
// which has no list of fields. It fails when name is not declared, and
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
			field := Field{Name: n.Name, Doc: fieldDoc(n.Name, f.Doc), Getter: hasAccessor(f), expr: f.Type}
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

// hasAccessor reports whether the exported names of f get a GetName
// accessor: f is a pointer with a json tag.
func hasAccessor(f *ast.Field) bool {
	if _, ok := f.Type.(*ast.StarExpr); !ok || len(f.Names) == 0 || f.Tag == nil {
		return false
	}
	tag, _ := strconv.Unquote(f.Tag.Value)
	_, ok := reflect.StructTag(tag).Lookup("json")
	return ok
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

// AliasSpec is the input of [Models.AliasFile], read from YAML: the
// handwritten part of a file of aliases of model types.
type AliasSpec struct {
	// Package is the name of the package the file belongs to.
	Package string `yaml:"package"`
	// Imports maps the name a type's Of uses for a package to its import
	// path; the models' package must be one of them.
	Imports map[string]string `yaml:"imports"`
	// Types are the aliases, in the order the file declares them.
	Types []Alias `yaml:"types"`
}

// Alias is one alias to declare: type Name = Of, with the doc Doc.
type Alias struct {
	Name string `yaml:"name"` // the alias's name
	Of   string `yaml:"of"`   // the aliased type, "pkg.Type"
	Doc  string `yaml:"doc"`  // the handwritten doc comment, without "//"
}

// ParseAliasSpec decodes the YAML src, the file filename, into an
// [AliasSpec]. It fails on an unknown key, and on a type without a name,
// an Of of the form "pkg.Type" or a doc.
func ParseAliasSpec(filename string, src []byte) (*AliasSpec, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	var spec AliasSpec
	if err := dec.Decode(&spec); err != nil {
		return nil, fmt.Errorf("%s: %w", filename, err)
	}
	for i, a := range spec.Types {
		pkg, typ, ok := strings.Cut(a.Of, ".")
		if a.Name == "" || !ok || pkg == "" || typ == "" || strings.TrimSpace(a.Doc) == "" {
			return nil, fmt.Errorf("%s: type %d (%q): each type needs a name, an of \"pkg.Type\" and a doc", filename, i+1, a.Name)
		}
		if _, ok := spec.Imports[pkg]; !ok {
			return nil, fmt.Errorf("%s: %s = %s: package %s is not in imports", filename, a.Name, a.Of, pkg)
		}
	}
	return &spec, nil
}

// AliasFile returns the gofmt-ed source of a file, with the "Code
// generated ... DO NOT EDIT." header naming input (where spec was read),
// that declares the aliases of spec in one type block, each with its
// doc. The doc of an alias of a struct type of the models ends with the
// paragraph [FieldsHeading] and a list of the struct's fields, one item
// each, naming its Go type in the terms of the file (an aliased type by
// its alias), its JSON name and its accessor:
//
//   - Name *T, "json", read with GetName: the field's doc.
//
// A list equal to that of an alias declared above becomes a reference to
// it, and `code` spans of the spec's Markdown become 'code'. It fails,
// naming the alias, when Of names a type the models do not declare, or
// a field's type is a struct, union or enum of the models that spec does
// not alias, or [Models.Fields] fails.
func (m *Models) AliasFile(input string, spec *AliasSpec) ([]byte, error) {
	local := ""
	for name, path := range spec.Imports {
		if path[strings.LastIndex(path, "/")+1:] == m.file.Name.Name {
			local = name
		}
	}
	if local == "" {
		return nil, fmt.Errorf("%s: the imports hold no package %s", input, m.file.Name.Name)
	}
	aliasOf := map[string]string{} // "pkg.Type" -> alias name
	for _, a := range spec.Types {
		aliasOf[a.Of] = a.Name
	}
	r := typeRenderer{m: m, local: local, aliasOf: aliasOf}
	var out bytes.Buffer
	fmt.Fprintf(&out, "// Code generated by internal/accessorgen from %s and the models of package %s. DO NOT EDIT.\n\n", input, m.file.Name.Name)
	fmt.Fprintf(&out, "package %s\n\n", spec.Package)
	writeImports(&out, spec)
	out.WriteString("type (\n")
	listedBy := map[string]string{} // a rendered list -> the alias it was first written for
	for i, a := range spec.Types {
		lines, err := r.aliasDoc(a, listedBy)
		if err != nil {
			return nil, fmt.Errorf("%s: %s = %s: %w", input, a.Name, a.Of, err)
		}
		if i > 0 {
			out.WriteString("\n")
		}
		for _, l := range lines {
			out.WriteString(strings.TrimRight("\t// "+l, " ") + "\n")
		}
		fmt.Fprintf(&out, "\t%s = %s\n", a.Name, a.Of)
	}
	out.WriteString(")\n")
	code, err := format.Source(out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("format the aliases of %s: %w", input, err)
	}
	return code, nil
}

// writeImports writes the import block of the packages spec's types use,
// sorted by path.
func writeImports(out *bytes.Buffer, spec *AliasSpec) {
	used := map[string]bool{}
	for _, a := range spec.Types {
		pkg, _, _ := strings.Cut(a.Of, ".")
		used[pkg] = true
	}
	var names []string
	for name := range used {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return spec.Imports[names[i]] < spec.Imports[names[j]] })
	out.WriteString("import (\n")
	for _, name := range names {
		path := spec.Imports[name]
		if path[strings.LastIndex(path, "/")+1:] == name {
			fmt.Fprintf(out, "\t%q\n", path)
		} else {
			fmt.Fprintf(out, "\t%s %q\n", name, path)
		}
	}
	out.WriteString(")\n\n")
}

// typeRenderer writes the Go types of the models' fields in the terms of
// the file of aliases.
type typeRenderer struct {
	m       *Models
	local   string            // the file's name of the models' package
	aliasOf map[string]string // "pkg.Type" -> its alias in the file
}

// aliasDoc returns the lines of a's doc comment, without "//": its
// handwritten doc, then its list of fields if it aliases a struct type
// of the models. listedBy records each list written, so that a list
// written before is referred to.
func (r typeRenderer) aliasDoc(a Alias, listedBy map[string]string) ([]string, error) {
	lines := strings.Split(strings.TrimSpace(a.Doc), "\n")
	pkg, typ, _ := strings.Cut(a.Of, ".")
	if pkg != r.local {
		return lines, nil
	}
	fields, ok, err := r.m.Fields(typ)
	if err != nil || !ok {
		return lines, err
	}
	var items []string
	for _, f := range fields {
		goType, err := r.render(f.expr)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", f.Name, err)
		}
		items = append(items, item(f, goType)...)
	}
	list := strings.Join(items, "\n")
	if first, ok := listedBy[list]; ok {
		return append(lines, "", "Its fields are those of ["+first+"]."), nil
	}
	listedBy[list] = a.Name
	return append(append(lines, "", FieldsHeading), items...), nil
}

// render returns the Go source of the type e of a field of the models,
// with each type of the models written as its alias in the file, or, for
// an alias of the models without one (type ObjectID = string), as the
// type it stands for.
func (r typeRenderer) render(e ast.Expr) (string, error) {
	switch t := e.(type) {
	case *ast.Ident:
		return r.renderName(t.Name)
	case *ast.SelectorExpr:
		full := exprString(r.m.fset, t)
		if alias, ok := r.aliasOf[full]; ok {
			return alias, nil
		}
		return full, nil
	case *ast.StarExpr:
		s, err := r.render(t.X)
		return "*" + s, err
	case *ast.ArrayType:
		s, err := r.render(t.Elt)
		if t.Len != nil {
			return "[" + exprString(r.m.fset, t.Len) + "]" + s, err
		}
		return "[]" + s, err
	case *ast.MapType:
		k, err := r.render(t.Key)
		if err != nil {
			return "", err
		}
		v, err := r.render(t.Value)
		return "map[" + k + "]" + v, err
	}
	return exprString(r.m.fset, e), nil
}

// renderName renders the identifier name of a field type of the models.
func (r typeRenderer) renderName(name string) (string, error) {
	ts := r.m.typeSpec(name)
	if ts == nil {
		return name, nil // a predeclared type
	}
	if alias, ok := r.aliasOf[r.local+"."+name]; ok {
		return alias, nil
	}
	if ts.Assign.IsValid() {
		return r.render(ts.Type)
	}
	return "", fmt.Errorf("its type %s.%s has no alias here: add one", r.local, name)
}

// markdownCode is a `code` span of the spec's Markdown.
var markdownCode = regexp.MustCompile("`([^`]+)`")

// item is the list item of f, whose Go type is goType, wrapped, in the
// form gofmt gives a doc comment's list, without "//".
func item(f Field, goType string) []string {
	name := f.Name + " " + goType
	switch {
	case f.JSON == "":
	case f.Getter:
		name += ", " + strconv.Quote(f.JSON) + ", read with Get" + f.Name
	default:
		name += ", " + strconv.Quote(f.JSON)
	}
	doc := markdownCode.ReplaceAllString(f.Doc, "'$1'")
	if doc == "" {
		doc = "Not described by the spec."
	}
	const lead, cont = "  - ", "    "
	var lines []string
	line := lead
	for _, word := range strings.Fields(name + ": " + doc) {
		switch {
		case line == lead:
			line += word
		case len(line)+1+len(word) > len(cont)+textWidth:
			lines = append(lines, line)
			line = cont + word
		default:
			line += " " + word
		}
	}
	return append(lines, line)
}
