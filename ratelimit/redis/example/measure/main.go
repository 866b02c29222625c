// Command measure runs the measurements of BENCHMARKS.md's section on
// the shared rate limiter: several processes of example/sync against
// one standalone fake server (tests/fake/cmd/leadfox-fake) rate-limited
// to -rate requests per second, each with the in-process limiter or all
// sharing one through a redis-server, and prints a Markdown table. Every
// server listens on a loopback port it picked and is stopped at the end.
//
//	cd ratelimit/redis && go run ./example/measure
//
// The scenarios (-scenarios, comma-separated):
//
//	baseline          -procs bulk jobs of -rows rows, in-process limiters
//	shared            the same, sharing one limiter through Redis
//	latency-baseline  -procs-1 bulk jobs and one caller of single upserts, in-process limiters
//	latency-shared    the same, sharing one limiter
//	restart           shared, with Redis killed after -kill-after and restarted -down later
//
// It needs go (to build the fake and example/sync) and redis-server on
// the PATH.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/ratelimit/redis/example/internal/jobreport"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "measure: %v\n", err)
		os.Exit(1)
	}
}

// settings are the command line's.
type settings struct {
	procs, rows, burst int
	rate               float64
	scenarios          []string
	killAfter, down    time.Duration
	keep               string // directory for the processes' output; "" for a temporary one
}

var allScenarios = []string{"baseline", "shared", "latency-baseline", "latency-shared", "restart"}

func parseFlags(args []string) (settings, error) {
	var s settings
	fs := flag.NewFlagSet("measure", flag.ContinueOnError)
	fs.IntVar(&s.procs, "procs", 4, "processes")
	fs.IntVar(&s.rows, "rows", 5000, "rows of each bulk job")
	fs.Float64Var(&s.rate, "rate", 400, "the fake's rate limit, requests per second")
	fs.IntVar(&s.burst, "burst", 20, "the fake's burst")
	scen := fs.String("scenarios", strings.Join(allScenarios, ","), "scenarios to run, comma-separated")
	fs.DurationVar(&s.killAfter, "kill-after", 15*time.Second, "restart: when Redis is killed")
	fs.DurationVar(&s.down, "down", 5*time.Second, "restart: how long Redis stays down")
	fs.StringVar(&s.keep, "keep", "", "directory to keep each process's output in")
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	s.scenarios = strings.Split(*scen, ",")
	for _, sc := range s.scenarios {
		if !slices.Contains(allScenarios, sc) {
			return s, fmt.Errorf("unknown scenario %q (want some of %s)", sc, strings.Join(allScenarios, ","))
		}
	}
	if s.procs < 2 || s.rows < 1 || !(s.rate > 0) || s.burst < 1 {
		return s, errors.New("want -procs >= 2, -rows >= 1, -rate > 0 and -burst >= 1")
	}
	return s, nil
}

func run(args []string, out io.Writer) error {
	s, err := parseFlags(args)
	if err != nil {
		return err
	}
	dir := s.keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "measure"); err != nil {
			return err
		}
		defer func() { _ = os.RemoveAll(dir) }()
	}
	bins, err := build(dir)
	if err != nil {
		return err
	}
	_, _ = fmt.Fprintf(out, "| scenario | rows/s over %v | 429s per 1,000 answers | rows lost | single-call p50 / p99 / max | limiter log | load avg before, after |\n|---|---|---|---|---|---|---|\n", s.rate)
	for _, sc := range s.scenarios {
		before := loadAvg()
		res, err := scenario(s, sc, bins, filepath.Join(dir, sc))
		if err != nil {
			return fmt.Errorf("%s: %w", sc, err)
		}
		_, _ = fmt.Fprintf(out, "| %s | %s | %s |\n", sc, res, strings.Join([]string{before, loadAvg()}, ", "))
	}
	return nil
}

// binaries are the programs a measurement runs.
type binaries struct{ fake, sync, redis string }

