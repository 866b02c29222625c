package reliability

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leadfox-go/leadfox/facade"
	"github.com/leadfox-go/leadfox/tests/fake"
)

// TestUndecodableSuccessBody sends a GET whose 2xx answer is not the
// contact: cut short, not JSON, an HTML page, empty, or lost with the
// connection halfway. Each is the documented error naming the operation
// and the status, never a zero contact, and is not retried: the retry
// layer has handed the response on before the body is read.
func TestUndecodableSuccessBody(t *testing.T) {
	var syntaxErr *json.SyntaxError
	tests := []struct {
		name  string
		fault fake.Fault
		route http.HandlerFunc // serves the GET instead of the fake, if set
		// cause checks the wrapped cause.
		cause func(err error) bool
	}{
		{"truncated JSON", fake.Fault{Kind: fake.FaultTruncatedBody}, nil,
			func(err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) }},
		{"malformed JSON", fake.Fault{Kind: fake.FaultMalformedBody, Body: `{"_id": oops}`}, nil,
			func(err error) bool { return errors.As(err, &syntaxErr) }},
		{"HTML page with 200", fake.Fault{Status: 200, Body: "<html><body>Maintenance</body></html>"}, nil,
			func(err error) bool { return errors.As(err, &syntaxErr) }},
		{"empty body with 200", fake.Fault{}, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Length", "0")
			w.WriteHeader(http.StatusOK)
		}, func(err error) bool { return strings.HasSuffix(err.Error(), "empty body") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var routed atomic.Int32
			var opts []option
			path := "/v1/contact/" + seedID(0)
			if tt.route != nil {
				opts = append(opts, withRoute("GET "+path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					routed.Add(1)
					tt.route(w, r)
				})))
			}
			f := setup(t, opts...)
			ids := f.seedContacts(1)
			if ids[0] != seedID(0) {
				t.Fatalf("seeded id %s, want %s", ids[0], seedID(0))
			}
			fault := tt.fault
			fault.Method, fault.Path = http.MethodGet, path
			f.srv.Inject(fault)

			got, err := f.client.Contacts.Get(context.Background(), ids[0])

			suite.addErr(err)
			if err == nil || got != nil {
				t.Fatalf("Get = %+v, %v; want nil and an error", got, err)
			}
			var apiErr *facade.APIError
			if errors.As(err, &apiErr) {
				t.Errorf("error %v is an *facade.APIError, want a decode error", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "facade: getContact: decode 200 response: ") {
				t.Errorf("error %q does not name the operation and the status", msg)
			}
			if !errors.Is(err, facade.ErrMalformedResponse) {
				t.Errorf("error %v does not match facade.ErrMalformedResponse", err)
			}
			if !tt.cause(err) {
				t.Errorf("error %v: wrong cause", err)
			}
			requests := f.requests(http.MethodGet, path) + int(routed.Load())
			if requests != 1 {
				t.Errorf("requests = %d, want 1", requests)
			}
		})
	}
}

// TestBodyDroppedMidStream checks that a connection cut while a 2xx body
// streams fails only that attempt: a GET is retried and returns the
// contact; a list walk loses no page.
func TestBodyDroppedMidStream(t *testing.T) {
	f := setup(t)
	ids := f.seedContacts(250)
	path := "/v1/contact/" + ids[0]
	f.srv.Inject(fake.Fault{Method: http.MethodGet, Path: path, Kind: fake.FaultDropConnection})
	got, err := f.client.Contacts.Get(context.Background(), ids[0])
	suite.addErr(err)
	if err != nil || got.ID == nil || *got.ID != ids[0] {
		t.Fatalf("Get = %+v, %v; want contact %s", got, err, ids[0])
	}
	if n := f.requests(http.MethodGet, path); n != 2 {
		t.Errorf("requests = %d, want 2 (the dropped one and its retry)", n)
	}

	f.srv.Inject(fake.Fault{Method: http.MethodGet, Path: "/v1/contact", Kind: fake.FaultDropConnection})
	p, err := f.client.Contacts.List(&facade.ListOptions{PageSize: 100})
	noErr(t, err, "List")
	all, err := p.Collect(context.Background())
	suite.addErr(err)
	noErr(t, err, "Collect")
	if len(all) != len(ids) {
		t.Fatalf("walk returned %d contacts, want %d", len(all), len(ids))
	}
	for i, c := range all {
		if *c.ID != ids[i] {
			t.Fatalf("item %d = %s, want %s", i, *c.ID, ids[i])
		}
	}
}

