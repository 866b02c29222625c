// Command emailing runs the whole Leadfox emailing flow and prints one line
// per step with the ids it got: a folder, an email design, a list, three
// contacts upserted and added to the list, a campaign scheduled for an
// hour later, taken back to draft, then sent now, and its metrics and
// those of the email design, all through the services of a
// [github.com/leadfox-go/leadfox/facade.Client].
//
// With LEADFOX_APIKEY and LEADFOX_SECRET set it runs against the live API
// (LEADFOX_BASE_URL overrides the host; see
// [github.com/leadfox-go/leadfox/facade.NewFromEnv]) and creates real
// resources there.
// Without them it starts the in-memory fake server of package
// [github.com/leadfox-go/leadfox/tests/fake] and runs against it.
//
//	go run ./examples/emailing
//
// It exits with status 1 and a one-line error if any step fails.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// userAgent identifies the example in the User-Agent header, after the SDK's.
const userAgent = "leadfox-emailing-example"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintf(os.Stderr, "emailing: %v\n", err)
		stop()
		os.Exit(1)
	}
}

// run connects to the API that getenv points at, or to a fake server, and
// runs the flow, writing its progress to out.
func run(ctx context.Context, out io.Writer, getenv func(string) string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()

	client, where, closeFn, err := connect(getenv)
	if err != nil {
		return err
	}
	defer closeFn()
	if _, err := fmt.Fprintf(out, "api: %s\n", where); err != nil {
		return fmt.Errorf("write progress: %w", err)
	}

	return newFlow(client, out, time.Now).run(ctx)
}

// connect returns a client for the live API when credentials are in the
// environment ([facade.EnvAPIKey], [facade.EnvSecret]), and otherwise for
// a [fake.Server] that closeFn stops.
func connect(getenv func(string) string) (c *facade.Client, where string, closeFn func(), err error) {
	key, secret := getenv(facade.EnvAPIKey), getenv(facade.EnvSecret)
	if key != "" || secret != "" {
		where = getenv(facade.EnvBaseURL)
		if where == "" {
			where = facade.DefaultBaseURL
		}
		c, err = facade.New(key, secret, facade.WithBaseURL(where), facade.WithUserAgent(userAgent))
		if err != nil {
			return nil, "", nil, err
		}
		return c, where + " (live)", func() {}, nil
	}
	srv := fake.NewServer()
	c, err = facade.New(srv.APIKey(), srv.Secret(),
		facade.WithBaseURL(srv.URL()), facade.WithUserAgent(userAgent))
	if err != nil {
		srv.Close()
		return nil, "", nil, err
	}
	return c, srv.URL() + " (embedded fake server; set " + facade.EnvAPIKey + " and " + facade.EnvSecret + " for the live API)", srv.Close, nil
}
