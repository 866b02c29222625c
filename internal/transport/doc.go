// Package transport is the HTTP machinery of a facade Client: the two
// chains of [http.RoundTripper] layers that every API call and every
// token exchange go through, the per-call settings they obey, the retry
// policy's mechanics, bounded body reading and draining, redirect
// refusal and attempt logging. It knows operations (package optable) but
// nothing of services or models; package facade builds a [Config] from
// its options and declares every exported name users see.
//
// The chains, outermost first:
//
//	API calls:      call -> retry -> middleware -> attempt -> auth -> drain -> base
//	token exchange: user agent -> retry -> attempt -> drain -> base
package transport
