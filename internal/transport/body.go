package transport

import (
	"bytes"
	"errors"
	"io"
	"net/http"
)

// isSuccess reports whether status is 2xx.
func isSuccess(status int) bool { return status >= 200 && status <= 299 }

// bufferedBody is a 2xx body that the attempt layer read whole within its
// attempt: the hand-off from the transport chain to the decoder, which
// takes the bytes with [SuccessBody] instead of reading them again.
type bufferedBody struct {
	bytes.Reader
	data []byte
}

// newBufferedBody returns a body that reads data.
func newBufferedBody(data []byte) *bufferedBody {
	b := &bufferedBody{data: data}
	b.Reset(data)
	return b
}

// Close does nothing: the connection's body is already closed.
func (*bufferedBody) Close() error { return nil }

// SuccessBody returns the bytes of a 2xx body: those the attempt layer
// buffered, without a copy, if nothing has read from body yet; otherwise
// (a body that a layer above the attempt layer replaced) the rest of
// body, read up to limit.
func SuccessBody(body io.Reader, limit int64) ([]byte, error) {
	if b, ok := body.(*bufferedBody); ok && b.Len() == len(b.data) {
		return b.data, nil
	}
	return readBody(body, -1, limit)
}

// maxPrealloc bounds the buffer allocated up front from a Content-Length,
// which the server, not the SDK, chooses.
const maxPrealloc = 8 << 20

// readBody reads r to its end, failing with an error matching
// [ErrResponseTooLarge] as soon as it is longer than limit, or announced
// so by n, its Content-Length (-1 if unknown). It allocates once when n
// is known, right and at most maxPrealloc: one spare byte of capacity
// detects, without another buffer, a body longer than announced. Memory
// never exceeds about twice limit.
func readBody(r io.Reader, n, limit int64) ([]byte, error) {
	if n > limit {
		return nil, &tooLargeError{limit: limit, announced: n}
	}
	if n < 0 || n > maxPrealloc {
		return readLimited(r, nil, limit)
	}
	b := make([]byte, n, n+1)
	if _, err := io.ReadFull(r, b); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch _, err := io.ReadFull(r, b[n:n+1]); {
	case errors.Is(err, io.EOF):
		return b, nil
	case err != nil:
		return nil, err
	}
	return readLimited(r, b[:n+1], limit)
}

// readLimited appends the rest of r to b, failing once the whole is
// longer than limit.
func readLimited(r io.Reader, b []byte, limit int64) ([]byte, error) {
	if int64(len(b)) > limit {
		return nil, &tooLargeError{limit: limit, announced: -1}
	}
	rest, err := io.ReadAll(io.LimitReader(r, limit-int64(len(b))+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)+len(rest)) > limit {
		return nil, &tooLargeError{limit: limit, announced: -1}
	}
	if b == nil {
		return rest, nil
	}
	return append(b, rest...), nil
}

// maxDrain bounds how much of a discarded body is read so that its
// connection can be reused: an error body at most this long is read to
// its end, a longer one costs its connection.
const maxDrain = 64 << 10

// DrainClose drains (boundedly) and closes body. A body the attempt
// layer buffered has nothing to drain: it is only closed.
func DrainClose(body io.ReadCloser) {
	if _, ok := body.(*bufferedBody); !ok {
		drain(body)
	}
	_ = body.Close()
}

// drain reads and discards at most maxDrain bytes of r.
func drain(r io.Reader) {
	_, _ = io.CopyN(io.Discard, r, maxDrain)
}

// drainTransport is the layer just above the base transport. It makes
// the body of every answer other than 2xx read itself to its end when it
// is closed with at most maxDrain bytes left (or an unknown length, read
// up to maxDrain), so that the connection goes back to the pool: the auth
// layer's replay after a 401, the retry layer's next attempt and the
// facade's error path all close such bodies after a partial read. 2xx
// bodies are left alone: the attempt layer reads them whole.
type drainTransport struct {
	next http.RoundTripper
}

func (t *drainTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || isSuccess(resp.StatusCode) || resp.Body == nil || resp.Body == http.NoBody {
		return resp, err
	}
	resp.Body = &drainOnClose{ReadCloser: resp.Body, left: resp.ContentLength}
	return resp, nil
}

// drainOnClose is a body that drains what is left of it, if little, on
// Close.
type drainOnClose struct {
	io.ReadCloser
	left int64 // bytes not yet read; -1 if unknown
}

func (b *drainOnClose) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if b.left >= 0 {
		b.left = max(b.left-int64(n), 0)
	}
	return n, err
}

func (b *drainOnClose) Close() error {
	if b.left <= maxDrain {
		drain(b.ReadCloser)
	}
	return b.ReadCloser.Close()
}
