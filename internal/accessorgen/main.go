// Command accessorgen writes the nil-safe GetX accessors of the model
// types of package generated: for every pointer field with a json tag of
// a struct type declared in the input file, a method GetX on the pointer
// to the struct that returns the pointed-to value, or the zero value when
// the receiver or the field is nil. It is run by go generate (see gen.go)
// after oapi-codegen:
//
//	go run ./internal/accessorgen -in generated/models.gen.go -out generated/accessors.gen.go
//
// The output is sorted by type and field name, so it is deterministic.
// It fails, writing nothing, when an accessor's name is already a field
// or a method of its type.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/leadfox-go/leadfox/internal/accessorgen/accessors"
)

func main() {
	in := flag.String("in", "", "the generated Go file to read")
	out := flag.String("out", "", "the Go file to write")
	flag.Parse()
	if *in == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "accessorgen: -in and -out are required")
		os.Exit(2)
	}
	src, err := os.ReadFile(*in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "accessorgen:", err)
		os.Exit(1)
	}
	code, err := accessors.Generate(*in, src)
	if err != nil {
		fmt.Fprintln(os.Stderr, "accessorgen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, code, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "accessorgen:", err)
		os.Exit(1)
	}
}
