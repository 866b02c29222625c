// Command leadfox-fake serves the in-memory fake Leadfox API of package
// [github.com/leadfox-go/leadfox/tests/fake] over HTTP, for wrappers in
// other languages, curl users and manual exploration.
//
//	go run ./tests/fake/cmd/leadfox-fake -addr 127.0.0.1:8080
//
// It prints the base URL, the API key and the secret to use, one
// "NAME=value" line each (LEADFOX_BASE_URL, LEADFOX_APIKEY,
// LEADFOX_SECRET), ready for the environment of the SDK's programs, and
// serves until SIGINT or SIGTERM, then shuts down cleanly: requests in
// flight get up to five seconds to finish.
//
// Flags:
//
//	-addr host:port      where to listen (default 127.0.0.1:8080; port 0 picks a free one)
//	-apikey, -secret     the credentials to accept (default: made up, printed)
//	-fixtures file.json  resources to seed, in the form of fake.Fixtures
//	-token-lifetime d    how long issued JWTs stay valid (default 1h)
//	-validate=false      turn off the check of requests against the spec
//	-rate r, -burst n    rate-limit the API to r requests per second with
//	                     bursts of n (see [fake.WithRateLimit]); 0, the
//	                     default, sets no limit
//	-window d, -window-limit n
//	                     or: at most n requests per fixed window of d
//	                     (see [fake.WithFixedWindow])
//	-sliding             with -window: a sliding window instead
//	                     (see [fake.WithSlidingWindow])
//	-concurrency n       or: at most n requests handled at once
//	                     (see [fake.WithConcurrencyLimit])
//
// At most one of -rate, -window and -concurrency sets the limit.
//
// Everything else is the fake's behaviour, described in the package doc
// of tests/fake.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/leadfox-go/leadfox/tests/fake"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "leadfox-fake: %v\n", err)
		stop()
		os.Exit(1)
	}
}

// run parses args, serves until ctx is done, and writes the connection
// details to out.
func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("leadfox-fake", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port)")
	apiKey := fs.String("apikey", "", "API key to accept (default: random)")
	secret := fs.String("secret", "", "secret to accept (default: random)")
	fixtures := fs.String("fixtures", "", "JSON file of resources to seed (see fake.Fixtures)")
	lifetime := fs.Duration("token-lifetime", fake.DefaultTokenLifetime, "lifetime of the JWTs issued")
	validate := fs.Bool("validate", true, "check every request against the effective spec")
	rps := fs.Float64("rate", 0, "requests per second the API allows; 0 for no limit")
	burst := fs.Int("burst", 10, "burst of the rate limit (with -rate)")
	var lim limitFlags
	fs.DurationVar(&lim.window, "window", 0, "length of a window limit; 0 for none")
	fs.IntVar(&lim.windowLimit, "window-limit", 0, "requests allowed per window (with -window)")
	fs.BoolVar(&lim.sliding, "sliding", false, "make the window limit a sliding window (with -window)")
	fs.IntVar(&lim.concurrency, "concurrency", 0, "requests handled at once; 0 for no limit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	opts := []fake.Option{fake.WithTokenLifetime(*lifetime), fake.WithValidation(*validate)}
	if (*apiKey == "") != (*secret == "") {
		return errors.New("-apikey and -secret go together")
	}
	if *apiKey != "" {
		opts = append(opts, fake.WithCredentials(*apiKey, *secret))
	}
	lim.rps, lim.burst = *rps, *burst
	limit, err := lim.options()
	if err != nil {
		return err
	}
	opts = append(opts, limit...)
	srv := fake.NewHandler(opts...)
	defer srv.Close()
	if err := seed(srv, *fixtures); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	return serve(ctx, ln, srv, out)
}

// limitFlags are the flags of the API's rate limit: one family at most.
type limitFlags struct {
	rps         float64 // -rate; 0 for none
	burst       int
	window      time.Duration // -window; 0 for none
	windowLimit int
	sliding     bool
	concurrency int // -concurrency; 0 for none
}

// options returns the fake's options of the flags, or an error saying
// which is out of range or which go together.
func (f limitFlags) options() ([]fake.Option, error) {
	set := 0
	for _, on := range []bool{f.rps != 0, f.window != 0, f.concurrency != 0} {
		if on {
			set++
		}
	}
	switch {
	case set > 1:
		return nil, errors.New("-rate, -window and -concurrency each set the limit: give one")
	case f.window == 0 && (f.windowLimit != 0 || f.sliding):
		return nil, errors.New("-window-limit and -sliding go with -window")
	case f.window != 0:
		return f.windowOptions()
	case f.concurrency < 0:
		return nil, fmt.Errorf("-concurrency %d: want at least 1, or 0 for no limit", f.concurrency)
	case f.concurrency > 0:
		return []fake.Option{fake.WithConcurrencyLimit(f.concurrency)}, nil
	}
	return rateLimit(f.rps, f.burst)
}

// windowOptions returns the option of -window, -window-limit and
// -sliding.
func (f limitFlags) windowOptions() ([]fake.Option, error) {
	switch {
	case f.window < 0:
		return nil, fmt.Errorf("-window %v: want a positive duration", f.window)
	case f.windowLimit < 1:
		return nil, fmt.Errorf("-window-limit %d: want at least 1 request per window", f.windowLimit)
	case f.sliding:
		return []fake.Option{fake.WithSlidingWindow(f.windowLimit, f.window)}, nil
	}
	return []fake.Option{fake.WithFixedWindow(f.windowLimit, f.window)}, nil
}

// rateLimit returns the options of the -rate and -burst flags, or an
// error saying which is out of range.
func rateLimit(rps float64, burst int) ([]fake.Option, error) {
	switch {
	case rps == 0:
		return nil, nil
	case !(rps > 0) || math.IsInf(rps, 0):
		return nil, fmt.Errorf("-rate %v: want a positive finite number of requests per second, or 0 for no limit", rps)
	case burst < 1:
		return nil, fmt.Errorf("-burst %d: want at least 1", burst)
	}
	return []fake.Option{fake.WithRateLimit(rps, burst)}, nil
}

func seed(srv *fake.Server, path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	return srv.LoadFixtures(f)
}

// serve serves srv on ln until ctx is done, then shuts down.
func serve(ctx context.Context, ln net.Listener, srv *fake.Server, out io.Writer) error {
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	_, err := fmt.Fprintf(out, "LEADFOX_BASE_URL=http://%s\nLEADFOX_APIKEY=%s\nLEADFOX_SECRET=%s\n",
		ln.Addr(), srv.APIKey(), srv.Secret())
	if err != nil {
		_ = hs.Close()
		if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) {
			return errors.Join(err, serveErr)
		}
		return err
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	srv.Close() // ends requests held by faults
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = hs.Shutdown(shutdown)
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return err
}
