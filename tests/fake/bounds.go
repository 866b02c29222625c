package fake

import (
	"fmt"
	"net/http"
)

// Bounds of what a Server holds for one request, so that no client, with
// or without a token, can make it grow without bound.
const (
	// MaxRequestBody is the largest request body a Server reads, with or
	// without validation ([WithValidation]), POST /v1/auth included: a
	// longer one is answered 413 without being read further.
	MaxRequestBody = 8 << 20

	// MaxLoggedBytes bounds the request log in bytes (the paths and
	// queries of its entries, and a small overhead each): past it, the
	// oldest entries are dropped, as past [MaxLoggedRequests].
	MaxLoggedBytes = 16 << 20

	// MaxLoggedPath is the longest path logged for a request that fails
	// the token check; such a request is logged as a summary, without
	// its query (see [Request.Unauthenticated]).
	MaxLoggedPath = 256
)

// limitBody answers 413 to a request whose declared length exceeds
// MaxRequestBody, and keeps every handler after it from reading more
// than that of any body.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > MaxRequestBody {
			writeError(w, http.StatusRequestEntityTooLarge,
				fmt.Sprintf("request body of %d bytes: the limit is %d", r.ContentLength, MaxRequestBody))
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, MaxRequestBody)
		}
		next.ServeHTTP(w, r)
	})
}
