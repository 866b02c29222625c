package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var noEnv = func(string) string { return "" }

// TestRunAgainstFake streams generated rows into the rate-limited fake,
// as `go run ./examples/sync` does with nothing in the environment, and
// checks the plain progress and the totals.
func TestRunAgainstFake(t *testing.T) {
	var out bytes.Buffer
	failed, err := run(t.Context(), []string{"-rows", "300", "-fake-rate", "2000"}, &out, false, noEnv)
	if err != nil || failed != 0 {
		t.Fatalf("run: %d failed, %v\n%s", failed, err, out.String())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if !regexp.MustCompile(`^api: http://127\.0\.0\.1:\d+ \(embedded fake server, 2000 requests/s; `).MatchString(lines[0]) {
		t.Errorf("first line %q", lines[0])
	}
	if got := lines[len(lines)-2]; !regexp.MustCompile(`^rows 300/300  \d+ rows/s  errors 0$`).MatchString(got) {
		t.Errorf("last progress line %q", got)
	}
	if got, want := lines[len(lines)-1], "done: 300 rows read, 300 upserted, 0 failed (0 not attempted)"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if strings.ContainsAny(out.String(), "\r\x1b") {
		t.Errorf("plain output holds terminal controls: %q", out.String())
	}
}

// A CSV with a bad row reports it, goes on, and fails with status 2.
func TestRunCSVWithBadRow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.csv")
	csv := "firstname,email\nAda,ada@example.com\nNobody,\nGrace,grace@example.com\n"
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	failed, err := run(t.Context(), []string{"-csv", path}, &out, false, noEnv)
	if err != nil || failed != 1 {
		t.Fatalf("run: %d failed, %v, want 1 failed row\n%s", failed, err, out.String())
	}
	if !strings.Contains(out.String(), "row 1 (): facade: invalid contact.Email: empty") ||
		!strings.Contains(out.String(), "done: 3 rows read, 2 upserted, 1 failed (0 not attempted)") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(path, []byte("name\nAda\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"-rows", "-1"}, {"-fake-rate", "0"}, {"extra"}, {"-csv", path}} {
		var out bytes.Buffer
		if _, err := run(context.Background(), args, &out, false, noEnv); err == nil {
			t.Errorf("run %q: no error", args)
		}
	}
}

// On a terminal the progress line is redrawn in place.
func TestProgressOnTerminal(t *testing.T) {
	var out bytes.Buffer
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	p := newProgress(&out, true, 3, clock)
	for i := range 3 {
		now = now.Add(time.Second)
		p.row(i, nil, nil)
	}
	want := "\rrows 1/3  1 rows/s  errors 0\x1b[K\rrows 2/3  1 rows/s  errors 0\x1b[K\rrows 3/3  1 rows/s  errors 0\x1b[K"
	if out.String() != want {
		t.Errorf("terminal output %q, want %q", out.String(), want)
	}
}
