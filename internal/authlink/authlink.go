// Package authlink carries what package facade hands package auth and no
// importer outside this module may: the redactor that a token source
// shares with the Client that wraps it. It declares the hook; package
// auth sets it when it is initialised, so that auth's exported API names
// no internal type.
package authlink

import "github.com/leadfox-go/leadfox/internal/redact"

// WithRedactor returns an auth.Option (typed any: this package cannot
// import auth) that makes a Source share r: the Source adds its key and
// secret to r and rotates each token it gets into it, so that the
// facade's errors and logs lose the same secrets as the Source's. r must
// not be nil. Package auth sets it.
var WithRedactor func(r *redact.Redactor) any
