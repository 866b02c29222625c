package reliability

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// The shape of TestSharedClientUnderFaults.
const (
	workers   = 64
	opsEach   = 12 // per worker: gets, lists and upserts in turn
	seedCount = 200
	// callTimeout is each call's deadline, far above what any call
	// should take; a call past it plus hangSlack counts as hung.
	callTimeout = 20 * time.Second
	// sharedAttemptTimeout ends the attempts that the latency and hang
	// faults hold.
	sharedAttemptTimeout = 2 * time.Second
)

// Seeds that the gets and lists of TestSharedClientUnderFaults leave
// alone, for the calls that must fail.
const (
	hugeSeed = seedCount - 2 // its GET answers 400 with 100 MB
	hangSeed = seedCount - 1 // its GET never answers
)

// TestSharedClientUnderFaults has 64 goroutines share one Client for
// gets, lists and upserts while the server answers 429 (Retry-After in
// seconds and as a date), 5xx with JSON and HTML bodies, drops
// connections, answers late or never, truncates bodies or sends HTML
// with 200, streams a 100 MB error body, and revokes every token halfway
// through. Every call must end in success with the right result or in a
// documented error, and the whole fault schedule must have been used.
func TestSharedClientUnderFaults(t *testing.T) {
	huge := &streamer{status: http.StatusBadRequest, size: hugeBody}
	f := setup(t,
		withClient(facade.WithAttemptTimeout(sharedAttemptTimeout)),
		withRoute("GET /v1/contact/"+seedID(hugeSeed), huge))
	ids := f.seedContacts(seedCount)
	if ids[hugeSeed] != seedID(hugeSeed) {
		t.Fatalf("seed %d has id %s, want %s", hugeSeed, ids[hugeSeed], seedID(hugeSeed))
	}
	// First, so that no fault of the schedule answers the hung GETs
	// instead: a request takes the first fault that matches it.
	f.srv.Inject(fake.Fault{Method: http.MethodGet, Path: "/v1/contact/" + ids[hangSeed], Kind: fake.FaultHang, Times: 1000})
	want := injectSchedule(f)

	var done atomic.Int32
	var expire sync.Once
	results := make([][]outcome, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			results[w] = runWorker(f, ids, w, func() {
				if done.Add(1) == workers*opsEach/2 {
					expire.Do(f.srv.ExpireTokens)
				}
			})
		})
	}
	waitOrFail(t, &wg, func() int32 { return done.Load() }, callTimeout+hangSlack)

	tally := map[string]int{}
	for _, rs := range results {
		for _, r := range rs {
			tally[r.kind]++
			if r.failure != "" {
				t.Errorf("%s", r.failure)
			}
		}
	}
	t.Logf("outcomes: %v", tally)
	checkTally(t, tally)
	for status, n := range want {
		if got := f.countStatus(status); got != n {
			t.Errorf("%d answers = %d, want %d: the fault schedule was not used up", status, got, n)
		}
	}
	if n := f.countStatus(http.StatusUnauthorized); n < 1 {
		t.Errorf("401 answers = %d, want at least 1 after the revocation", n)
	}
	// One exchange before the revocation and one after it: every request
	// rejected with a revoked token shares the exchange that replaces it,
	// or reuses its token once it is cached (one per token generation).
	if n := f.srv.AuthCount(); n != 2 {
		t.Errorf("token exchanges = %d, want 2: one, then one after the revocation", n)
	}
	checkUpserts(t, f, results)
}

// injectSchedule injects the faults of TestSharedClientUnderFaults, in
// rounds so that kinds alternate, and returns how many answers of each
// injected status the server must have sent once all are used.
func injectSchedule(f *fixture) map[int]int {
	date := f.clock.Now().Add(2 * time.Second).Format(http.TimeFormat)
	round := []fake.Fault{
		{Method: http.MethodGet, Path: "/v1/contact/*", Status: 429, RetryAfter: "1", Times: 3},
		{Method: http.MethodGet, Path: "/v1/contact/*", Status: 503, Times: 3},
		{Method: http.MethodGet, Path: "/v1/contact/*", Kind: fake.FaultDropConnection},
		{Method: http.MethodGet, Path: "/v1/contact/*", Status: 500, Body: "<html><h1>Internal error</h1></html>"},
		{Method: http.MethodGet, Path: "/v1/contact", Status: 502, Times: 2},
		{Method: http.MethodGet, Path: "/v1/contact", Status: 504},
		{Method: http.MethodGet, Path: "/v1/contact", Status: 429, RetryAfter: date},
		{Method: http.MethodPost, Path: "/v1/contact/upsert", Status: 503, Times: 2},
		{Method: http.MethodPost, Path: "/v1/contact/upsert", Status: 429, RetryAfter: "1", Times: 2},
	}
	rare := []fake.Fault{
		{Method: http.MethodGet, Path: "/v1/contact/*", Latency: time.Minute},
		{Method: http.MethodGet, Path: "/v1/contact", Kind: fake.FaultHang},
		{Method: http.MethodGet, Path: "/v1/contact", Kind: fake.FaultTruncatedBody},
		{Method: http.MethodGet, Path: "/v1/contact/*", Status: 200, Body: "<html>Maintenance</html>"},
		{Method: http.MethodPost, Path: "/v1/contact/upsert", Kind: fake.FaultDropConnection},
	}
	want := map[int]int{}
	for i := range 8 {
		for _, fault := range round {
			f.srv.Inject(fault)
			want[fault.Status] += max(fault.Times, 1)
		}
		if i%2 == 0 {
			for _, fault := range rare {
				f.srv.Inject(fault)
			}
		}
	}
	delete(want, 0)
	delete(want, 200)
	return want
}