// build builds the fake and example/sync into dir.
func build(dir string) (binaries, error) {
	b := binaries{fake: filepath.Join(dir, "leadfox-fake"), sync: filepath.Join(dir, "sync")}
	for pkg, bin := range map[string]string{"github.com/leadfox-go/leadfox/tests/fake/cmd/leadfox-fake": b.fake, "./example/sync": b.sync} {
		if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
			return b, fmt.Errorf("go build %s: %w\n%s", pkg, err, out)
		}
	}
	var err error
	b.redis, err = exec.LookPath("redis-server")
	return b, err
}

// loadAvg is the first three fields of /proc/loadavg.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

// scenario runs sc with its output in dir and returns its table cells
// but the first and the last.
func scenario(s settings, sc string, bins binaries, dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	env, stopFake, err := startFake(bins.fake, s)
	if err != nil {
		return "", err
	}
	defer stopFake()
	shared := sc != "baseline" && sc != "latency-baseline"
	var rds *redisServer
	if shared {
		if rds, err = startRedis(bins.redis, dir); err != nil {
			return "", err
		}
		defer rds.kill()
	}
	latency := strings.HasPrefix(sc, "latency")
	var procs []*exec.Cmd
	var outs []*bytes.Buffer
	for i := range s.procs {
		args := []string{"-name", fmt.Sprintf("w%d", i), "-rows", strconv.Itoa(s.rows)}
		if latency && i == s.procs-1 {
			// as long as the others' jobs take at the fake's rate
			args = append(args, "-single", (time.Duration(float64((s.procs-1)*s.rows)/s.rate) * time.Second).String())
		}
		if rds != nil {
			args = append(args, "-redis", rds.addr)
		}
		cmd, stdout, err := startSync(bins.sync, args, env, filepath.Join(dir, fmt.Sprintf("w%d.log", i)))
		if err != nil {
			return "", err
		}
		procs, outs = append(procs, cmd), append(outs, stdout)
	}
	bounced := make(chan struct{})
	if sc == "restart" {
		go func() { defer close(bounced); rds.bounce(s.killAfter, s.down) }()
	} else {
		close(bounced)
	}
	for i, p := range procs {
		if err := p.Wait(); err != nil {
			return "", fmt.Errorf("process w%d: %w (see %s)", i, err, dir)
		}
	}
	<-bounced
	reps, err := decode(outs)
	if err != nil {
		return "", err
	}
	lost, err := rowsLost(env, reps)
	if err != nil {
		return "", err
	}
	return cells(s, reps, lost, logCounts(dir, s.procs)), nil
}

// startFake starts the standalone fake rate-limited as s says, and
// returns the environment of its clients and what stops it.
func startFake(bin string, s settings) ([]string, func(), error) {
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-rate", strconv.FormatFloat(s.rate, 'f', -1, 64), "-burst", strconv.Itoa(s.burst))
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	stop := func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }
	env := os.Environ()
	sc := bufio.NewScanner(stdout)
	for range 3 {
		if !sc.Scan() {
			stop()
			return nil, nil, errors.New("the fake printed no credentials")
		}
		env = append(env, sc.Text())
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return env, stop, nil
}

// startSync starts example/sync with args and env, its standard error
// into logPath; it returns its standard output's buffer.
func startSync(bin string, args, env []string, logPath string) (*exec.Cmd, *bytes.Buffer, error) {
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, nil, err
	}
	var stdout bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, &stdout, logf
	if err := cmd.Start(); err != nil {
		_ = logf.Close()
		return nil, nil, err
	}
	return cmd, &stdout, nil
}

func decode(outs []*bytes.Buffer) ([]jobreport.Report, error) {
	var reps []jobreport.Report
	for i, o := range outs {
		var r jobreport.Report
		if err := json.Unmarshal(o.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("process w%d printed %q: %w", i, o.String(), err)
		}
		reps = append(reps, r)
	}
	return reps, nil
}

