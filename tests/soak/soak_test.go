//go:build soak

package soak

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// The shape of the soak.
const (
	workers       = 32
	faultRate     = 0.02 // of the attempts other than the token exchange
	tokenLifetime = 4 * time.Second
	revokeEvery   = 7 * time.Second
	seedCount     = 500
	stableSize    = 120 // members of the list that only walks read
	callTimeout   = 30 * time.Second
	// attempts per call: with 2% of attempts faulted independently, five
	// attempts make a call that no attempt gets through (3e-9) negligible
	// over a soak's calls; the default three would lose about one call in
	// 100,000 to chance, not to the SDK.
	attempts = 5
)

// soakDuration is how long the workers run: SOAK_DURATION, or 60 s.
func soakDuration(t *testing.T) time.Duration {
	v := os.Getenv("SOAK_DURATION")
	if v == "" {
		return 60 * time.Second
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 || d > 10*time.Minute {
		t.Fatalf("SOAK_DURATION=%q: want a duration in (0, 10m]", v)
	}
	return d
}

// faultKinds are what faults does to an attempt.
var faultKinds = []string{
	"503 with 8 KiB body",
	"429 Retry-After 1",
	"401 with 8 KiB body",
	"connection closed before handling",
	"status line cut after handling",
	"body cut after handling",
}

// faults is the hostile handler in front of the fake: it faults
// faultRate of the requests other than POST /v1/auth, picking a kind at
// random, and counts the requests and connections.
type faults struct {
	next     http.Handler
	requests atomic.Int64
	conns    atomic.Int64
	mu       sync.Mutex
	rnd      *rand.Rand
	byKind   [6]atomic.Int64
}

// pick returns the fault kind for a request, or -1 for none.
func (f *faults) pick() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rnd.Float64() >= faultRate {
		return -1
	}
	return f.rnd.IntN(len(faultKinds))
}

func (f *faults) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	kind := -1
	if r.URL.Path != "/v1/auth" {
		kind = f.pick()
	}
	if kind < 0 {
		f.next.ServeHTTP(w, r)
		return
	}
	f.byKind[kind].Add(1)
	switch kind {
	case 0, 2:
		status := http.StatusServiceUnavailable
		if kind == 2 {
			status = http.StatusUnauthorized
		}
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, strings.Repeat("x", 8<<10))
	case 1:
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
	case 3:
		panic(http.ErrAbortHandler)
	case 4:
		f.next.ServeHTTP(&sink{header: http.Header{}}, r)
		hijackWrite(w, "HTTP/1.1 2")
	case 5:
		rec := &sink{header: http.Header{}}
		f.next.ServeHTTP(rec, r)
		if rec.body.Len() < 2 {
			hijackWrite(w, "HTTP/1.1 2")
			return
		}
		maps.Copy(w.Header(), rec.header)
		w.Header().Set("Content-Length", strconv.Itoa(rec.body.Len()))
		w.WriteHeader(rec.code())
		hijackWrite(w, rec.body.String()[:rec.body.Len()/2])
	}
}

// hijackWrite writes s on the raw connection and closes it.
func hijackWrite(w http.ResponseWriter, s string) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = buf.Flush()
	_, _ = io.WriteString(conn, s)
	_ = conn.Close()
}

// sink keeps a response.
type sink struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (s *sink) Header() http.Header         { return s.header }
func (s *sink) Write(p []byte) (int, error) { return s.body.Write(p) }
func (s *sink) WriteHeader(code int)        { s.status = code }
func (s *sink) code() int {
	if s.status == 0 {
		return http.StatusOK
	}
	return s.status
}

// tally counts outcomes by kind.
type tally struct {
	mu sync.Mutex
	m  map[string]int
}

func (t *tally) add(kind string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.m[kind]++
}

// errorKind names the documented class of err.
func errorKind(err error) string {
	for _, k := range []struct {
		target error
		name   string
	}{
		{facade.ErrUnauthorized, "ErrUnauthorized"},
		{facade.ErrRateLimited, "ErrRateLimited"},
		{facade.ErrServer, "ErrServer"},
		{facade.ErrNotFound, "ErrNotFound"},
		{facade.ErrAttemptTimeout, "ErrAttemptTimeout"},
		{facade.ErrMalformedResponse, "ErrMalformedResponse"},
		{context.DeadlineExceeded, "context deadline"},
	} {
		if errors.Is(err, k.target) {
			return k.name
		}
	}
	return "transport error"
}

