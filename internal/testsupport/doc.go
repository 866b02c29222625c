// Package testsupport holds the helpers the module's tests share: JWT
// minting and a recording slog.Handler, one of each, so that a fix lands
// once.
//
// It imports only the standard library, so every test package of the
// module, facade's and auth's internal tests included, can import it
// without a cycle. The manual clock of the tests is package clocktest.
package testsupport
