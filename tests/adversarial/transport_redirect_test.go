package adversarial

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/leadfox-go/leadfox/facade"
)

// transportTarget records every request a redirect target gets, and
// answers each with a contact, as a server that took the write would.
type transportTarget struct {
	mu      sync.Mutex
	methods []string
}

func (tt *transportTarget) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tt.mu.Lock()
	tt.methods = append(tt.methods, r.Method)
	tt.mu.Unlock()
	_, _ = io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"_id":"5f0c8a3b9d1e2a0012345678","email":"moved@example.com"}`)
}

func (tt *transportTarget) got() []string {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	return append([]string(nil), tt.methods...)
}

// TestTransportWriteRedirect answers each write (PUT, POST, DELETE) with
// a same-host 301, 302, 307 or 308 whose Location carries a query. The
// call must fail with an error matching facade.ErrRedirect that names the
// status and the Location path, without its query; the target must see
// no request at all, neither the write nor a GET made of it. A GET still
// follows the same redirect.
func TestTransportWriteRedirect(t *testing.T) {
	const location = "/v1/moved/elsewhere"
	for _, status := range []int{301, 302, 307, 308} {
		for _, c := range transportCalls {
			t.Run(strconv.Itoa(status)+"/"+c.name, func(t *testing.T) {
				target := &transportTarget{}
				var env *transportEnv
				redirect := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					_, _ = io.Copy(io.Discard, r.Body)
					http.Redirect(w, r, env.url+location+"?token=leaked-in-query", status)
				})
				routes := map[string]http.Handler{
					c.method + " " + c.path("5f0c8a3b0000000000000001"): redirect,
					location: target,
				}
				env = transportSetup(t, routes)
				ids := env.seed(1)

				err := c.call(context.Background(), env.client, ids[0])

				if c.method == http.MethodGet {
					if err != nil {
						t.Fatalf("Get after a same-host %d: %v, want the contact", status, err)
					}
					if got := target.got(); len(got) != 1 || got[0] != http.MethodGet {
						t.Errorf("target saw %v, want one GET", got)
					}
					return
				}
				what := fmt.Sprintf("%s answered %d", c.name, status)
				transportWantErrIs(t, err, what, facade.ErrRedirect)
				transportWantText(t, err, what, strconv.Itoa(status), location)
				if err != nil && strings.Contains(err.Error(), "leaked-in-query") {
					t.Errorf("%s: error %q carries the Location's query", what, err)
				}
				if got := target.got(); len(got) != 0 {
					t.Errorf("%s: the redirect target saw %v, want nothing", what, got)
				}
			})
		}
	}
}
