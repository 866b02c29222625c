package testsupport_test

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadfox-go/leadfox/internal/testsupport"
)

// redacted is a LogValuer that hides its secret, as the SDK's are.
type redacted string

func (redacted) LogValue() slog.Value { return slog.StringValue("REDACTED") }

func TestLogRecorderKeepsAttrsAndGroups(t *testing.T) {
	rec := &testsupport.LogRecorder{}
	log := slog.New(rec).With("client", "acme").WithGroup("req").With("op", "getContact")
	log.Warn("retrying", "attempt", 2, slog.Group("wait", "d", time.Second), "token", redacted("s3cret"), slog.Attr{})
	slog.New(rec).Info("plain")

	got := rec.Records()
	if len(got) != 2 {
		t.Fatalf("records = %d, want 2", len(got))
	}
	if want := "WARN retrying client=acme req.op=getContact req.attempt=2 req.wait.d=1s req.token=REDACTED"; got[0].String() != want {
		t.Errorf("record = %q,\nwant     %q", got[0].String(), want)
	}
	if got[1].String() != "INFO plain" || got[1].Time.IsZero() {
		t.Errorf("second record = %q at %v, want %q with its time", got[1].String(), got[1].Time, "INFO plain")
	}
	wantMap := []map[string]any{{"level": "WARN", "client": "acme", "req.op": "getContact", "req.attempt": int64(2),
		"req.wait.d": time.Second, "req.token": "REDACTED"}}
	if diff := cmp.Diff(wantMap, rec.ByMessage("retrying")); diff != "" {
		t.Errorf("ByMessage (-want +got):\n%s", diff)
	}
	if !strings.Contains(rec.Text(), "INFO plain\n") || strings.Contains(rec.Text(), "s3cret") {
		t.Errorf("Text = %q, want both records and no resolved-away secret", rec.Text())
	}
}

func TestLogRecorderCounts(t *testing.T) {
	rec := &testsupport.LogRecorder{}
	log := slog.New(rec)
	log.Warn("falling back to skip/limit", "operation", "listContacts")
	log.Warn("falling back to skip/limit", "operation", "listLists")
	log.Info("falling back quietly")
	log.Warn("done", "note", "falling back")
	if got := rec.Count("falling back", "operation=listContacts"); got != 1 {
		t.Errorf("Count(falling back, operation=listContacts) = %d, want 1", got)
	}
	if got := rec.Count("falling back"); got != 4 {
		t.Errorf("Count(falling back) = %d, want 4", got)
	}
	if got := rec.CountMessages(slog.LevelWarn, "falling back"); got != 2 {
		t.Errorf("CountMessages(WARN, falling back) = %d, want 2: the info record and the attr do not count", got)
	}
}

func TestLogRecorderOnRecord(t *testing.T) {
	var lines []string
	rec := &testsupport.LogRecorder{OnRecord: func(line string) { lines = append(lines, line) }}
	slog.New(rec).WithGroup("g").Error("failed", "err", errors.New("boom"))
	if want := []string{"ERROR failed g.err=boom"}; !cmp.Equal(lines, want) {
		t.Errorf("OnRecord saw %q, want %q", lines, want)
	}
}

// TestLogRecorderConcurrentUse is for -race: loggers derived from one
// recorder log at once, and every record is kept.
func TestLogRecorderConcurrentUse(t *testing.T) {
	var mu sync.Mutex
	hooked := 0
	rec := &testsupport.LogRecorder{OnRecord: func(string) { mu.Lock(); hooked++; mu.Unlock() }}
	const n = 50
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { slog.New(rec).With("i", i).WithGroup(fmt.Sprint("g", i)).Info("hello", "k", i) })
		wg.Go(func() { _ = rec.Text(); _ = rec.Count("hello") })
	}
	wg.Wait()
	if got := rec.Count("hello"); got != n || hooked != n {
		t.Errorf("Count(hello), OnRecord calls = %d, %d; want %d, %d", got, hooked, n, n)
	}
	if got := rec.Count("i=7 g7.k=7"); got != 1 {
		t.Errorf("records of goroutine 7 = %d, want 1 (text %q)", got, rec.Text())
	}
}
