//go:build !race

package adversarial

// bulkRace reports whether the race detector is on (see
// bulk_race_test.go).
const bulkRace = false
