// Command sync is examples/sync with -redis: it upserts generated
// contacts with [facade.ContactsService.UpsertMany], and with -redis
// addr every process run with the same API key shares one rate limiter
// through that Redis (package [github.com/leadfox-go/leadfox/ratelimit/redis]).
// It lives in the ratelimit/redis module, not beside examples/sync,
// because the SDK's own module takes no dependency on a Redis client.
//
// It runs against the API that LEADFOX_APIKEY, LEADFOX_SECRET and
// LEADFOX_BASE_URL name, such as the standalone fake server, since
// processes sharing a limiter must share a server too:
//
//	eval "$(go run ./tests/fake/cmd/leadfox-fake -addr 127.0.0.1:8080 -rate 400 -burst 20 | sed 's/^/export /')" &
//	cd ratelimit/redis
//	for i in 1 2 3 4; do go run ./example/sync -redis 127.0.0.1:6379 -rows 5000 -name w$i & done; wait
//
// With -single d it is instead a latency-sensitive caller, such as a web
// server upserting contacts on sign-up: one Contacts.Upsert every
// -every (100ms), for d.
//
// Each process prints one JSON line of what it did: rows or calls, the
// answers it got and how many were 429s, when it started and ended, and
// for -single the latencies of its calls. The limiter's changes to and
// from its fallback are logged on standard error. It exits with status 1
// if it cannot run, and 2 if any row or call failed.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/ratelimit/redis"
	"github.com/leadfox-go/leadfox/ratelimit/redis/example/internal/jobreport"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	rep, err := run(ctx, os.Args[1:], os.Getenv, logger)
	code := 0
	switch {
	case err != nil:
		fmt.Fprintf(os.Stderr, "sync: %v\n", err)
		code = 1
	default:
		if err := json.NewEncoder(os.Stdout).Encode(rep.Report); err != nil {
			code = 1
		} else if rep.Failed > 0 {
			code = 2
		}
	}
	stop()
	os.Exit(code)
}

// settings are the command line's.
type settings struct {
	name   string
	redis  string
	rows   int
	single time.Duration
	every  time.Duration
}

func parseFlags(args []string) (settings, error) {
	var s settings
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&s.name, "name", "sync", "the process's name in its report, and the prefix of its contacts' emails")
	fs.StringVar(&s.redis, "redis", "", "host:port of the Redis to share the limiter through (none: the in-process limiter)")
	fs.IntVar(&s.rows, "rows", 5000, "contacts to upsert with UpsertMany")
	fs.DurationVar(&s.single, "single", 0, "instead of a bulk job, upsert one contact at a time for this long")
	fs.DurationVar(&s.every, "every", 100*time.Millisecond, "with -single, start a call this often (or when the last one ends, if later)")
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	switch {
	case fs.NArg() > 0:
		return s, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case s.rows < 0:
		return s, fmt.Errorf("-rows %d is negative", s.rows)
	case s.single < 0:
		return s, fmt.Errorf("-single %v is negative", s.single)
	case s.every <= 0:
		return s, fmt.Errorf("-every %v: want a positive interval", s.every)
	}
	return s, nil
}

// report is what a process did, printed as one JSON line.
type report struct {
	jobreport.Report
	countAnswers func() // copies the counter's counts into Answers and Limited
}

// run parses args, connects and runs the job or the single calls.
func run(ctx context.Context, args []string, getenv func(string) string, logger *slog.Logger) (report, error) {
	s, err := parseFlags(args)
	if err != nil {
		return report{}, err
	}
	apiKey := getenv(facade.EnvAPIKey)
	if apiKey == "" {
		return report{}, errors.New(facade.EnvAPIKey + " is not set: run tests/fake/cmd/leadfox-fake (or use the live API) and export the variables it prints")
	}
	rep := report{Report: jobreport.Report{Name: s.name, Shared: s.redis != ""}}
	opts := []facade.Option{facade.WithLogger(logger), facade.WithMiddleware(rep.counter())}
	if s.redis != "" {
		lim, closeFn, err := sharedLimiter(s.redis, apiKey, logger)
		if err != nil {
			return report{}, err
		}
		defer closeFn()
		opts = append(opts, facade.WithLimiter(lim))
	}
	if base := getenv(facade.EnvBaseURL); base != "" {
		opts = append(opts, facade.WithBaseURL(base))
	}
	client, err := facade.New(apiKey, getenv(facade.EnvSecret), opts...)
	if err != nil {
		return report{}, err
	}
	rep.Start = time.Now().UnixNano()
	if s.single > 0 {
		rep.singles(ctx, client, s)
	} else {
		err = rep.bulk(ctx, client, s)
	}
	rep.End = time.Now().UnixNano()
	return rep, err
}

// sharedLimiter returns the limiter shared through the Redis at addr by
// every process of apiKey's tenant, and what closes its connection.
func sharedLimiter(addr, apiKey string, logger *slog.Logger) (facade.Limiter, func(), error) {
	rdb := goredis.NewClient(&goredis.Options{Addr: addr, MaxRetries: -1, ContextTimeoutEnabled: true})
	fallback, err := facade.NewLimiter(facade.WithLogger(logger))
	if err != nil {
		return nil, nil, err
	}
	lim, err := redis.New(redis.Config{Client: rdb, Prefix: redis.KeyPrefix(apiKey), Fallback: fallback, Logger: logger})
	if err != nil {
		_ = rdb.Close()
		return nil, nil, err
	}
	return lim, func() { _ = rdb.Close() }, nil
}

// counter returns a Middleware counting the answers and the 429s.
func (r *report) counter() facade.Middleware {
	var answers, limited atomic.Int64
	r.countAnswers = func() { r.Answers, r.Limited = answers.Load(), limited.Load() }
	return func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(req *http.Request) (*http.Response, error) {
			resp, err := next.RoundTrip(req)
			if err == nil {
				answers.Add(1)
				if resp.StatusCode == http.StatusTooManyRequests {
					limited.Add(1)
				}
			}
			return resp, err
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// bulk upserts s.rows generated contacts with UpsertMany, with the
// default options.
func (r *report) bulk(ctx context.Context, client *facade.Client, s settings) error {
	rows := func(yield func(*facade.ContactCreate) bool) {
		for i := range s.rows {
			if !yield(&facade.ContactCreate{Email: fmt.Sprintf("%s-%d@example.com", s.name, i)}) {
				return
			}
		}
	}
	job, err := client.Contacts.UpsertMany(rows, nil)
	if err != nil {
		return err
	}
	for range job.Results(ctx) {
	}
	tot := job.Totals()
	r.Rows, r.Succeeded, r.Failed = s.rows, tot.Succeeded, s.rows-tot.Succeeded
	r.countAnswers()
	return tot.Err
}

// singles upserts one contact every s.every for s.single (at least
// one), timing each call.
func (r *report) singles(ctx context.Context, client *facade.Client, s settings) {
	tick := time.NewTicker(s.every)
	defer tick.Stop()
	end := time.Now().Add(s.single)
	for i := 0; i == 0 || time.Now().Before(end) && ctx.Err() == nil; i++ {
		if i > 0 {
			<-tick.C
		}
		start := time.Now()
		_, err := client.Contacts.Upsert(ctx, &facade.ContactCreate{Email: fmt.Sprintf("%s-%d@example.com", s.name, i)})
		r.Latencies = append(r.Latencies, time.Since(start).Microseconds())
		r.Rows++
		if err != nil {
			r.Failed++
		} else {
			r.Succeeded++
		}
	}
	r.countAnswers()
}
