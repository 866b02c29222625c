package benchkit

import (
	"context"
	"testing"
	"time"
)

// A Call is one client's call of a benchmark case.
type Call struct {
	Client string
	Do     func(ctx context.Context) error
}

// Paired makes each call once per iteration of b, in turn, the first one
// rotating, and reports each client's mean time per call
// (<client>-ns/op) and its ratio to the first client's
// (<client>/<first client>). On a shared machine the time of the same
// call drifts by a quarter from one second to the next, more than the
// differences measured: calls in turn take their ratios from the same
// seconds.
func Paired(b *testing.B, calls []Call) {
	took := make([]time.Duration, len(calls))
	for k := 0; b.Loop(); k++ {
		for j := range calls {
			i := (k + j) % len(calls)
			start := time.Now()
			if err := calls[i].Do(b.Context()); err != nil {
				b.Fatalf("%s: %v", calls[i].Client, err)
			}
			took[i] += time.Since(start)
		}
	}
	for i, c := range calls {
		b.ReportMetric(float64(took[i].Nanoseconds())/float64(b.N), c.Client+"-ns/op")
		if i > 0 {
			b.ReportMetric(float64(took[i])/float64(took[0]), c.Client+"/"+calls[0].Client)
		}
	}
}
