package auth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/leadfox-go/leadfox/internal/redact"
)

// Scheme is the authorization scheme Leadfox expects: every API request
// carries the header "Authorization: JWT <token>", the word JWT, one space,
// the token. It is not "Bearer".
const Scheme = "JWT"

// A TokenSource supplies the token for API requests.
//
// Token must be safe for concurrent use by multiple goroutines. It returns a
// Token holding a JWT, or an error; it should return ctx.Err() promptly
// once ctx is done. The returned Token must not be modified.
type TokenSource interface {
	Token(ctx context.Context) (*Token, error)
}

// A Token is a JWT issued by POST /v1/auth, with what the response said
// about it.
//
// A Token returned by a TokenSource may be shared by many goroutines: it must
// not be modified. Every fmt verb, String and GoString redact the JWT, so a
// Token is safe to print and log; [Token.Value] is the only way to read the
// JWT. The zero Token holds no JWT; [ParseToken] makes one that does.
type Token struct {
	// Expiry is when the JWT expires. [ParseToken] reads it from the exp
	// claim, on the server's clock. A [Source] puts it on the local
	// clock: the token's lifetime on the server's clock (exp minus iat,
	// or exp minus the Date of the answer, the shorter if both are known,
	// or exp minus the local time if neither is) counted from the local
	// time the token was received, so that a local clock hours off the
	// server's neither rejects good tokens nor keeps dead ones. The zero
	// time means the expiry is unknown: the token is used until the API
	// rejects it with 401.
	Expiry time.Time

	// Client is the name of the Leadfox Client (tenant) the API key
	// belongs to.
	Client string

	// ClientID is the id of that Client.
	ClientID string

	// Mode is the authentication mode reported by the API ("apikey" in the
	// vendor's example).
	Mode string

	// header is the Authorization header value, Scheme + " " + JWT, built
	// once so that a request does no token work beyond reading it; a
	// Secret, so that no printer reaches it, even through a struct that
	// holds a Token in an unexported field.
	header redact.Secret
}

// ParseToken returns a Token holding jwt, with Expiry read from the exp
// claim of its payload. The signature is not verified: the API does that.
// The other fields are left empty for the caller to fill.
//
// A token of three dot-separated parts is a JWT: its payload must be
// base64url-encoded JSON, and exp, if present, a number of seconds since
// 1970 no later than year 9999. A token without any dot is accepted as
// opaque, with an unknown expiry, so that a change of token format on the
// server side degrades to refreshing on 401 rather than failing. A token
// with some other number of dots, or a JWT whose payload does not decode,
// is damaged rather than opaque, and is an error. So is an empty token, and
// one holding a byte that may not appear in an HTTP header.
//
// The errors never quote the token.
func ParseToken(jwt string) (*Token, error) {
	tok, _, err := parseToken(jwt)
	return tok, err
}

// parseToken is ParseToken that also returns the iat claim, or the zero
// time.
func parseToken(jwt string) (*Token, time.Time, error) {
	if jwt == "" {
		return nil, time.Time{}, errEmptyJWT
	}
	if !isHeaderToken(jwt) {
		return nil, time.Time{}, errJWTBytes
	}
	exp, iat, err := claims(jwt)
	if err != nil {
		return nil, time.Time{}, err
	}
	return &Token{header: redact.NewSecret(Scheme + " " + jwt), Expiry: exp}, iat, nil
}

// Value returns the raw JWT, or "" for a nil or zero Token. It is a
// credential: never log it.
func (t *Token) Value() string {
	if t == nil {
		return ""
	}
	h := t.header.Reveal()
	if h == "" {
		return ""
	}
	return h[len(Scheme)+1:]
}

// String describes t with its JWT redacted.
func (t Token) String() string {
	return fmt.Sprintf("{jwt:%s Expiry:%s Client:%s ClientID:%s Mode:%s}",
		redacted(t.header.Reveal()), t.expiryText(), t.Client, t.ClientID, t.Mode)
}

// GoString describes t in Go syntax, with its JWT redacted.
func (t Token) GoString() string {
	return fmt.Sprintf("auth.Token{jwt:%q, Expiry:%#v, Client:%q, ClientID:%q, Mode:%q}",
		redacted(t.header.Reveal()), t.Expiry, t.Client, t.ClientID, t.Mode)
}

// Format implements fmt.Formatter so that no verb, %x included, can print
// the JWT: %#v prints GoString, every other verb formats String. The
// formatting methods have value receivers so that a copy of a Token is
// redacted too.
func (t Token) Format(f fmt.State, verb rune) {
	format(f, verb, t.String(), t.GoString())
}

func (t Token) expiryText() string {
	if t.Expiry.IsZero() {
		return "unknown"
	}
	return t.Expiry.UTC().Format(time.RFC3339)
}

// redacted stands in for a secret in printed values: it tells whether there
// is one, never what it is.
func redacted(secret string) string {
	if secret == "" {
		return "[empty]"
	}
	return "[redacted]"
}

// format writes str, or goStr for %#v, under the verb and flags of f. It is
// the Format method of every type here that holds a secret.
func format(f fmt.State, verb rune, str, goStr string) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, goStr)
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), str)
}

// isHeaderToken reports whether s is made of printable ASCII without
// spaces, so that it fits in a header value after "JWT ".
func isHeaderToken(s string) bool {
	for i := range len(s) {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

var (
	errEmptyJWT = errors.New("auth: empty jwt")
	errJWTBytes = errors.New("auth: jwt holds a byte not allowed in an HTTP header")
)
