package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"

	"github.com/leadfox-go/leadfox/auth"
)

// attemptTransport is the attempt layer: it reads a 2xx body whole, up
// to a limit, before the attempt ends, so that a body cut or stalled
// while it streams fails the attempt (which the retry layer may retry)
// rather than the decoder, and it reports the end of the attempt's
// timeout (see retryTransport.newAttempt) as [ErrAttemptTimeout]. Any
// other body is left to stream, bounded by its reader; the attempt's
// timeout ends when it is closed.
type attemptTransport struct {
	next     http.RoundTripper
	maxBytes int64 // of a 2xx body
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err == nil {
		resp, err = t.buffer(resp)
	}
	if err != nil {
		return nil, attemptError(req.Context(), err)
	}
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
// saying err, if a bound of the attempt whose context is ctx ended it
// while the caller's context is still live: the attempt's own deadline
// (see attemptContext), or a timeout of the base transport such as its
// response header timeout. The caller must not mistake either for the
// end of its own deadline.
func attemptError(ctx context.Context, err error) error {
	call, bounded := ctx, context.Context(nil)
	if a := attemptFrom(ctx); a != nil {
		call = a.call
		if a.cancel != nil {
			bounded = a.Context
		}
	}
	if call.Err() != nil {
		return err
	}
	if bounded != nil && errors.Is(bounded.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w (%v)", ErrAttemptTimeout, attemptFrom(ctx).timeout)
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
