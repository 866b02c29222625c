//go:build !goexperiment.jsonv2

package bench

import "testing"

// jsonv2Calls returns no call: encoding/json/v2 needs GOEXPERIMENT=jsonv2.
func jsonv2Calls(testing.TB, []byte) []call { return nil }
