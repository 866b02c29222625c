// Command effectivespec writes the effective spec of the SDK: the vendor's
// openapi.yaml with api/overlay.yaml applied, strictly. go generate runs it
// before the generator, which reads its output.
//
//	go run ./internal/cmd/effectivespec -spec openapi.yaml -overlay api/overlay.yaml -o api/openapi.effective.yaml
//
// It reads a YAML or JSON spec, OpenAPI 3.0 or 3.1, and always writes
// block-style YAML of OpenAPI 3.0.3 (a 3.1 file is translated); it says
// so on standard error when the spec is not 3.0 YAML. It exits 1,
// writing nothing, when an overlay action no longer matches, and says
// which.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/leadfox-go/leadfox/internal/specflow"
)

func main() {
	spec := flag.String("spec", "openapi.yaml", "the vendor's spec")
	ov := flag.String("overlay", "api/overlay.yaml", "the SDK's overlay")
	out := flag.String("o", "api/openapi.effective.yaml", "where to write the effective spec")
	flag.Parse()
	if err := run(*spec, *ov, *out); err != nil {
		fmt.Fprintln(os.Stderr, "effectivespec:", err)
		os.Exit(1)
	}
}

func run(specPath, overlayPath, outPath string) error {
	spec, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	ov, err := os.ReadFile(overlayPath)
	if err != nil {
		return err
	}
	src, err := specflow.ReadSource(spec)
	if err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	if src.JSON || !strings.HasPrefix(src.Version, "3.0.") {
		fmt.Fprintf(os.Stderr, "effectivespec: read %s as %s; writing %s as OpenAPI %s YAML\n", specPath, src, outPath, specflow.EffectiveVersion)
	}
	effective, err := specflow.Apply(spec, ov, overlayPath)
	if err != nil {
		return err
	}
	return os.WriteFile(outPath, append([]byte(specflow.Header(specPath, overlayPath)), effective...), 0o644)
}
