// Package bench holds the benchmarks of BENCHMARKS.md and the tests that
// keep their claims honest: the SDK (package facade) and the raw generated
// client measured against plain net/http and encoding/json, the physical
// limit for a Go client, on the same in-process server and payloads.
// BENCHMARKS.md gives the command that reproduces its table, and why the
// time ratios come from BenchmarkPaired.
//
// The package has no API of its own. Plain go test runs only its quick
// tests: the single exchange under load, the equivalence of the generated
// one-pass decoding with oapi-codegen's map-based one, and the seed corpus
// of FuzzDecode.
package bench
