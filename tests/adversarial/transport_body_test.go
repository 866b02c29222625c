package adversarial

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/leadfox-go/leadfox/facade"
)

// transportCap is the response cap of the body tests: 1 MiB.
const transportCap = 1 << 20

// transportHugeBody is a bounded generator of a 2xx body: a contact whose
// email is size bytes long, valid JSON from end to end, so that a Client
// without a cap would decode it. It streams the body in chunks for as
// long as the connection takes them, with or without a Content-Length,
// and counts what the connection took.
type transportHugeBody struct {
	id            string
	size          int64
	contentLength bool
	sent          atomic.Int64
}

var transportChunk = bytes.Repeat([]byte("a"), 32<<10)

func (h *transportHugeBody) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	head := `{"_id":"` + h.id + `","email":"`
	const tail = `@example.com"}`
	w.Header().Set("Content-Type", "application/json")
	if h.contentLength {
		w.Header().Set("Content-Length", strconv.FormatInt(int64(len(head))+h.size+int64(len(tail)), 10))
	}
	w.WriteHeader(http.StatusOK)
	if _, err := io.WriteString(w, head); err != nil {
		return
	}
	for left := h.size; left > 0; {
		n, err := w.Write(transportChunk[:min(int64(len(transportChunk)), left)])
		h.sent.Add(int64(n))
		if err != nil {
			return
		}
		left -= int64(n)
	}
	_, _ = io.WriteString(w, tail)
}

// TestTransportBodyCap answers a GET with a 2xx body far past the cap
// set with WithMaxResponseBytes, announced by its Content-Length or not.
// The call fails with an error matching facade.ErrMalformedResponse and
// facade.ErrResponseTooLarge that says the limit; it is not retried, and
// the Client stops reading soon after the cap.
func TestTransportBodyCap(t *testing.T) {
	const size = 64 << 20
	for _, withLength := range []bool{true, false} {
		t.Run("Content-Length="+strconv.FormatBool(withLength), func(t *testing.T) {
			id := "5f0c8a3b0000000000000001"
			huge := &transportHugeBody{id: id, size: size, contentLength: withLength}
			var requests atomic.Int32
			route := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				huge.ServeHTTP(w, r)
			})
			env := transportSetup(t, map[string]http.Handler{"GET /v1/contact/" + id: route},
				facade.WithMaxResponseBytes(transportCap))

			got, err := env.client.Contacts.Get(context.Background(), id)

			if got != nil {
				t.Errorf("Get returned a contact with a %d-byte email, want nil", len(*got.Email))
			}
			transportWantErrIs(t, err, "Get", facade.ErrMalformedResponse, facade.ErrResponseTooLarge)
			transportWantText(t, err, "Get", strconv.Itoa(transportCap))
			if n := requests.Load(); n != 1 {
				t.Errorf("requests = %d, want 1: a body past the cap is not retried", n)
			}
			// The kernel's socket buffers hold some of what was sent.
			if sent := huge.sent.Load(); sent >= size/2 {
				t.Errorf("the connection took %d bytes of the %d-byte body, want the Client to stop near the cap", sent, size)
			}
		})
	}
}

// TestTransportBodyAtCap answers with a body of exactly the cap: it is
// read and decoded.
func TestTransportBodyAtCap(t *testing.T) {
	id := "5f0c8a3b0000000000000001"
	head := `{"_id":"` + id + `","email":"`
	const tail = `@example.com"}`
	huge := &transportHugeBody{id: id, size: int64(transportCap - len(head) - len(tail)), contentLength: false}
	env := transportSetup(t, map[string]http.Handler{"GET /v1/contact/" + id: huge},
		facade.WithMaxResponseBytes(transportCap))

	got, err := env.client.Contacts.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("Get of a body of exactly the cap: %v", err)
	}
	if n := len(*got.Email); n != transportCap-len(head)-len(`"}`) {
		t.Errorf("email is %d bytes, want %d", n, transportCap-len(head)-len(`"}`))
	}
}