// rowsLost counts the contacts the fake holds and returns how many of
// the rows and calls that succeeded it lacks, plus those that failed.
func rowsLost(env []string, reps []jobreport.Report) (int, error) {
	want, failed := 0, 0
	for _, r := range reps {
		want += r.Succeeded
		failed += r.Failed
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "LEADFOX_") {
			if err := os.Setenv(k, v); err != nil {
				return 0, err
			}
		}
	}
	c, err := facade.NewFromEnv()
	if err != nil {
		return 0, err
	}
	n, err := c.Contacts.Count(context.Background(), nil)
	if err != nil {
		return 0, fmt.Errorf("count the contacts: %w", err)
	}
	return max(0, want-n) + failed, nil
}

// cells are the table cells of one scenario: the bulk jobs' aggregate
// rate as a share of the fake's, 429s per 1,000 answers, rows lost, the
// single caller's latencies and the limiter's log lines.
func cells(s settings, reps []jobreport.Report, lost int, logs string) string {
	var start, end int64 = 1<<63 - 1, 0
	rows, answers, limited := 0, int64(0), int64(0)
	var lat []int64
	for _, r := range reps {
		answers += r.Answers
		limited += r.Limited
		if r.Latencies != nil {
			lat = r.Latencies
			continue
		}
		start, end = min(start, r.Start), max(end, r.End)
		rows += r.Succeeded
	}
	secs := float64(end-start) / 1e9
	rate := float64(rows) / secs
	single := "--"
	if len(lat) > 0 {
		slices.Sort(lat)
		single = fmt.Sprintf("%s / %s / %s (%d calls)", ms(pct(lat, 50)), ms(pct(lat, 99)), ms(lat[len(lat)-1]), len(lat))
	}
	return fmt.Sprintf("%.0f rows in %.1f s: %.0f rows/s, **%.3f** | %.1f (%d of %d) | %d | %s | %s",
		float64(rows), secs, rate, rate/s.rate, 1000*float64(limited)/float64(max(1, answers)), limited, answers, lost, single, logs)
}

// pct is the p-th percentile of sorted (nearest rank).
func pct(sorted []int64, p int) int64 {
	i := (p*len(sorted) + 99) / 100
	return sorted[max(0, min(len(sorted)-1, i-1))]
}

func ms(us int64) string { return fmt.Sprintf("%.1f ms", float64(us)/1000) }

// logCounts counts, over the processes' logs, the limiter's changes to
// and from its fallback.
func logCounts(dir string, procs int) string {
	down, up := 0, 0
	for i := range procs {
		b, _ := os.ReadFile(filepath.Join(dir, fmt.Sprintf("w%d.log", i)))
		down += strings.Count(string(b), "shared rate limiter unavailable")
		up += strings.Count(string(b), "shared rate limiter back")
	}
	if down+up == 0 {
		return "--"
	}
	return fmt.Sprintf("%d unavailable, %d back", down, up)
}

// redisServer is a redis-server without persistence on a loopback port.
type redisServer struct {
	bin, dir, addr string
	port           int
	cmd            *exec.Cmd
}

func startRedis(bin, dir string) (*redisServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	r := &redisServer{bin: bin, dir: dir, port: port, addr: "127.0.0.1:" + strconv.Itoa(port)}
	return r, r.start()
}

// start starts the server and waits until it accepts connections.
func (r *redisServer) start() error {
	r.cmd = exec.Command(r.bin, "--save", "", "--appendonly", "no", "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1")
	r.cmd.Dir = r.dir
	if err := r.cmd.Start(); err != nil {
		return err
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", r.addr); err == nil {
			_ = c.Close()
			return nil
		}
	}
	r.kill()
	return errors.New("redis-server did not start within 20s")
}

func (r *redisServer) kill() {
	if r.cmd != nil {
		_ = r.cmd.Process.Kill()
		_ = r.cmd.Wait()
		r.cmd = nil
	}
}

// bounce kills the server after killAfter and starts it again, empty,
// down later.
func (r *redisServer) bounce(killAfter, down time.Duration) {
	time.Sleep(killAfter)
	r.kill()
	time.Sleep(down)
	if err := r.start(); err != nil {
		fmt.Fprintf(os.Stderr, "measure: restart redis: %v\n", err)
	}
}