// TestSoak has 32 goroutines share one Client against the fake behind
// faults, with tokens that expire every 4 s and are all revoked every
// 7 s, for SOAK_DURATION. Every idempotent call must succeed with the
// right answer; the creates, which are not safe to replay, may fail
// where a fault hit them. No goroutine may outlive the soak.
func TestSoak(t *testing.T) {
	duration := soakDuration(t)
	goroutinesBefore, heapBefore := snapshot()

	srv := fake.NewHandler(fake.WithTokenLifetime(tokenLifetime))
	f := &faults{next: srv.Handler(), rnd: rand.New(rand.NewPCG(1, 2))}
	ts := httptest.NewUnstartedServer(f)
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			f.conns.Add(1)
		}
	}
	ts.Start()
	client, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(ts.URL),
		facade.WithRetry(facade.RetryPolicy{MaxAttempts: attempts, Backoff: func(n int) time.Duration { return time.Duration(n) * 10 * time.Millisecond }}))
	if err != nil {
		t.Fatalf("facade.New: %v", err)
	}
	ids, stable, churn := seed(t, srv, client)

	ctx, stop := context.WithTimeout(context.Background(), duration)
	defer stop()
	var revocations atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(revokeEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				srv.ExpireTokens()
				revocations.Add(1)
			}
		}
	})
	ok, lost, expected := &tally{m: map[string]int{}}, &tally{m: map[string]int{}}, &tally{m: map[string]int{}}
	var failures sync.Map
	for w := range workers {
		wg.Go(func() {
			rnd := rand.New(rand.NewPCG(uint64(w), 7))
			for i := 0; ctx.Err() == nil; i++ {
				name, idempotent, err := call(client, rnd, w, i, ids, stable, churn)
				switch {
				case err == nil:
					ok.add(name)
				case ctx.Err() != nil && errors.Is(err, context.DeadlineExceeded):
					// the soak's end, not a failure
				case idempotent:
					lost.add(name + ": " + errorKind(err))
					failures.LoadOrStore(name+": "+errorKind(err), err.Error())
				default:
					expected.add(name + ": " + errorKind(err))
				}
			}
		})
	}
	wg.Wait()

	ts.Close()
	srv.Close()
	goroutinesAfter, heapAfter := settle(goroutinesBefore)

	requests, conns := f.requests.Load(), f.conns.Load()
	var faulted []string
	for k, name := range faultKinds {
		faulted = append(faulted, fmt.Sprintf("%s=%d", name, f.byKind[k].Load()))
	}
	report := []string{
		fmt.Sprintf("soak: %v, %d goroutines, %.0f%% of attempts faulted, tokens live %v, revoked every %v (%d times), %d attempts per call",
			duration, workers, faultRate*100, tokenLifetime, revokeEvery, revocations.Load(), attempts),
		fmt.Sprintf("operations succeeded: %d %v", sum(ok.m), sorted(ok.m)),
		fmt.Sprintf("idempotent calls lost: %d %v", sum(lost.m), sorted(lost.m)),
		fmt.Sprintf("non-idempotent calls failed by a fault (not replayed, as documented): %d %v", sum(expected.m), sorted(expected.m)),
		fmt.Sprintf("faults injected: %s", strings.Join(faulted, ", ")),
		fmt.Sprintf("requests served: %d; token exchanges: %d; connections opened: %d (%.1f per 1,000 requests)",
			requests, srv.AuthCount(), conns, 1000*float64(conns)/float64(max(requests, 1))),
		fmt.Sprintf("goroutines: %d before, %d after; heap in use: %.1f MiB before, %.1f MiB after",
			goroutinesBefore, goroutinesAfter, mib(heapBefore), mib(heapAfter)),
	}
	for _, line := range report {
		t.Log(line)
	}
	failures.Range(func(k, v any) bool {
		t.Errorf("lost idempotent call, %v; for example: %v", k, v)
		return true
	})
	if sum(ok.m) == 0 {
		t.Error("no operation succeeded")
	}
	goleak.VerifyNone(t)
}

// seed stores the contacts, a list of stableSize of them that only the
// walks read, and an empty list that adds and removes churn.
func seed(t *testing.T, srv *fake.Server, c *facade.Client) (ids []string, stable, churn string) {
	cs := make([]facade.Contact, seedCount)
	for i := range cs {
		cs[i] = facade.Contact{Email: facade.Ptr(fmt.Sprintf("soak%05d@example.com", i))}
	}
	ids = srv.InsertContacts(cs)
	ctx := context.Background()
	for _, name := range []string{"stable", "churn"} {
		l, err := c.Lists.Create(ctx, &facade.ListCreate{Name: name})
		if err != nil {
			t.Fatalf("create list %s: %v", name, err)
		}
		if name == "stable" {
			stable = *l.ID
		} else {
			churn = *l.ID
		}
	}
	for _, id := range ids[:stableSize] {
		if err := c.Lists.AddContact(ctx, stable, id); err != nil {
			t.Fatalf("seed the stable list: %v", err)
		}
	}
	return ids, stable, churn
}

