package accessors

import (
	"strings"
	"testing"
)

const models = `package generated

import "encoding/json"

// Contact defines model for Contact.
type Contact struct {
	// ID The contact's id, assigned by the server.
	ID *string ` + "`json:\"_id,omitempty\"`" + `

	// Email The contact's email address: required, unique within the Client, and the key an upsert matches on when it is sent.
	Email string ` + "`json:\"email\"`" + `

	Plain                *int                       ` + "`json:\"plain,omitempty\"`" + `
	hidden               int
	AdditionalProperties map[string]json.RawMessage ` + "`json:\"-\"`" + `
}

// Params defines parameters for ListThings.
type Params struct {
	// Limit Page size.
	Limit *int ` + "`form:\"limit,omitempty\" json:\"limit,omitempty\"`" + `
}

// Union is a union.
type Union struct {
	union json.RawMessage
}

// Status is an enum.
type Status string

// Number is an alias.
type Number = int
`

const facadeSrc = `package facade

import (
	gen "example.com/m/generated"
)

// Single is the only alias of its declaration.
type Single = gen.Params

type (
	// Contact is a person.
	//
	// A second handwritten paragraph.
	//
	// Fields, from the spec:
	//   - Stale (stale): a field that is gone.
	Contact = gen.Contact
	// Union is kept as written.
	Union = gen.Union
	// Status had a block by mistake.
	//
	// Fields, from the spec:
	//   - X (x): y.
	Status = gen.Status
	// Number is an alias of an alias.
	Number = gen.Number
	// Other is not an alias of the models.
	Other = int
)
`

func documented(t *testing.T, facade string) string {
	t.Helper()
	m, err := Parse("generated/models.gen.go", []byte(models))
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.DocumentAliases("facade/models.go", []byte(facade))
	if err != nil {
		t.Fatal(err)
	}
	return string(got)
}

func TestDocumentAliases(t *testing.T) {
	got := documented(t, facadeSrc)
	for _, want := range []string{
		"// Single is the only alias of its declaration.\n//\n// Fields, from the spec:\n//   - Limit (limit): Page size.\ntype Single = gen.Params\n",
		"\t// Contact is a person.\n\t//\n\t// A second handwritten paragraph.\n\t//\n\t// Fields, from the spec:\n" +
			"\t//   - ID (_id): The contact's id, assigned by the server.\n" +
			"\t//   - Email (email): The contact's email address: required, unique within\n" +
			"\t//     the Client, and the key an upsert matches on when it is sent.\n" +
			"\t//   - Plain (plain): Not described by the spec.\n" +
			"\t//   - AdditionalProperties (every other member): The members the spec does\n",
		"\t// Union is kept as written.\n\tUnion = gen.Union\n",
		"\t// Status had a block by mistake.\n\tStatus = gen.Status\n",
		"\t// Number is an alias of an alias.\n\tNumber = gen.Number\n",
		"\t// Other is not an alias of the models.\n\tOther = int\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"Stale", "hidden", "X (x)"} {
		if strings.Contains(got, bad) {
			t.Errorf("output has %q, want none:\n%s", bad, got)
		}
	}
	if again := documented(t, got); again != got {
		t.Errorf("a second run changes the file:\n%s\nwant\n%s", again, got)
	}
}

func TestDocumentAliasesWithoutImport(t *testing.T) {
	src := "package facade\n\n// T is an int.\ntype T = int\n"
	if got := documented(t, src); got != src {
		t.Errorf("a file that does not import the models changed:\n%s", got)
	}
}

func TestDocumentAliasesErrors(t *testing.T) {
	for _, tc := range []struct{ name, models, facade, want string }{
		{"no doc comment", models, "package f\nimport \"m/generated\"\ntype C = generated.Contact\n",
			"C (= generated.Contact) has no doc comment"},
		{"only a block", models, "package f\nimport \"m/generated\"\n// Fields, from the spec:\n//   - ID (_id): x.\ntype C = generated.Contact\n",
			"no text above its Fields block"},
		{"undeclared type", models, "package f\nimport \"m/generated\"\n// G is gone.\ntype G = generated.Gone\n",
			"declares no type Gone"},
		{"block comment", models, "package f\nimport \"m/generated\"\n/* C is a contact. */\ntype C = generated.Contact\n",
			"/* */ block"},
		{"embedded field", "package generated\ntype E struct{ Inner }\ntype Inner struct{}\n",
			"package f\nimport \"m/generated\"\n// E embeds.\ntype E = generated.E\n", "E.Inner: an embedded field"},
		{"no json name", "package generated\ntype P struct{ X int `form:\"x\"` }\n",
			"package f\nimport \"m/generated\"\n// P has a field.\ntype P = generated.P\n", "P.X has no json name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Parse("models.go", []byte(tc.models))
			if err != nil {
				t.Fatal(err)
			}
			got, err := m.DocumentAliases("f.go", []byte(tc.facade))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("DocumentAliases = %q, %v; want an error with %q", got, err, tc.want)
			}
		})
	}
}