// TestErrorBodies checks the APIError of error answers whose body is
// HTML, plain text, JSON or nothing at all: Message is the server's
// explanation or "", Body the bytes sent; a retried status is retried.
func TestErrorBodies(t *testing.T) {
	const html = "<!DOCTYPE html>\n<html><head><title>502</title></head><body><h1>Bad gateway</h1></body></html>"
	ctx := context.Background()
	tests := []struct {
		name        string
		method      string
		status      int
		body        string // "" serves an empty body from a route
		sentinel    error
		wantMessage string
		wantTries   int
	}{
		{"HTML page with 500 on a GET", http.MethodGet, 500, html, facade.ErrServer, "", 3},
		{"HTML page with 500 on a create", http.MethodPost, 500, html, facade.ErrServer, "", 1},
		{"empty body with 503", http.MethodGet, 503, "", facade.ErrServer, "", 3},
		{"empty body with 404", http.MethodGet, 404, "", facade.ErrNotFound, "", 1},
		{"plain text with 400", http.MethodGet, 400, "filters: bad operator\n", facade.ErrInvalidRequest, "filters: bad operator", 1},
		{"JSON message with 409", http.MethodPost, 409, `{"message":"email taken"}`, facade.ErrConflict, "email taken", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "/v1/contact/" + seedID(0)
			if tt.method == http.MethodPost {
				path = "/v1/contact"
			}
			var routed atomic.Int32
			var opts []option
			if tt.body == "" {
				opts = append(opts, withRoute(tt.method+" "+path, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					routed.Add(1)
					w.Header().Set("Content-Length", "0")
					w.WriteHeader(tt.status)
				})))
			}
			f := setup(t, opts...)
			ids := f.seedContacts(1)
			f.srv.Inject(fake.Fault{Method: tt.method, Path: path, Status: tt.status, Body: tt.body, Times: 3})

			var err error
			if tt.method == http.MethodGet {
				_, err = f.client.Contacts.Get(ctx, ids[0])
			} else {
				_, err = f.client.Contacts.Create(ctx, &facade.ContactCreate{Email: "new@example.com"})
			}

			apiErr := wantAPIError(t, err, tt.sentinel, tt.status, tt.name)
			if apiErr.Message != tt.wantMessage {
				t.Errorf("Message = %q, want %q", apiErr.Message, tt.wantMessage)
			}
			if string(apiErr.Body) != tt.body {
				t.Errorf("Body = %q, want %q", apiErr.Body, tt.body)
			}
			if got := f.requests(tt.method, path) + int(routed.Load()); got != tt.wantTries {
				t.Errorf("requests = %d, want %d", got, tt.wantTries)
			}
		})
	}
}

// TestErrorBodyEchoesToken answers a GET the way some proxies do, with an
// error page that echoes the request's headers, token included. Neither
// the APIError's Message and Body nor its Error may hold the token; the
// suite's leak scan checks every other form.
func TestErrorBodyEchoesToken(t *testing.T) {
	path := "/v1/contact/" + seedID(0)
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, "upstream refused; request headers: Authorization: "+r.Header.Get("Authorization")+"\n")
	})
	f := setup(t, withRoute("GET "+path, echo))
	ids := f.seedContacts(1)

	_, err := f.client.Contacts.Get(context.Background(), ids[0])

	apiErr := wantAPIError(t, err, facade.ErrServer, http.StatusBadGateway, "Get")
	for what, text := range map[string]string{"Message": apiErr.Message, "Body": string(apiErr.Body), "Error()": err.Error()} {
		if jwtLike.MatchString(text) {
			t.Errorf("%s = %q holds the token", what, text)
		}
	}
	if want := "Authorization: JWT [redacted]"; !strings.Contains(string(apiErr.Body), want) {
		t.Errorf("Body = %q, want it to hold %q", apiErr.Body, want)
	}
}

