// Command benchmd runs the bench module's benchmarks on each Go release
// given, in interleaved rounds, and writes BENCHMARKS.md's request-path
// tables between its markers: each client's median time per call, the
// facade's ratios to the one-buffer baseline, to ogen and to the raw
// oapi-codegen client with the median and the range across rounds, the
// allocations per call and the throughput at 64 goroutines. `make bench`
// runs it; every figure it writes is one it measured.
//
// Usage, from the bench directory:
//
//	go run ./cmd/benchmd [-rounds 6] [-toolchains local,go1.27.3] [-benchtime 1s] [-out ../BENCHMARKS.md]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	cfg := config{}
	flag.IntVar(&cfg.rounds, "rounds", 6, "interleaved rounds per Go release (at least 1)")
	toolchains := flag.String("toolchains", "local,go1.27.3", "GOTOOLCHAIN values, comma-separated; local is the installed Go")
	flag.DurationVar(&cfg.benchtime, "benchtime", time.Second, "-benchtime of each benchmark")
	out := flag.String("out", "../BENCHMARKS.md", "file whose marked section is replaced; empty prints the section")
	flag.Parse()
	cfg.toolchains = strings.Split(*toolchains, ",")
	if err := run(cfg, *out); err != nil {
		fmt.Fprintln(os.Stderr, "benchmd:", err)
		os.Exit(1)
	}
}

// config is what one run measures.
type config struct {
	rounds     int
	toolchains []string
	benchtime  time.Duration
}

// run measures cfg and writes the section into out (stdout if "").
func run(cfg config, out string) error {
	if cfg.rounds < 1 || len(cfg.toolchains) == 0 || cfg.benchtime <= 0 {
		return fmt.Errorf("need at least 1 round, 1 toolchain and a positive benchtime; got %d, %q, %v", cfg.rounds, cfg.toolchains, cfg.benchtime)
	}
	dir, err := os.MkdirTemp("", "benchmd")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	env := environment()
	runs := make([]*release, len(cfg.toolchains))
	for i, tc := range cfg.toolchains {
		if runs[i], err = build(tc, dir); err != nil {
			return err
		}
	}
	for r := range cfg.rounds {
		for i := range runs {
			rel := runs[(r+i)%len(runs)]
			fmt.Fprintf(os.Stderr, "round %d/%d, %s\n", r+1, cfg.rounds, rel.version)
			if err := rel.round(r, cfg.benchtime); err != nil {
				return err
			}
		}
	}
	env.loadAfter = loadAverage()
	return write(out, render(cfg, env, runs))
}

// release is one Go release's test binary and what it measured.
type release struct {
	toolchain, version, binary string
	results                    results
}

// build compiles the benchmarks with toolchain tc into dir.
func build(tc, dir string) (*release, error) {
	rel := &release{toolchain: tc, binary: filepath.Join(dir, "bench-"+tc+".test"), results: results{}}
	v, err := goCmd(tc, "env", "GOVERSION")
	if err != nil {
		return nil, err
	}
	rel.version = strings.TrimSpace(v)
	if _, err := goCmd(tc, "test", "-c", "-o", rel.binary, "."); err != nil {
		return nil, err
	}
	return rel, nil
}

// goCmd runs the go command with GOTOOLCHAIN=tc and returns its output.
func goCmd(tc string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN="+tc)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("GOTOOLCHAIN=%s go %s: %w\n%s", tc, strings.Join(args, " "), err, stderr.Bytes())
	}
	return string(b), nil
}

// round runs round r of rel's benchmarks: the paired times and the
// allocations, then the throughput of one client at a time, in an order
// that turns with r.
func (rel *release) round(r int, benchtime time.Duration) error {
	if err := rel.bench(`^Benchmark(Paired|Allocs)$`, benchtime); err != nil {
		return err
	}
	for i := range clients {
		c := clients[(r+i)%len(clients)]
		if err := rel.bench(`^BenchmarkThroughput$/^client=`+c+`$`, benchtime); err != nil {
			return err
		}
	}
	return nil
}

// bench runs the benchmarks that pattern matches once and adds their
// results.
func (rel *release) bench(pattern string, benchtime time.Duration) error {
	cmd := exec.Command(rel.binary, "-test.run=^$", "-test.bench="+pattern, "-test.benchmem",
		"-test.benchtime="+benchtime.String(), "-test.count=1")
	cmd.Dir = "."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%s -test.bench=%s: %w\n%s%s", rel.version, pattern, err, b, stderr.Bytes())
	}
	rel.results.add(string(b))
	return nil
}

// write replaces the section between the markers of file out with
// section, or prints section if out is "".
func write(out, section string) error {
	if out == "" {
		_, err := os.Stdout.WriteString(section)
		return err
	}
	doc, err := os.ReadFile(out)
	if err != nil {
		return err
	}
	s := string(doc)
	i, j := strings.Index(s, beginMarker), strings.Index(s, endMarker)
	if i < 0 || j < i {
		return fmt.Errorf("%s has no %q ... %q section to replace", out, beginMarker, endMarker)
	}
	s = s[:i+len(beginMarker)] + "\n" + section + s[j:]
	return os.WriteFile(out, []byte(s), 0o644)
}
