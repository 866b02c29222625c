// Package auth exchanges a Leadfox API key and secret for a JWT, caches it,
// and attaches it to every API request.
//
// A [Source] makes the exchange (POST /v1/auth), caches the token and
// refreshes it shortly before the expiry written in its exp claim. A
// [Transport] is the http.RoundTripper that sets "Authorization: JWT <token>"
// on every attempt and, when the API answers 401, replays the request once
// with a token of a later generation than the one refused (one exchange
// per revoked token, however many requests it rejected):
//
//	src, err := auth.NewSource(apiKey, secret)
//	if err != nil {
//		return err
//	}
//	client := &http.Client{Transport: &auth.Transport{Source: src}}
//
// The vendor's API reference documents the exchange and the header. It
// does not document the token lifetime and offers no refresh endpoint, so
// this package reads exp from the JWT payload without verifying the
// signature (the server does that) and otherwise relies on the 401 answer.
//
// # Secrets
//
// The key, the secret and the JWT never appear in an error string or in
// any fmt verb of a value this package returns: [Token] and [Source]
// redact them, and an [ExchangeError]'s snippet and cause lose the key,
// the secret and the current and previous tokens in any encoding a
// server may echo them in, and anything shaped like a JWT.
// [Token.Value] is the only way to read the JWT. Nothing in this package
// logs.
//
// # Time
//
// A token's lifetime is read on the server's clock, from its iat claim or
// the Date of the exchange's answer, and counted from the local time it
// was received: see [Token.Expiry]. A rejected key or secret makes the
// [Source] back off before it exchanges again: see [RejectionBackoff].
//
// The exchange must not go through a [Transport] (it would need a token to
// get one) and its request body holds the credentials: whatever client
// [WithHTTPClient] supplies must not log request bodies.
package auth
