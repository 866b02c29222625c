// Package testsupport holds the helpers the module's tests share, one of
// each so that a fix lands once: JWT minting, a recording slog.Handler,
// the meaning of a JSON value (numbers as written), the end-of-suite
// scan of what a suite captured for credentials, and a package's types
// from its export data.
//
// It imports only the standard library, so every test package of the
// module, facade's and auth's internal tests included, can import it
// without a cycle. The manual clock of the tests is package clocktest.
package testsupport