// outcome is how one call ended: kind names the operation and the
// result; failure, if not "", says what was wrong with it.
type outcome struct {
	kind    string
	failure string
	email   string // the upserted email, after a successful upsert
}

// runWorker makes worker w's calls and returns their outcomes. after
// runs after each call.
func runWorker(f *fixture, ids []string, w int, after func()) (out []outcome) {
	defer func() {
		if p := recover(); p != nil {
			out = append(out, outcome{kind: "panic", failure: fmt.Sprintf("worker %d panicked: %v", w, p)})
		}
	}()
	for i := range opsEach {
		k := (w*opsEach + i) % (seedCount - 5)
		var o outcome
		start := time.Now()
		switch {
		case i == opsEach-1 && w%8 == 0:
			o = hungCall(f.client, ids[hangSeed])
		case i == opsEach-1 && w%8 == 1:
			o = hugeCall(f.client, ids[hugeSeed])
		case i%3 == 0:
			o = getCall(f.client, ids, k)
		case i%3 == 1:
			o = listCall(f.client, ids, k)
		default:
			o = upsertCall(f.client, fmt.Sprintf("w%02d-op%02d@example.com", w, i))
		}
		if took := time.Since(start); took > callTimeout+hangSlack {
			o.failure = fmt.Sprintf("%s took %v, past its deadline of %v: hung", o.kind, took, callTimeout)
		}
		out = append(out, o)
		after()
	}
	return out
}

func getCall(c *facade.Client, ids []string, k int) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	got, err := c.Contacts.Get(ctx, ids[k])
	if err != nil {
		return classify(ctx, "get", "getContact", err)
	}
	return outcome{kind: "get ok", failure: checkSeed(got, ids[k], k)}
}

// hungCall gets a contact whose GET never answers, with a deadline
// shorter than the attempt timeout: the caller's deadline must win.
func hungCall(c *facade.Client, id string) outcome {
	const deadline = 300 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	start := time.Now()
	_, err := c.Contacts.Get(ctx, id)
	o := classify(ctx, "hung get", "getContact", err)
	switch took := time.Since(start); {
	case o.kind != "hung get caller deadline":
		o.failure = fmt.Sprintf("hung get: error %v, want the caller's deadline", err)
	case took > deadline+hangSlack:
		o.failure = fmt.Sprintf("hung get took %v, past its deadline of %v", took, deadline)
	}
	return o
}

// hugeCall gets a contact whose GET answers 400 with a 100 MB body.
func hugeCall(c *facade.Client, id string) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	_, err := c.Contacts.Get(ctx, id)
	o := classify(ctx, "huge get", "getContact", err)
	var apiErr *facade.APIError
	switch {
	case o.kind != "huge get 400" || !errors.As(err, &apiErr):
		o.failure = fmt.Sprintf("huge get: error %v, want a 400 APIError", err)
	case len(apiErr.Body) != maxErrorBody:
		o.failure = fmt.Sprintf("huge get: APIError.Body is %d bytes, want %d", len(apiErr.Body), maxErrorBody)
	}
	return o
}

func listCall(c *facade.Client, ids []string, k int) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	p, err := c.Contacts.List(&facade.ListOptions{Offset: k, Max: 5, PageSize: 5})
	if err != nil {
		suite.addErr(err)
		return outcome{kind: "list", failure: fmt.Sprintf("List: %v", err)}
	}
	items, err := p.Collect(ctx)
	if err != nil {
		return classify(ctx, "list", "listContacts", err)
	}
	o := outcome{kind: "list ok"}
	if len(items) != 5 {
		o.failure = fmt.Sprintf("list from %d: %d items, want 5", k, len(items))
		return o
	}
	for j := range items {
		if msg := checkSeed(&items[j], ids[k+j], k+j); msg != "" {
			o.failure = "list: " + msg
		}
	}
	return o
}