// hugeBody is the size of the error body TestHugeErrorBody streams.
const hugeBody = 100 << 20

// maxErrorBody is the most of an error body an APIError keeps: 64 KiB.
const maxErrorBody = 64 << 10

// TestHugeErrorBody answers a GET with a 100 MB error body, streamed by a
// handler that counts the bytes the connection took. The Client must read
// a bounded prefix of each answer, keep at most 64 KiB of it in the
// APIError, and drop the connection rather than read the rest.
func TestHugeErrorBody(t *testing.T) {
	tests := []struct {
		status    int
		sentinel  error
		wantTries int
	}{
		{http.StatusBadRequest, facade.ErrInvalidRequest, 1},
		{http.StatusServiceUnavailable, facade.ErrServer, 3}, // every retried answer is dropped too
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			path := "/v1/contact/" + seedID(0)
			stream := &streamer{status: tt.status, size: hugeBody, done: make(chan int64, 8)}
			f := setup(t, withRoute("GET "+path, stream), withSocketBuffers(64<<10))
			ids := f.seedContacts(1)

			var err error
			returnsWithin(t, hangSlack, func(ctx context.Context) { _, err = f.client.Contacts.Get(ctx, ids[0]) })

			apiErr := wantAPIError(t, err, tt.sentinel, tt.status, "Get")
			if len(apiErr.Body) != maxErrorBody || !bytes.Equal(apiErr.Body, stream.prefix(maxErrorBody)) {
				t.Errorf("APIError.Body is %d bytes, want the first %d of the answer", len(apiErr.Body), maxErrorBody)
			}
			if n := len(apiErr.Message); n > 1024 {
				t.Errorf("APIError.Message is %d bytes, want one short line", n)
			}
			read := f.wire.bodyBytes.Load()
			t.Logf("the Client read %d bytes of response bodies", read)
			if read >= 1<<20 {
				t.Errorf("the Client read %d bytes of bodies, want < 1 MiB", read)
			}
			for i := range tt.wantTries {
				select {
				case sent := <-stream.done:
					t.Logf("answer %d: the connection took %d bytes", i+1, sent)
					if sent >= 1<<20 {
						t.Errorf("answer %d: the connection took %d bytes of the body, want < 1 MiB", i+1, sent)
					}
				case <-time.After(hangSlack):
					t.Fatalf("answer %d: the handler is still streaming after %v: the Client did not close the connection", i+1, hangSlack)
				}
			}
			if n := stream.requests.Load(); n != int32(tt.wantTries) {
				t.Errorf("requests = %d, want %d", n, tt.wantTries)
			}
		})
	}
}

// streamer answers status with a body of size bytes, written in chunks
// as long as the connection takes them, and, if done is not nil, sends
// the number of bytes the connection took on done when it stops.
type streamer struct {
	status   int
	size     int64
	done     chan int64
	requests atomic.Int32
}

const streamChunk = 32 << 10

// chunk is what streamer writes, over and over.
var chunk = sync.OnceValue(func() []byte {
	return bytes.Repeat([]byte("0123456789abcdef"), streamChunk/16)
})

// prefix returns the first n bytes the streamer sends.
func (s *streamer) prefix(n int) []byte {
	var b []byte
	for len(b) < n {
		b = append(b, chunk()...)
	}
	return b[:n]
}

func (s *streamer) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	s.requests.Add(1)
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("Content-Length", strconv.FormatInt(s.size, 10))
	w.WriteHeader(s.status)
	rc := http.NewResponseController(w)
	var sent int64
	for sent < s.size {
		n, err := w.Write(chunk()[:min(streamChunk, s.size-sent)])
		if err == nil {
			err = rc.Flush()
		}
		if err != nil {
			break
		}
		sent += int64(n)
	}
	if s.done != nil {
		s.done <- sent
	}
}
