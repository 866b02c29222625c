// Package specflow holds the tooling of the SDK's spec workflow: the
// overlay step that turns the vendor's openapi.yaml into the effective
// spec that the generator, the tests and the spec diff read, and the
// readers of the facade's operation table that the diff report joins on.
// It is internal to the SDK's build; programs never import it.
package specflow

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/speakeasy-api/openapi/overlay"
	"github.com/speakeasy-api/openapi/overlay/loader"
	"gopkg.in/yaml.v3"
)

// StaleAction is an overlay action whose target matches nothing in the
// spec it is applied to: the vendor renamed, moved or removed what the
// action pins.
type StaleAction struct {
	Index  int    // 1-based position in the overlay's actions
	Target string // the action's JSONPath target
}

// OverlayError reports the actions of an overlay that no longer match the
// spec. Apply still applies every action that matches, so the document it
// returns alongside an *OverlayError is usable for a diff, not for
// generation.
type OverlayError struct {
	Overlay string // the overlay's file name, for the message
	Stale   []StaleAction
}

func (e *OverlayError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d action(s) no longer match openapi.yaml:\n", e.Overlay, len(e.Stale))
	for _, s := range e.Stale {
		fmt.Fprintf(&b, "  action %d: target %s matches nothing\n", s.Index, s.Target)
	}
	b.WriteString("Fix: find what the vendor renamed or moved (make spec-diff lists the removed paths and properties),\n" +
		"then point each target above at its new place in " + e.Overlay + ", or delete the action if the element is gone.")
	return b.String()
}

// Apply applies the overlay document ov (named overlayName in messages)
// to the OpenAPI document spec, YAML or JSON, and returns the result as
// block-style YAML. A 3.1 spec is first translated to OpenAPI 3.0.3
// (see EffectiveVersion), which the overlay then applies to. It is
// strict: every action must match at least one node when its turn comes,
// or Apply returns an *OverlayError naming each stale action, together
// with the document that the matching actions produce. Any other error
// (invalid YAML, an invalid overlay or JSONPath) returns a nil document.
// The output is deterministic: the same inputs give the same bytes.
func Apply(spec, ov []byte, overlayName string) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(spec, &root); err != nil {
		return nil, fmt.Errorf("parse the spec: %w", err)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("parse the spec: not a YAML mapping")
	}
	src, err := ReadSource(spec)
	if err != nil {
		return nil, err
	}
	if err := normalize(root.Content[0], src); err != nil {
		return nil, err
	}
	o, err := loader.LoadOverlayFromReader(bytes.NewReader(ov))
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", overlayName, err)
	}
	if err := o.Validate(); err != nil {
		return nil, fmt.Errorf("%s is not a valid overlay: %w", overlayName, err)
	}
	stale := &OverlayError{Overlay: overlayName}
	for i, action := range o.Actions {
		path, err := o.NewPath(action.Target, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: action %d: target %s: %w", overlayName, i+1, action.Target, err)
		}
		if len(path.Query(&root)) == 0 {
			stale.Stale = append(stale.Stale, StaleAction{Index: i + 1, Target: action.Target})
			continue
		}
		one := *o
		one.Actions = []overlay.Action{action}
		if err := one.ApplyTo(&root); err != nil {
			return nil, fmt.Errorf("%s: action %d: target %s: %w", overlayName, i+1, action.Target, err)
		}
	}
	out, err := encodeYAML(&root, "the effective spec")
	if err != nil {
		return nil, err
	}
	if len(stale.Stale) > 0 {
		return out, stale
	}
	return out, nil
}

// Header returns the comment that opens the effective spec written from
// specPath and overlayPath.
func Header(specPath, overlayPath string) string {
	return "# The effective spec: " + specPath + " with " + overlayPath + " applied.\n" +
		"# Written by go generate (internal/cmd/effectivespec); never edit it by hand.\n"
}

// WithoutActions returns the overlay document ov without the actions at
// the 1-based positions of stale, as YAML: the overlay a maintainer
// gets by deleting those actions, for a diff to generate from. Comments
// are not kept.
func WithoutActions(ov []byte, stale []StaleAction) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(ov, &root); err != nil {
		return nil, fmt.Errorf("parse the overlay: %w", err)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("parse the overlay: not a YAML mapping")
	}
	doc := root.Content[0]
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value != "actions" {
			continue
		}
		actions := doc.Content[i+1]
		var kept []*yaml.Node
		for j, a := range actions.Content {
			if !slices.ContainsFunc(stale, func(s StaleAction) bool { return s.Index == j+1 }) {
				kept = append(kept, a)
			}
		}
		actions.Content = kept
	}
	return encodeYAML(&root, "the overlay")
}

// encodeYAML encodes root as YAML, indented by two spaces; what names it
// in an error.
func encodeYAML(root *yaml.Node, what string) ([]byte, error) {
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("encode %s: %w", what, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode %s: %w", what, err)
	}
	return out.Bytes(), nil
}
