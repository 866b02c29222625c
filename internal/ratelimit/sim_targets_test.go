package ratelimit

import (
	"testing"
	"time"
)

// The job of the issue that ran at 0.09 to 0.14 of the server's rate: a
// prelude of 20 429s (Retry-After: 1) before any success, then a token
// bucket of 200/s and bursts of 20, 16 workers on loopback, 2,000 rows.
// With the prelude the job takes at most 1.5 times as long as without
// it, is back above 0.9 of the server's rate within 10 s of the
// prelude's end, and settles at most 20 429s per 1,000 requests.
func TestLimiterRecoversAfterAPrelude(t *testing.T) {
	run := func(prelude bool) simResult {
		sc := simFamilies[9].scenario(simNets[0], raSeconds, 10)
		sc.rows = 2000
		if !prelude {
			sc.server, sc.prelude = newSimBucket(200, 20), false
		}
		return sc.run(simLimiterOf(simNew()))
	}
	with, without := run(true), run(false)
	t.Logf("with the prelude: %v, took %v", with, with.took)
	t.Logf("without: %v, took %v", without, without.took)
	if limit := time.Duration(1.5 * float64(without.took)); with.took > limit {
		t.Errorf("2,000 rows after a prelude took %v, want at most %v (1.5 times %v without it)", with.took, limit, without.took)
	}
	if with.recovery < 0 || with.recovery > simRecovery {
		t.Errorf("back above 0.9 of the server's rate %v after the prelude, want within %v", with.recovery, simRecovery)
	}
	if with.per1000() > 20 {
		t.Errorf("%.1f 429s per 1,000 requests once settled, want at most 20", with.per1000())
	}
}

// simRecovery is the longest time to get back above 0.9 of the server's
// rate after a prelude or a change of limit.
const simRecovery = 10 * time.Second

// Windows and a concurrency limit, Retry-After: 1, 16 workers on
// loopback: the old limiter reached 0.55 of a sliding window's rate and
// 0.73 of a fixed window's, where pausing alone reaches 0.94. A
// concurrency limit costs pausing alone 0.98 of its rate.
func TestLimiterHoldsAgainstWindowsAndConcurrency(t *testing.T) {
	for _, tc := range []struct {
		family   int
		minRatio float64
	}{
		{3, 0.8}, // fixed window 1 s
		{6, 0.8}, // sliding window 1 s
		{7, 0.2}, // concurrency limit
	} {
		f := simFamilies[tc.family]
		t.Run(f.name, func(t *testing.T) {
			got := f.scenario(simNets[0], raSeconds, 30).run(simLimiterOf(simNew()))
			t.Log(got)
			if got.ratio() < tc.minRatio {
				t.Errorf("ratio %.3f, want at least %.2f", got.ratio(), tc.minRatio)
			}
			if got.per1000() > 20 {
				t.Errorf("%.1f 429s per 1,000 requests once settled, want at most 20", got.per1000())
			}
		})
	}
}
