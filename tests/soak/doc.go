// Package soak holds the SDK's soak test and the 1 GiB body measurement,
// which run only with the soak build tag (make soak), not in make test:
// many goroutines share one Client against the fake server on loopback,
// with faults and token revocations, for a bounded time (SOAK_DURATION,
// 60 s by default), and the report says operations, errors by kind,
// connections opened per 1,000 requests, goroutines and heap before and
// after. Command bigbody, run by the test as a subprocess, measures the
// peak RSS of a 1 GiB 2xx body under the default options.
//
// The package has tests only; this file makes the directory a package.
package soak
