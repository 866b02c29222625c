package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/leadfox-go/leadfox/auth"
)

// attemptTransport is the attempt layer: it sends one attempt within its
// own timeout and reads a 2xx body whole, up to a limit, before the
// attempt ends, so that a body cut or stalled while it streams fails the
// attempt (which the retry layer may retry) rather than the decoder. Any
// other body is left to stream, bounded by its reader; its attempt
// timeout ends when it is closed.
type attemptTransport struct {
	next     http.RoundTripper
	timeout  time.Duration // 0 means none
	maxBytes int64         // of a 2xx body
	// perCall makes a request's call settings (their Timeout) count.
	perCall bool
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	timeout := t.timeout
	if s := settingsFrom(req.Context()); t.perCall && s != nil && s.HasTimeout {
		timeout = s.Timeout
	}
	if timeout <= 0 {
		resp, err := t.next.RoundTrip(req)
		if err != nil {
			return nil, attemptError(req.Context(), nil, 0, err)
		}
		return t.buffer(resp)
	}
	ctx, cancel := context.WithTimeout(req.Context(), timeout)
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err == nil && isSuccess(resp.StatusCode) {
		resp, err = t.buffer(resp)
	}
	if err != nil {
		cancel()
		return nil, attemptError(req.Context(), ctx, timeout, err)
	}
	if isSuccess(resp.StatusCode) {
		cancel()
		return resp, nil
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// buffer reads the body of a 2xx response into memory, up to maxBytes,
// and closes the connection's body. Any other response is returned as is.
func (t *attemptTransport) buffer(resp *http.Response) (*http.Response, error) {
	if !isSuccess(resp.StatusCode) {
		return resp, nil
	}
	b, err := readBody(resp.Body, resp.ContentLength, t.maxBytes)
	_ = resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read %d response body: %w", resp.StatusCode, err)
	}
	resp.Body = newBufferedBody(b)
	resp.ContentLength = int64(len(b))
	return resp, nil
}

// attemptError returns err, or an error matching ErrAttemptTimeout, and
// saying err, if a bound of the attempt ended it while the caller's context is
// still live: the attempt's own deadline (attempt, nil if none), or a
// timeout of the base transport such as its response header timeout. The
// caller must not mistake either for the end of its own deadline.
func attemptError(parent, attempt context.Context, timeout time.Duration, err error) error {
	if parent.Err() != nil {
		return err
	}
	if attempt != nil && errors.Is(attempt.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w (%v)", ErrAttemptTimeout, timeout)
	}
	var netErr net.Error
	var exchange *auth.ExchangeError
	if errors.As(err, &netErr) && netErr.Timeout() && !errors.As(err, &exchange) {
		// Its text only: net/http's timeout error matches context.DeadlineExceeded.
		return fmt.Errorf("%w: %s", ErrAttemptTimeout, err.Error())
	}
	return err
}

// cancelOnClose ends an attempt's context when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