// call makes call i of worker w: one of seven operations in turn, and
// checks its answer. It returns the operation's name, whether it is safe
// to replay, and its error.
func call(c *facade.Client, rnd *rand.Rand, w, i int, ids []string, stable, churn string) (string, bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	id := ids[stableSize+rnd.IntN(len(ids)-stableSize)]
	switch i % 7 {
	case 0:
		got, err := c.Contacts.Get(ctx, id)
		if err == nil && *got.ID != id {
			err = fmt.Errorf("Get %s returned %s", id, *got.ID)
		}
		return "Contacts.Get", true, err
	case 1:
		got, err := c.Contacts.Update(ctx, id, &facade.ContactUpdate{Properties: facade.ContactProperties{"seen": strconv.Itoa(i)}})
		if err == nil && *got.ID != id {
			err = fmt.Errorf("Update %s returned %s", id, *got.ID)
		}
		return "Contacts.Update", true, err
	case 2:
		email := fmt.Sprintf("upsert-%d-%d@example.com", w, i%20)
		got, err := c.Contacts.Upsert(ctx, &facade.ContactCreate{Email: email})
		if err == nil && (got.Email == nil || *got.Email != email) {
			err = fmt.Errorf("Upsert %s returned %v", email, got.Email)
		}
		return "Contacts.Upsert", true, err
	case 3:
		return "Lists.AddContact", true, c.Lists.AddContact(ctx, churn, id)
	case 4:
		return "Lists.RemoveContact", true, c.Lists.RemoveContact(ctx, churn, id)
	case 5:
		return "walk of a list", true, walk(ctx, c, stable, ids[:stableSize])
	default:
		_, err := c.Contacts.Create(ctx, &facade.ContactCreate{Email: fmt.Sprintf("create-%d-%d@example.com", w, i)})
		return "Contacts.Create", false, err
	}
}

// walk reads the stable list in pages of 50 and checks that it holds
// exactly want, each once.
func walk(ctx context.Context, c *facade.Client, list string, want []string) error {
	p, err := c.Lists.Contacts(list, &facade.ListOptions{PageSize: 50})
	if err != nil {
		return err
	}
	items, err := p.Collect(ctx)
	if err != nil {
		return err
	}
	got := make([]string, 0, len(items))
	for _, it := range items {
		got = append(got, *it.ID)
	}
	slices.Sort(got)
	sortedWant := slices.Sorted(slices.Values(want))
	if !slices.Equal(got, sortedWant) {
		return fmt.Errorf("walk returned %d contacts, want the %d members each once", len(got), len(want))
	}
	return nil
}

// snapshot returns the number of goroutines and the heap in use after a
// collection.
func snapshot() (int, uint64) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return runtime.NumGoroutine(), m.HeapAlloc
}

// settle waits, up to 10 s, for the goroutines of closed connections to
// end, and returns a snapshot.
func settle(before int) (int, uint64) {
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	return snapshot()
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func sorted(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// maxPeakRSS is the most a 1 GiB body may cost the bigbody process.
const maxPeakRSS = 256 << 20

// TestBigBody builds command bigbody without the race detector, as users
// build the SDK, runs it, and holds its peak RSS, as the kernel counts
// it, under 256 MiB while a 1 GiB 2xx body streams to a Client with the
// default options, with and without a Content-Length.
func TestBigBody(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "bigbody")
	build := exec.Command("go", "build", "-o", bin, "./bigbody")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./bigbody: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	out, err := cmd.CombinedOutput()
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		t.Log(sc.Text())
	}
	if err != nil {
		t.Fatalf("bigbody: %v", err)
	}
	usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Fatalf("no rusage on this system")
	}
	peak := usage.Maxrss << 10 // Linux reports KiB
	t.Logf("bigbody peak RSS (rusage): %.1f MiB", mib(uint64(peak)))
	if peak >= maxPeakRSS {
		t.Errorf("peak RSS %.1f MiB, want under %d MiB", mib(uint64(peak)), maxPeakRSS>>20)
	}
}
