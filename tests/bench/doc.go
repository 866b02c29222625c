// Package bench holds the benchmarks of BENCHMARKS.md and the tests that
// keep their claims honest: the SDK (package facade) and the raw generated
// client measured against plain net/http and encoding/json, the physical
// limit for a Go client, on the same in-process server and payloads.
//
// Run them with
//
//	go test -run='^$' -bench=. -benchmem -count=6 ./tests/bench/
//
// and compare the sub-benchmarks of one benchmark with benchstat or their
// medians. The package has no API of its own; plain go test runs only its
// quick tests: the single-exchange test, the equivalence of the fast
// decoding with the map-based one, and the seed corpus of the decode fuzz
// target.
package bench
