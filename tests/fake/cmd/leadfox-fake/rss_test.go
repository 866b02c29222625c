package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// rssEnv turns on TestFakePeakRSS, which sends a quarter of a gigabyte of
// body and 2.5 GB of queries: too long for the default suite.
const rssEnv = "LEADFOX_FAKE_RSS"

// rssBudget is the most the fake's peak RSS may grow in each scenario.
const rssBudget = 64 << 20

// TestFakePeakRSS measures the standalone fake's peak RSS (VmHWM), in a
// subprocess, above its RSS after warm-up: for a 256 MiB request body
// with validation off (POST /v1/auth, which needs no token, and an
// authenticated POST /v1/contact), and for 10,000 unauthenticated GETs
// with 256 KiB queries. Each must stay under 64 MiB. Run it with
// LEADFOX_FAKE_RSS=1.
func TestFakePeakRSS(t *testing.T) {
	if os.Getenv(rssEnv) == "" {
		t.Skip("set " + rssEnv + "=1 to measure the fake's peak RSS (about a minute)")
	}
	bin := build(t, t.TempDir(), "github.com/leadfox-go/leadfox/tests/fake/cmd/leadfox-fake")
	scenarios := map[string]func(t *testing.T, env map[string]string){
		"256 MiB body to /v1/auth":               func(t *testing.T, env map[string]string) { postHuge(t, env, "/v1/auth", "") },
		"256 MiB body to /v1/contact with token": func(t *testing.T, env map[string]string) { postHuge(t, env, "/v1/contact", token(t, env)) },
		"10,000 unauthenticated 256 KiB queries": unauthenticatedQueries,
	}
	for name, run := range scenarios {
		t.Run(name, func(t *testing.T) {
			cmd, env := startFake(t, bin)
			warmUp(t, env)
			base := procStatus(t, cmd.Process.Pid, "VmRSS")
			run(t, env)
			peak := procStatus(t, cmd.Process.Pid, "VmHWM")
			t.Logf("%s: RSS after warm-up %.1f MiB, peak %.1f MiB, added %.1f MiB",
				name, mib(base), mib(peak), mib(peak-base))
			if peak-base > rssBudget {
				t.Errorf("%s: peak RSS grew by %.1f MiB, want under %.0f MiB", name, mib(peak-base), mib(rssBudget))
			}
		})
	}
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }

// startFake starts bin with validation off on a free port, killed at
// cleanup, and returns it and what it printed.
func startFake(t *testing.T, bin string) (*exec.Cmd, map[string]string) {
	t.Helper()
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-validate=false")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd, readEnv(t, bufio.NewReader(stdout), 3)
}

// warmUp sends a few ordinary requests, so that the baseline includes
// what any use of the fake costs.
func warmUp(t *testing.T, env map[string]string) {
	t.Helper()
	tok := token(t, env)
	for range 20 {
		send(t, http.MethodGet, env["LEADFOX_BASE_URL"]+"/v1/contact", tok, nil, -1)
	}
	time.Sleep(200 * time.Millisecond) // let the runtime settle before the baseline
}

// token exchanges the printed credentials for a JWT.
func token(t *testing.T, env map[string]string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"apikey": env["LEADFOX_APIKEY"], "secret": env["LEADFOX_SECRET"]})
	resp, err := http.Post(env["LEADFOX_BASE_URL"]+"/v1/auth", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var out struct{ JWT string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.JWT == "" {
		t.Fatalf("POST /v1/auth: status %d, %v", resp.StatusCode, err)
	}
	return out.JWT
}

// rssClient keeps a connection per sender, so that 10,000 requests do
// not use up the loopback ports.
var rssClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}

// rssErrors counts transport errors, the last in rssLastErr.
var (
	rssErrors  atomic.Int64
	rssLastErr atomic.Value
)

// send sends one request and drains the answer; a transport error (the
// fake closing the connection on a body it refused) is not the test's
// concern, only the fake's memory is.
func send(t *testing.T, method, url, tok string, body io.Reader, length int64) int {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.ContentLength = length
	}
	req.Header.Set("Content-Type", "application/json")
	if tok != "" {
		req.Header.Set("Authorization", "JWT "+tok)
	}
	resp, err := rssClient.Do(req)
	if err != nil {
		rssErrors.Add(1)
		rssLastErr.Store(fmt.Sprintf("%.200s", err))
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode
}

// postHuge posts 256 MiB of one unfinished JSON string to path, chunked
// (no Content-Length, so the fake cannot refuse it by its header).
func postHuge(t *testing.T, env map[string]string, path, tok string) {
	body := io.MultiReader(strings.NewReader(`{"apikey":"`), io.LimitReader(repeatReader('a'), 256<<20))
	status := send(t, http.MethodPost, env["LEADFOX_BASE_URL"]+path, tok, body, -1)
	t.Logf("POST %s with 256 MiB: status %d", path, status)
}

// repeatReader is an endless stream of one byte.
type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// unauthenticatedQueries sends 10,000 GETs without a token, each with a
// 256 KiB filter, 8 at a time.
func unauthenticatedQueries(t *testing.T, env map[string]string) {
	url := env["LEADFOX_BASE_URL"] + "/v1/contact?filters=email+%3D+" + strings.Repeat("q", 256<<10)
	var wg sync.WaitGroup
	statuses := make([]int, 8)
	for w := range 8 {
		wg.Go(func() {
			for range 10_000 / 8 {
				statuses[w] = send(t, http.MethodGet, url, "", nil, -1)
			}
		})
	}
	wg.Wait()
	t.Logf("last statuses %v; %d transport errors (last: %v)", statuses, rssErrors.Load(), rssLastErr.Load())
}

// procStatus returns the field (VmRSS, VmHWM) of /proc/pid/status, in
// bytes.
func procStatus(t *testing.T, pid int, field string) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}
