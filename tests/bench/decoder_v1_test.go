//go:build !goexperiment.jsonv2 || go1.27

package bench

import "testing"

// jsonv2Calls returns no call: on Go 1.26, encoding/json/v2 needs
// GOEXPERIMENT=jsonv2; on a later Go the module's go line (1.26) keeps the
// baseline out, since go vet refuses a package newer than the go line.
func jsonv2Calls(testing.TB, []byte) []call { return nil }
