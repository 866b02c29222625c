package main

import (
	"fmt"
	"math"
	"strings"
)

// The markers of BENCHMARKS.md's section that benchmd writes.
const (
	beginMarker = "<!-- make bench: begin. Written by bench/cmd/benchmd: do not edit by hand. -->"
	endMarker   = "<!-- make bench: end -->"
)

// clients are the clients of every case, the baseline first.
var clients = []string{"onebuf", "facade", "oapi", "ogen"}

// target is a case's targets on the medians of the facade's time ratios
// (0 for none).
type target struct {
	kind            string
	onebuf, ogen    float64
	extraAllocs     float64 // over onebuf's, in memory; -1 for none
	text, allocText string
}

var targets = []target{
	{"get", 1.0, 1.0, 8, "≤ 1.0 of onebuf and of ogen", "≤ onebuf + 8"},
	{"page", 0.7, 0.9, -1, "≤ 0.7 of onebuf, ≤ 0.9 of ogen", "--"},
	{"upsert", 0, 1.0, -1, "≤ 1.0 of ogen", "--"},
}

// render returns the section: the run, then each release's tables.
func render(cfg config, e *env, runs []*release) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n`make bench ROUNDS=%d` (bench/cmd/benchmd, -benchtime %v), %s, commit `%s`, on %d CPUs (%s).\n",
		cfg.rounds, cfg.benchtime, e.date, e.commit, e.cpus, e.cpu)
	fmt.Fprintf(&b, "Load average (1, 5, 15 min) before the run: %s; after: %s.\n", e.loadBefore, e.loadAfter)
	fmt.Fprintf(&b, "Releases: %s, their rounds interleaved.\n", versions(runs))
	b.WriteString("Each cell is the median of the rounds, and a ratio's range across rounds follows it in brackets.\n")
	for _, rel := range runs {
		fmt.Fprintf(&b, "\n#### %s\n\n", rel.version)
		renderTimes(&b, rel.results)
		renderAllocs(&b, rel.results)
		renderThroughput(&b, rel.results)
	}
	b.WriteString("\n")
	return b.String()
}

func versions(runs []*release) string {
	vs := make([]string, len(runs))
	for i, r := range runs {
		vs[i] = r.version
	}
	return strings.Join(vs, " and ")
}

// renderTimes writes the table of the paired times.
func renderTimes(b *strings.Builder, res results) {
	b.WriteString("| case | via | onebuf | facade | oapi | ogen | facade / onebuf | facade / ogen | facade / oapi | target | met? |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, t := range targets {
		for _, via := range []string{"mem", "http"} {
			name := "Paired/case=" + t.kind + "/via=" + via
			ns := func(c string) []float64 { return res.get(name, c+"-ns/op") }
			toOnebuf, toOgen := summarize(ratios(ns("facade"), ns("onebuf"))), summarize(ratios(ns("facade"), ns("ogen")))
			fmt.Fprintf(b, "| %s | %s |", t.kind, via)
			for _, c := range clients {
				fmt.Fprintf(b, " %s |", duration(summarize(ns(c)).median))
			}
			fmt.Fprintf(b, " %s | %s | %s | %s | %s |\n", ratio(toOnebuf), ratio(toOgen),
				ratio(summarize(ratios(ns("facade"), ns("oapi")))), t.text, met(t, toOnebuf, toOgen))
		}
	}
}

// met says whether the medians meet t.
func met(t target, toOnebuf, toOgen stats) string {
	ok := (t.onebuf == 0 || toOnebuf.median <= t.onebuf) && (t.ogen == 0 || toOgen.median <= t.ogen)
	if math.IsNaN(toOnebuf.median) || math.IsNaN(toOgen.median) {
		return "no data"
	}
	if ok {
		return "yes"
	}
	return "**no**"
}

// renderAllocs writes the table of the allocations in memory.
func renderAllocs(b *strings.Builder, res results) {
	b.WriteString("\nAllocations per call, in memory (bytes):\n\n")
	b.WriteString("| case | onebuf | facade | oapi | ogen | facade - onebuf | target | met? |\n|---|---|---|---|---|---|---|---|\n")
	for _, t := range targets {
		allocs := func(c string) float64 {
			return summarize(res.get("Allocs/case="+t.kind+"/client="+c, "allocs/op")).median
		}
		fmt.Fprintf(b, "| %s |", t.kind)
		for _, c := range clients {
			bytes := summarize(res.get("Allocs/case="+t.kind+"/client="+c, "B/op")).median
			fmt.Fprintf(b, " %.0f (%.1f KiB) |", allocs(c), bytes/1024)
		}
		extra := allocs("facade") - allocs("onebuf")
		verdict := "--"
		if t.extraAllocs >= 0 {
			verdict = map[bool]string{true: "yes", false: "**no**"}[extra <= t.extraAllocs]
		}
		fmt.Fprintf(b, " %+.0f | %s | %s |\n", extra, t.allocText, verdict)
	}
}

// renderThroughput writes the table of GETs per second at 64 goroutines.
func renderThroughput(b *strings.Builder, res results) {
	b.WriteString("\nThroughput over loopback, 64 goroutines, GET (target: facade ≥ 1.0 of onebuf):\n\n")
	b.WriteString("| client | GETs/s | / onebuf |\n|---|---|---|\n")
	ns := func(c string) []float64 { return res.get("Throughput/client="+c, "ns/op") }
	for _, c := range clients {
		perSec := make([]float64, 0, len(ns(c)))
		for _, v := range ns(c) {
			perSec = append(perSec, 1e9/v)
		}
		// A throughput ratio is the baseline's time over the client's.
		fmt.Fprintf(b, "| %s | %.0f | %s |\n", c, summarize(perSec).median, ratio(summarize(ratios(ns("onebuf"), ns(c)))))
	}
}

// duration formats a time in nanoseconds.
func duration(ns float64) string {
	switch {
	case math.IsNaN(ns):
		return "--"
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	}
	return fmt.Sprintf("%.1f µs", ns/1e3)
}

// ratio formats a ratio's median and range.
func ratio(s stats) string {
	if s.n == 0 {
		return "--"
	}
	return fmt.Sprintf("**%.2f** [%.2f-%.2f]", s.median, s.lo, s.hi)
}
