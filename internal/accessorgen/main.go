// Command accessorgen writes what is derived from the fields of the model
// types of package generated, from one parse of the file that declares
// them. It is run by go generate (see gen.go) after oapi-codegen:
//
//	go run ./internal/accessorgen -in generated/models.gen.go -out generated/accessors.gen.go
//	go run ./internal/accessorgen -in generated/models.gen.go -docs facade/models.go,facade/raw.go
//
// With -out it writes the nil-safe GetX accessors: for every pointer field
// with a json tag of a struct type declared in the input file, a method
// GetX on the pointer to the struct that returns the pointed-to value, or
// the zero value when the receiver or the field is nil. The output is
// sorted by type and field name, so it is deterministic. It fails, writing
// nothing, when an accessor's name is already a field or a method of its
// type.
//
// With -docs it rewrites, in place, the Fields block at the end of the
// doc comment of every alias of a generated struct type in each file of
// the comma-separated list: the struct's fields, their JSON names and
// their doc comments (the spec's descriptions). The text above a block
// is handwritten and kept; a second run changes nothing. It fails,
// writing nothing, when a struct cannot be documented (see
// accessors.Models.DocumentAliases).
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/leadfox-go/leadfox/internal/accessorgen/accessors"
)

func main() {
	in := flag.String("in", "", "the generated Go file to read")
	out := flag.String("out", "", "the Go file of accessors to write")
	docs := flag.String("docs", "", "comma-separated Go files whose aliases' Fields blocks to rewrite")
	flag.Parse()
	if *in == "" || (*out == "" && *docs == "") {
		fmt.Fprintln(os.Stderr, "accessorgen: -in and one of -out and -docs are required")
		os.Exit(2)
	}
	if err := run(*in, *out, *docs); err != nil {
		fmt.Fprintln(os.Stderr, "accessorgen:", err)
		os.Exit(1)
	}
}

func run(in, out, docs string) error {
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
	if docs != "" {
		for _, name := range strings.Split(docs, ",") {
			src, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			code, err := models.DocumentAliases(name, src)
			if err != nil {
				return err
			}
			outs = append(outs, output{name, code})
		}
	}
	for _, o := range outs { // only once every output is made, so a failure writes nothing
		if err := os.WriteFile(o.name, o.code, 0o644); err != nil {
			return err
		}
	}
	return nil
}
