package auth_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind, such as an
// exchange that outlived its callers.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
