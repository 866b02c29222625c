// Package adversarial holds the hostile-server suite of the SDK: each test
// starts an httptest server (or the fake behind a hostile handler) that
// behaves as real servers sometimes do — ignoring skip, redirecting
// writes, stalling, sending unbounded bodies, echoing secrets in other
// encodings, disagreeing with the local clock — and checks that the
// facade loses nothing, repeats nothing, grows without bound nowhere and
// leaks no credential.
//
// Every test here was written first against the code before the behaviour
// it checks, and failed there. goleak checks the package.
//
// The package has tests only; this file makes the directory a package.
package adversarial
