//go:build goexperiment.jsonv2 && !go1.27

package bench

import (
	"context"
	jsonv2 "encoding/json/v2"
	"testing"
)

// jsonv2Calls returns the encoding/json/v2 baseline: json.Unmarshal of v2
// into the plain structs.
func jsonv2Calls(tb testing.TB, body []byte) []call {
	return []call{{Client: "v2", Do: func(context.Context) error {
		var page []plainContact
		err := jsonv2.Unmarshal(body, &page)
		checkPage(tb, len(page), err)
		return nil
	}}}
}
