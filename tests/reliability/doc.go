// Package reliability holds the fault-injection suite of the facade: it
// drives a facade.Client against the fake Leadfox server (package
// tests/fake) while the server answers 429 and 5xx bursts, drops
// connections, answers late or never, sends truncated, HTML, empty or
// huge bodies, and revokes or expires the JWT in the middle of a long
// iteration, from one goroutine and from 64 sharing one Client.
//
// Every case must end in success with the right value, or in a typed,
// documented error: an *facade.APIError matching its sentinel, a context
// error, a transport error wrapped by the facade, or the documented error
// of a 2xx body that does not decode. Never a panic, a hang past the
// caller's deadline, a leaked goroutine (goleak checks the package), or a
// silently wrong result. TestMain also scans every error and log record
// the suite produced for the API key, the secret and any JWT.
//
// The package has tests only; this file makes the directory a package.
package reliability
