package transport

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"syscall"
	"testing"
)

// Errors another attempt would meet again are final; a connection reset
// is still retried.
func TestRetryableErrorRefusesWhatCannotHeal(t *testing.T) {
	urlErr := func(err error) error {
		return &url.Error{Op: "Get", URL: "https://api.leadfox.test/v1/contact", Err: err}
	}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"unknown authority", urlErr(x509.UnknownAuthorityError{}), false},
		{"host name mismatch", urlErr(x509.HostnameError{Host: "api.leadfox.test", Certificate: &x509.Certificate{}}), false},
		{"expired certificate", urlErr(x509.CertificateInvalidError{Reason: x509.Expired}), false},
		{"unknown host", urlErr(&net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "api.leadfox.test", IsNotFound: true}}), false},
		{"unsupported scheme", urlErr(errors.New(`unsupported protocol scheme "ftp"`)), false},
		{"DNS timeout", urlErr(&net.DNSError{Err: "i/o timeout", Name: "api.leadfox.test", IsTimeout: true}), true},
		{"connection reset", urlErr(fmt.Errorf("read: %w", syscall.ECONNRESET)), true},
	} {
		if got := retryableError(tc.err); got != tc.want {
			t.Errorf("%s: retryableError(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}
