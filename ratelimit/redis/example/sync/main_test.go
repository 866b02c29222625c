package main

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/internal/testsupport"
	"github.com/leadfox-go/leadfox/ratelimit/redis/internal/redistest"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// env returns the getenv of a process run against srv.
func env(srv *fake.Server) func(string) string {
	vars := map[string]string{facade.EnvAPIKey: srv.APIKey(), facade.EnvSecret: srv.Secret(), facade.EnvBaseURL: srv.URL()}
	return func(k string) string { return vars[k] }
}

// Two processes' worth of jobs share one limiter through Redis against
// one rate-limited server: every row is upserted, and the report counts
// the answers.
func TestRunSharedThroughRedis(t *testing.T) {
	rds := redistest.Start(t)
	srv := fake.NewServer(fake.WithRateLimit(2000, 50), fake.WithRateLimitRetryAfter(0))
	defer srv.Close()
	logs := &testsupport.LogRecorder{}
	for _, name := range []string{"a", "b"} {
		rep, err := run(t.Context(), []string{"-name", name, "-rows", "200", "-redis", rds.Addr()}, env(srv), slog.New(logs))
		if err != nil || rep.Succeeded != 200 || rep.Failed != 0 || !rep.Shared || rep.Answers < 200 {
			t.Fatalf("run %s: %+v, %v", name, rep, err)
		}
	}
	if counts, total := srv.UpsertCounts(); len(counts) != 400 || total != 400 {
		t.Errorf("the fake applied %d upserts to %d contacts, want 400 each once", total, len(counts))
	}
	if strings.Contains(logs.Text(), "unavailable") {
		t.Errorf("the limiter fell back:\n%s", logs.Text())
	}
}

// A latency-sensitive caller times its single upserts.
func TestRunSingle(t *testing.T) {
	srv := fake.NewServer()
	defer srv.Close()
	rep, err := run(t.Context(), []string{"-single", "1ns"}, env(srv), slog.New(&testsupport.LogRecorder{}))
	if err != nil || rep.Rows != 1 || rep.Succeeded != 1 || len(rep.Latencies) != 1 || rep.Shared {
		t.Errorf("run -single: %+v, %v", rep, err)
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	srv := fake.NewServer()
	defer srv.Close()
	for _, args := range [][]string{{"-rows", "-1"}, {"-single", "-1s"}, {"-every", "0"}, {"extra"}} {
		if _, err := run(t.Context(), args, env(srv), slog.Default()); err == nil {
			t.Errorf("run %q: no error", args)
		}
	}
	_, err := run(t.Context(), nil, func(string) string { return "" }, slog.Default())
	if err == nil || !strings.Contains(err.Error(), "LEADFOX_APIKEY is not set") {
		t.Errorf("run without credentials: %v", err)
	}
}
