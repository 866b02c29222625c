// Package tests holds the black-box tests of the Leadfox SDK: the whole
// module driven from the outside, through its public API only.
//
// The tests check the requests the facade puts on the wire, with httpmock
// at the bottom of the SDK's real transport chain, against openapi.yaml
// (kin-openapi's openapi3filter) and against exact expectations (go-cmp);
// and they run the flows a user runs against the in-memory server of
// package [github.com/leadfox-go/leadfox/tests/fake], whose answers are
// checked against openapi.yaml too: the emailing flow, a walk of ten
// thousand contacts checked item by item, a token that expires in the
// middle of a walk, and the campaign-type guard.
//
// The package has no code of its own; run it with
//
//	go test -race ./tests/
package tests
