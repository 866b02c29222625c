package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// build compiles the package pkg into dir and returns the binary's path.
func build(t *testing.T, dir, pkg string) string {
	t.Helper()
	bin := filepath.Join(dir, filepath.Base(pkg))
	out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

// TestStandaloneFakeRunsTheEmailingExample starts the standalone fake as
// a subprocess on a free loopback port, runs the emailing example
// against it with the credentials it printed, and stops it with SIGTERM.
func TestStandaloneFakeRunsTheEmailingExample(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two binaries")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	fakeBin := build(t, dir, "github.com/leadfox-go/leadfox/tests/fake/cmd/leadfox-fake")
	exampleBin := build(t, dir, "github.com/leadfox-go/leadfox/examples/emailing")

	srv := exec.CommandContext(ctx, fakeBin, "-addr", "127.0.0.1:0")
	srv.Stderr = os.Stderr
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	waiting, stopped := false, false
	t.Cleanup(func() {
		if stopped {
			return
		}
		_ = srv.Process.Kill()
		if !waiting {
			go func() { exited <- srv.Wait() }()
		}
		t.Logf("fake killed: %v", <-exited)
	})
	env := readEnv(t, stdout, 3)
	waiting = true
	go func() { exited <- srv.Wait() }()
	if !strings.HasPrefix(env["LEADFOX_BASE_URL"], "http://127.0.0.1:") || env["LEADFOX_APIKEY"] == "" || env["LEADFOX_SECRET"] == "" {
		t.Fatalf("printed %v, want a loopback base URL, an API key and a secret", env)
	}

	example := exec.CommandContext(ctx, exampleBin)
	example.Env = append(os.Environ(), "LEADFOX_BASE_URL="+env["LEADFOX_BASE_URL"],
		"LEADFOX_APIKEY="+env["LEADFOX_APIKEY"], "LEADFOX_SECRET="+env["LEADFOX_SECRET"])
	out, err := example.CombinedOutput()
	if err != nil {
		t.Fatalf("emailing example: %v\n%s", err, out)
	}
	for _, want := range []string{"(live)", "unscheduled campaign", "sent campaign", "metrics of campaign", ": sent 3,"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("example output lacks %q:\n%s", want, out)
		}
	}

	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		stopped = true
		if err != nil {
			t.Errorf("after SIGTERM the fake exited with %v, want status 0", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the fake did not stop within 30 s of SIGTERM")
	}
}

// readEnv reads n NAME=value lines from r.
func readEnv(t *testing.T, r interface{ Read([]byte) (int, error) }, n int) map[string]string {
	t.Helper()
	env := make(map[string]string, n)
	sc := bufio.NewScanner(r)
	for len(env) < n && sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			t.Fatalf("printed %q, want NAME=value", sc.Text())
		}
		env[name] = value
	}
	if len(env) < n {
		t.Fatalf("read %d lines (%v), want %d", len(env), errors.Join(sc.Err()), n)
	}
	return env
}

// TestFlagsAreChecked: bad flags are errors, before anything listens.
func TestFlagsAreChecked(t *testing.T) {
	for _, args := range [][]string{
		{"-apikey", "k"},
		{"-fixtures", filepath.Join(t.TempDir(), "missing.json")},
		{"extra"},
		{"-token-lifetime", "soon"},
		{"-rate", "-1"},
		{"-rate", "NaN"},
		{"-rate", "+Inf"},
		{"-rate", "5", "-burst", "0"},
		{"-rate", "5", "-window", "1s", "-window-limit", "5"},
		{"-window", "1s", "-concurrency", "4", "-window-limit", "5"},
		{"-window", "1s"},
		{"-window", "-1s", "-window-limit", "5"},
		{"-window-limit", "5"},
		{"-sliding"},
		{"-concurrency", "-1"},
	} {
		var out strings.Builder
		if err := run(t.Context(), args, &out); err == nil {
			t.Errorf("run(%q) = nil, want an error", args)
		}
	}
}

// TestFixturesAreSeeded: a fixtures file, opt-in state included, is
// stored before the fake serves.
func TestFixturesAreSeeded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fixtures.json")
	data := `{"mailinglists":[{"_id":"5f0c8a3b9d1e2a00000000f1","name":"Newsletter"}],
		"contacts":[{"email":"ada@example.com","mailinglists":[{"mailinglist":"5f0c8a3b9d1e2a00000000f1","status":"opt-in"}]}]}`
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-fixtures", path}, pw)
		_ = pw.Close()
	}()
	env := readEnv(t, pr, 3)
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
	_ = pr.Close()
	if env["LEADFOX_BASE_URL"] == "" {
		t.Errorf("no base URL printed: %v", env)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"contact":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(t.Context(), []string{"-addr", "127.0.0.1:0", "-fixtures", bad}, &strings.Builder{}); err == nil {
		t.Error("fixtures with an unknown key: run = nil, want an error")
	}
}

// TestRateFlagLimitsTheAPI: with -rate and -burst 1, or a window of an
// hour that allows one request, the second API request in a row is
// answered 429 with a Retry-After; the exchange is not limited.
func TestRateFlagLimitsTheAPI(t *testing.T) {
	for _, args := range [][]string{
		{"-rate", "0.001", "-burst", "1"},
		{"-window", "1h", "-window-limit", "1"},
		{"-window", "1h", "-window-limit", "1", "-sliding"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			statuses, retryAfter := twoGETs(t, args)
			if statuses[0] != http.StatusOK || statuses[1] != http.StatusTooManyRequests || retryAfter == "" {
				t.Errorf("two GETs with %v: statuses %v, last Retry-After %q; want 200, 429 with a Retry-After", args, statuses, retryAfter)
			}
		})
	}
}

// twoGETs runs the fake with args and sends it two GETs in a row with a
// token it exchanged, returning their statuses and the last Retry-After.
func twoGETs(t *testing.T, args []string) ([]int, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), pw)
		_ = pw.Close()
	}()
	env := readEnv(t, pr, 3)
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
		_ = pr.Close()
	}()
	base := env["LEADFOX_BASE_URL"]
	creds, _ := json.Marshal(map[string]string{"apikey": env["LEADFOX_APIKEY"], "secret": env["LEADFOX_SECRET"]})
	resp, err := http.Post(base+"/v1/auth", "application/json", bytes.NewReader(creds))
	if err != nil {
		t.Fatal(err)
	}
	var auth struct{ JWT string }
	err = json.NewDecoder(resp.Body).Decode(&auth)
	_ = resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /v1/auth: %d, %v", resp.StatusCode, err)
	}
	var statuses []int
	var retryAfter string
	for range 2 {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/v1/contact", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "JWT "+auth.JWT)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
		retryAfter = resp.Header.Get("Retry-After")
	}
	return statuses, retryAfter
}
