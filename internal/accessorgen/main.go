// Command accessorgen writes what is derived from the fields of the model
// types of package generated, from one parse of the file that declares
// them. It is run by go generate (see gen.go) after oapi-codegen:
//
//	go run ./internal/accessorgen -in generated/models.gen.go -out generated/accessors.gen.go \
//		-aliases facade/models.yaml -aliases-out facade/models.gen.go
//
// With -out it writes the nil-safe GetX accessors: for every pointer field
// with a json tag of a struct type declared in the input file, a method
// GetX on the pointer to the struct that returns the pointed-to value, or
// the zero value when the receiver or the field is nil. The output is
// sorted by type and field name, so it is deterministic. It fails, writing
// nothing, when an accessor's name is already a field or a method of its
// type.
//
// With -aliases and -aliases-out it writes a Go file of aliases of the
// model types: the YAML file of -aliases holds each alias's name, the
// type it aliases and its handwritten doc (see accessors.AliasSpec); the
// doc of an alias of a struct type gains the list of its fields, with
// their Go types, JSON names, accessors and the spec's descriptions. It
// fails, writing nothing, when an alias cannot be documented (see
// accessors.Models.AliasFile).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/leadfox-go/leadfox/internal/accessorgen/accessors"
)

func main() {
	in := flag.String("in", "", "the generated Go file to read")
	out := flag.String("out", "", "the Go file of accessors to write")
	aliases := flag.String("aliases", "", "the YAML file of the aliases to declare")
	aliasesOut := flag.String("aliases-out", "", "the Go file of aliases to write")
	flag.Parse()
	if *in == "" || (*out == "" && *aliases == "") || (*aliases == "") != (*aliasesOut == "") {
		fmt.Fprintln(os.Stderr, "accessorgen: -in and -out, or -aliases with -aliases-out, or both, are required")
		os.Exit(2)
	}
	if err := run(*in, *out, *aliases, *aliasesOut); err != nil {
		fmt.Fprintln(os.Stderr, "accessorgen:", err)
		os.Exit(1)
	}
}

func run(in, out, aliases, aliasesOut string) error {
	src, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	models, err := accessors.Parse(in, src)
	if err != nil {
		return err
	}
	type output struct {
		name string
		code []byte
	}
	var outs []output
	if out != "" {
		code, err := models.Accessors()
		if err != nil {
			return err
		}
		outs = append(outs, output{out, code})
	}
	if aliases != "" {
		src, err := os.ReadFile(aliases)
		if err != nil {
			return err
		}
		spec, err := accessors.ParseAliasSpec(aliases, src)
		if err != nil {
			return err
		}
		code, err := models.AliasFile(aliases, spec)
		if err != nil {
			return err
		}
		outs = append(outs, output{aliasesOut, code})
	}
	for _, o := range outs { // only once every output is made, so a failure writes nothing
		if err := os.WriteFile(o.name, o.code, 0o644); err != nil {
			return err
		}
	}
	return nil
}
