// Command bigbody measures what a 1 GiB 2xx body costs a Client with the
// default options: a loopback server streams it, with or without a
// Content-Length, to a Contacts.Get; the call must fail with the body cap
// error. It prints one line per case and then the peak resident set size
// of the process, and exits 1 if a call did not fail with the cap error.
// The soak test (go test -tags soak ./tests/soak) runs it as a
// subprocess and holds its peak RSS under 256 MiB.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// size is the length of the body: 1 GiB.
const size = 1 << 30

const id = "5f0c8a3b0000000000000001"

func main() {
	failed := false
	for _, withLength := range []bool{true, false} {
		sent, took, err := run(withLength)
		fmt.Printf("Content-Length=%v: server sent %d bytes in %v; error: %v\n", withLength, sent, took.Round(time.Millisecond), err)
		if !errors.Is(err, facade.ErrResponseTooLarge) || !errors.Is(err, facade.ErrMalformedResponse) {
			failed = true
		}
	}
	fmt.Printf("peak RSS: %s\n", peakRSS())
	if failed {
		os.Exit(1)
	}
}

// run streams the body to one Get and returns what the server managed to
// send, how long the call took, and its error.
func run(withLength bool) (int64, time.Duration, error) {
	srv := fake.NewHandler()
	defer srv.Close()
	var sent int64
	mux := http.NewServeMux()
	mux.Handle("/", srv.Handler())
	mux.HandleFunc("GET /v1/contact/"+id, func(w http.ResponseWriter, _ *http.Request) {
		sent = stream(w, withLength)
	})
	ts := httptest.NewServer(mux)
	c, err := facade.New(srv.APIKey(), srv.Secret(), facade.WithBaseURL(ts.URL))
	if err != nil {
		ts.Close()
		return 0, 0, err
	}
	start := time.Now()
	_, err = c.Contacts.Get(context.Background(), id)
	took := time.Since(start)
	ts.Close() // waits for the handler
	return sent, took, err
}

// stream writes a 200 whose body is a contact with a 1 GiB email, in 64
// KiB chunks, for as long as the connection takes them.
func stream(w http.ResponseWriter, withLength bool) int64 {
	head := `{"_id":"` + id + `","email":"`
	const tail = `"}`
	w.Header().Set("Content-Type", "application/json")
	if withLength {
		w.Header().Set("Content-Length", strconv.Itoa(len(head)+size+len(tail)))
	}
	w.WriteHeader(http.StatusOK)
	chunk := make([]byte, 64<<10)
	for i := range chunk {
		chunk[i] = 'a'
	}
	var sent int64
	if _, err := io.WriteString(w, head); err != nil {
		return sent
	}
	for sent < size {
		n, err := w.Write(chunk[:min(int64(len(chunk)), size-sent)])
		sent += int64(n)
		if err != nil {
			return sent
		}
	}
	_, _ = io.WriteString(w, tail)
	return sent
}

// peakRSS returns the VmHWM line of /proc/self/status, or why not.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown: " + err.Error()
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown: no VmHWM"
}
