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

	"github.com/leadfox-go/leadfox/examples/internal/exampleapi"
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

	client, where, closeFn, err := exampleapi.Connect(getenv, userAgent, "")
	if err != nil {
		return err
	}
	defer closeFn()
	if _, err := fmt.Fprintf(out, "api: %s\n", where); err != nil {
		return fmt.Errorf("write progress: %w", err)
	}

	return newFlow(client, out, time.Now).run(ctx)
}