func upsertCall(c *facade.Client, email string) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	props := facade.ContactProperties{"origin": email}
	got, err := c.Contacts.Upsert(ctx, &facade.ContactCreate{Email: email, Properties: props})
	if err != nil {
		return classify(ctx, "upsert", "upsertContact", err)
	}
	o := outcome{kind: "upsert ok", email: email}
	if deref(got.Email) != email || got.Properties["origin"].String() != email || got.ID == nil {
		o.failure = fmt.Sprintf("upsert %s returned %s (id %s)", email, describe(got), deref(got.ID))
	}
	return o
}

// checkSeed describes what is wrong with c, which must be seed contact
// i with that id, or returns "".
func checkSeed(c *facade.Contact, id string, i int) string {
	if c == nil || deref(c.ID) != id || deref(c.Email) != seedEmail(i) || c.Properties["seq"].String() != fmt.Sprint(i) {
		return fmt.Sprintf("got %s (id %s), want %s (id %s)", describe(c), deref(c.ID), seedEmail(i), id)
	}
	return ""
}

// classify records err for the leak scan and sorts it into the
// documented errors a call may end with; anything else is a failure.
func classify(ctx context.Context, kind, op string, err error) outcome {
	suite.addErr(err)
	var apiErr *facade.APIError
	var urlErr *url.Error
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &apiErr):
		if !errors.Is(err, facade.ErrServer) && !errors.Is(err, facade.ErrRateLimited) && !errors.Is(err, facade.ErrInvalidRequest) {
			return outcome{kind: kind + " api error", failure: fmt.Sprintf("%s: unexpected API error %v", kind, err)}
		}
		return outcome{kind: fmt.Sprintf("%s %d", kind, apiErr.StatusCode)}
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		return outcome{kind: kind + " caller deadline"}
	case errors.Is(err, facade.ErrMalformedResponse) && strings.HasPrefix(err.Error(), "facade: "+op+": decode 200 response: ") && errors.Is(err, io.ErrUnexpectedEOF):
		return outcome{kind: kind + " body cut short"}
	case errors.Is(err, facade.ErrMalformedResponse) && strings.HasPrefix(err.Error(), "facade: "+op+": decode 200 response: ") && errors.As(err, &syntaxErr):
		return outcome{kind: kind + " body not JSON"}
	case errors.As(err, &urlErr) && errors.Is(err, facade.ErrAttemptTimeout):
		return outcome{kind: kind + " attempts timed out"}
	case errors.As(err, &urlErr):
		return outcome{kind: kind + " transport error"}
	}
	return outcome{kind: kind + " other error", failure: fmt.Sprintf("%s: undocumented error %T: %v", kind, err, err)}
}

// checkTally checks that every call was counted and that each kind of
// call succeeded at least once: faults must not take everything down.
func checkTally(t *testing.T, tally map[string]int) {
	t.Helper()
	total := 0
	for _, n := range tally {
		total += n
	}
	if total != workers*opsEach {
		t.Errorf("outcomes = %d, want %d", total, workers*opsEach)
	}
	for _, kind := range []string{"get ok", "list ok", "upsert ok"} {
		if tally[kind] == 0 {
			t.Errorf("no %q among the outcomes", kind)
		}
	}
}

// checkUpserts checks that every contact an upsert reported is stored as
// it reported it.
func checkUpserts(t *testing.T, f *fixture, results [][]outcome) {
	t.Helper()
	for _, rs := range results {
		for _, r := range rs {
			if r.email == "" {
				continue
			}
			c, ok := f.srv.ContactByEmail(r.email)
			if !ok || c.Properties["origin"].String() != r.email {
				t.Errorf("upsert of %s succeeded, but the server holds %v, %+v", r.email, ok, c.Properties)
			}
		}
	}
}

// waitOrFail waits for wg, and fails the test if no call ends for quiet
// while it waits (ended counts the calls ended so far): some call hung.
// A loaded machine slows the calls but does not stop them ending.
func waitOrFail(t *testing.T, wg *sync.WaitGroup, ended func() int32, quiet time.Duration) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	tick := time.NewTicker(quiet)
	defer tick.Stop()
	last := ended()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
		}
		if n := ended(); n != last {
			last = n
			continue
		}
		t.Fatalf("workers still running, and no call ended in %v: a call hung", quiet)
	}
}
