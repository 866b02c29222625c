//go:build race

package adversarial

// bulkRace reports whether the race detector is on: it slows the
// in-process client and fake about eightfold, so the bulk tests scale
// their rows and rates down by bulkScale to stay within seconds.
const bulkRace = true
