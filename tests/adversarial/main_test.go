package adversarial

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain runs the suite and fails it if any goroutine outlived it.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
