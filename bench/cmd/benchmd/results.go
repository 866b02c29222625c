package main

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// results holds, per benchmark (its name without the Benchmark prefix
// and the -N suffix) and metric ("facade-ns/op", "allocs/op"), the value
// of each round, in the order measured.
type results map[string]map[string][]float64

// add parses the output of go test -bench and adds its results.
func (res results) add(out string) {
	for line := range strings.Lines(out) {
		fields := strings.Fields(line)
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(fields[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i]
		}
		if res[name] == nil {
			res[name] = map[string][]float64{}
		}
		// fields[1] is the iteration count; then value-unit pairs.
		for k := 2; k+1 < len(fields); k += 2 {
			if v, err := strconv.ParseFloat(fields[k], 64); err == nil {
				res[name][fields[k+1]] = append(res[name][fields[k+1]], v)
			}
		}
	}
}

// get returns the values of metric of benchmark name, one per round.
func (res results) get(name, metric string) []float64 {
	return res[name][metric]
}

// ratios returns a[i]/b[i] for each round i both have.
func ratios(a, b []float64) []float64 {
	out := make([]float64, 0, min(len(a), len(b)))
	for i := range min(len(a), len(b)) {
		if b[i] != 0 {
			out = append(out, a[i]/b[i])
		}
	}
	return out
}

// stats is the median and the range of a set of values.
type stats struct {
	median, lo, hi float64
	n              int
}

// summarize returns the stats of vs; n is 0 if vs is empty.
func summarize(vs []float64) stats {
	if len(vs) == 0 {
		return stats{median: math.NaN()}
	}
	s := slices.Sorted(slices.Values(vs))
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return stats{median: m, lo: s[0], hi: s[len(s)-1], n: len(s)}
}
