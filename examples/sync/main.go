// Command sync streams a CSV of contacts into Leadfox with the bulk
// helper [facade.ContactsService.UpsertMany], and prints its progress:
// rows done, rows per second and errors. On a terminal the progress is
// one line updated in place; otherwise it is a plain line per second.
//
// The CSV has a header line naming its columns: email, then any contact
// properties (by shortcode). With -csv it reads a file; without, it
// generates -rows rows as it goes, so the input is never held whole.
//
// With LEADFOX_APIKEY and LEADFOX_SECRET set it runs against the live API
// (LEADFOX_BASE_URL overrides the host) and creates or updates real
// contacts there. Without them it starts the in-memory fake server of
// package [github.com/leadfox-go/leadfox/tests/fake], rate-limited to
// -fake-rate requests per second, and runs against it.
//
//	go run ./examples/sync -rows 20000
//
// It exits with status 1 and a one-line error if the job cannot run, and
// with status 2 if any row failed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/leadfox-go/leadfox/examples/internal/exampleapi"
	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// userAgent identifies the example in the User-Agent header, after the SDK's.
const userAgent = "leadfox-sync-example"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	code := 0
	failed, err := run(ctx, os.Args[1:], os.Stdout, isTerminal(os.Stdout), os.Getenv)
	switch {
	case err != nil:
		fmt.Fprintf(os.Stderr, "sync: %v\n", err)
		code = 1
	case failed > 0:
		code = 2
	}
	stop()
	os.Exit(code)
}

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// settings are the command line's.
type settings struct {
	rows        int
	csvPath     string
	concurrency int
	fakeRate    float64
}

func parseFlags(args []string) (settings, error) {
	var s settings
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.IntVar(&s.rows, "rows", 10_000, "number of contacts to generate when -csv is not given")
	fs.StringVar(&s.csvPath, "csv", "", "CSV file to read instead of generated rows")
	fs.IntVar(&s.concurrency, "concurrency", 0, "rows in flight at once (0: the SDK's default)")
	fs.Float64Var(&s.fakeRate, "fake-rate", 500, "requests per second the embedded fake server allows")
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	switch {
	case fs.NArg() > 0:
		return s, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case s.rows < 0:
		return s, fmt.Errorf("-rows %d is negative", s.rows)
	case !(s.fakeRate > 0):
		return s, fmt.Errorf("-fake-rate %v: want a positive rate", s.fakeRate)
	}
	return s, nil
}

// run parses args, connects, streams the rows and reports to out. It
// returns the number of failed rows.
func run(ctx context.Context, args []string, out io.Writer, terminal bool, getenv func(string) string) (int, error) {
	s, err := parseFlags(args)
	if err != nil {
		return 0, err
	}
	input, total, closeInput, err := openInput(s)
	if err != nil {
		return 0, err
	}
	defer closeInput()
	client, where, closeFn, err := exampleapi.Connect(getenv, userAgent, fmt.Sprintf("%v requests/s", s.fakeRate),
		fake.WithRateLimit(s.fakeRate, max(1, int(s.fakeRate/20))))
	if err != nil {
		return 0, err
	}
	defer closeFn()
	if _, err := fmt.Fprintf(out, "api: %s\n", where); err != nil {
		return 0, fmt.Errorf("write progress: %w", err)
	}
	src := newCSVRows(input)
	job, err := client.Contacts.UpsertMany(src.All(), &facade.BulkOptions{Concurrency: s.concurrency})
	if err != nil {
		return 0, err
	}
	p := newProgress(out, terminal, total, time.Now)
	for r := range job.Results(ctx) {
		p.row(r.Index, r.Input, r.Err)
	}
	tot := job.Totals()
	p.done(tot)
	if err := src.Err(); err != nil {
		return tot.Failed, fmt.Errorf("read CSV: %w (the rows before it were sent)", err)
	}
	if tot.Err != nil {
		return tot.Failed, fmt.Errorf("stopped after %d rows: %w; rows from %d on were not attempted", tot.Read, tot.Err, tot.Read)
	}
	return tot.Failed, nil
}

// openInput returns the CSV to read, the number of rows if known (0 if
// not), and what closes it.
func openInput(s settings) (io.Reader, int, func(), error) {
	if s.csvPath == "" {
		return newGeneratedCSV(s.rows), s.rows, func() {}, nil
	}
	f, err := os.Open(s.csvPath)
	if err != nil {
		return nil, 0, nil, err
	}
	return f, 0, func() { _ = f.Close() }, nil
}

// errNoEmail is the error of a CSV without an email column.
var errNoEmail = errors.New("the header has no email column")
