package main

import (
	"fmt"

	"github.com/leadfox-go/leadfox/internal/specflow"
)

// versions writes the version and format of the new openapi.yaml and of
// the base's, and a note when the version changed.
func versions(r *report, base, spec []byte) error {
	was, err := specflow.ReadSource(base)
	if err != nil {
		return fmt.Errorf("the committed openapi.yaml: %w", err)
	}
	now, err := specflow.ReadSource(spec)
	if err != nil {
		return fmt.Errorf("openapi.yaml: %w", err)
	}
	r.printf("read: openapi.yaml is %s (committed: %s)\n", now, was)
	if now.Version != was.Version {
		r.printf("note: the OpenAPI version changed from %s to %s; the effective spec is OpenAPI %s either way (internal/specflow translates a 3.1 file), so what follows is what the translation does not explain\n",
			was.Version, now.Version, specflow.EffectiveVersion)
	}
	return nil
}
