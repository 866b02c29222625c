package facade

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"
)

// ErrNetwork is matched by the error of a call that got no HTTP answer
// because of the network: the connection was refused, reset or cut
// short, the host name did not resolve, or an attempt timed out (see
// [WithAttemptTimeout]). It is not matched when the server answered (an
// [*APIError]), when the caller's context ended, nor when an argument was
// refused. The call may have reached the server: a write may have been
// made. Retries have already been spent when it is returned.
var ErrNetwork = errors.New("facade: network failure")

// markNetwork returns err, a call's transport error, matching ErrNetwork
// too if it is a network failure; its text is unchanged.
func markNetwork(err error) error {
	if !isNetworkFailure(err) {
		return err
	}
	return &networkError{err: err}
}

// isNetworkFailure reports whether err is a failure of the network to
// carry a request and its answer, not of the caller's context.
func isNetworkFailure(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return errors.Is(err, ErrAttemptTimeout)
	}
	var opErr *net.OpError
	var dnsErr *net.DNSError
	return errors.As(err, &opErr) || errors.As(err, &dnsErr) ||
		errors.Is(err, ErrAttemptTimeout) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED)
}

// networkError is a transport error that matches ErrNetwork.
type networkError struct{ err error }

func (e *networkError) Error() string   { return e.err.Error() }
func (e *networkError) Unwrap() []error { return []error{e.err, ErrNetwork} }
