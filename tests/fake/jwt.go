package fake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// authPath is the one path that needs no token (with method POST).
const authPath = "/v1/auth"

// Reasons a token is refused; each is the message of a 401.
var (
	errNoToken      = errors.New("missing Authorization header")
	errScheme       = errors.New(`authorization scheme must be "JWT"`)
	errMalformed    = errors.New("malformed token")
	errBadSignature = errors.New("token signature does not verify")
	errExpired      = errors.New("token expired")
	errRevoked      = errors.New("token revoked")
)

// jwtHeader is the JOSE header of every token, base64url-encoded once.
var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

// claims is the payload of an issued token. ID (jti) is a per-server
// sequence number, which is how ExpireTokens revokes every earlier token.
type claims struct {
	Subject  string `json:"sub"`
	IssuedAt int64  `json:"iat"`
	Expires  int64  `json:"exp"`
	ID       string `json:"jti"`
}

// tokenIssuer issues and verifies HS256 JWTs signed with a random key of
// its own. It is safe for concurrent use.
type tokenIssuer struct {
	key      []byte
	lifetime time.Duration
	now      func() time.Time
	subject  string

	mu        sync.Mutex
	last      uint64 // jti of the last token issued
	revoked   uint64 // tokens with a jti up to this one are refused
	exchanges int    // successful exchanges
}

func newTokenIssuer(lifetime time.Duration, now func() time.Time, subject string) *tokenIssuer {
	return &tokenIssuer{key: randomBytes(32), lifetime: lifetime, now: now, subject: subject}
}

// issue returns a new signed token and counts the exchange.
func (ti *tokenIssuer) issue() string {
	ti.mu.Lock()
	ti.last++
	ti.exchanges++
	id := ti.last
	ti.mu.Unlock()

	now := ti.now()
	payload, _ := json.Marshal(claims{
		Subject:  ti.subject,
		IssuedAt: now.Unix(),
		Expires:  now.Add(ti.lifetime).Unix(),
		ID:       strconv.FormatUint(id, 10),
	})
	signed := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	return signed + "." + base64.RawURLEncoding.EncodeToString(ti.sign(signed))
}

func (ti *tokenIssuer) sign(s string) []byte {
	mac := hmac.New(sha256.New, ti.key)
	mac.Write([]byte(s))
	return mac.Sum(nil)
}

// check verifies an Authorization header value: "JWT <token>" with a
// token this issuer signed, not expired and not revoked.
func (ti *tokenIssuer) check(authorization string) error {
	if authorization == "" {
		return errNoToken
	}
	token, ok := strings.CutPrefix(authorization, "JWT ")
	if !ok {
		return errScheme
	}
	c, err := ti.verify(token)
	if err != nil {
		return err
	}
	if !ti.now().Before(time.Unix(c.Expires, 0)) {
		return errExpired
	}
	id, err := strconv.ParseUint(c.ID, 10, 64)
	if err != nil {
		return errMalformed
	}
	ti.mu.Lock()
	defer ti.mu.Unlock()
	if id <= ti.revoked {
		return errRevoked
	}
	return nil
}

// verify checks the token's shape, algorithm and signature and returns
// its claims.
func (ti *tokenIssuer) verify(token string) (claims, error) {
	header, rest, ok1 := strings.Cut(token, ".")
	payload, sig, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || header != jwtHeader {
		return claims{}, errMalformed
	}
	gotSig, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil {
		return claims{}, errMalformed
	}
	if !hmac.Equal(gotSig, ti.sign(header+"."+payload)) {
		return claims{}, errBadSignature
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return claims{}, errMalformed
	}
	var c claims
	if err := json.Unmarshal(raw, &c); err != nil {
		return claims{}, errMalformed
	}
	return c, nil
}

// revokeAll refuses every token issued so far.
func (ti *tokenIssuer) revokeAll() {
	ti.mu.Lock()
	defer ti.mu.Unlock()
	ti.revoked = ti.last
}

func (ti *tokenIssuer) exchangeCount() int {
	ti.mu.Lock()
	defer ti.mu.Unlock()
	return ti.exchanges
}

// credentialsMatch reports whether apiKey and secret are the Server's,
// in constant time.
func (s *Server) credentialsMatch(apiKey, secret string) bool {
	keyOK := hmac.Equal([]byte(apiKey), []byte(s.cfg.apiKey))
	secretOK := hmac.Equal([]byte(secret), []byte(s.cfg.secret))
	return keyOK && secretOK
}

// requireJWT answers 401 to every request but POST /v1/auth that does not
// carry "Authorization: JWT <token>" with a valid token.
func (s *Server) requireJWT(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.authError(r); err != nil {
			w.Header().Set("WWW-Authenticate", "JWT")
			writeError(w, http.StatusUnauthorized, err.Error())
			return
		}
		next.ServeHTTP(w, r)
	})
}

// authCheckKey is the context key of the outcome of a request's token
// check, made once by the request log and read by requireJWT.
type authCheckKey struct{}

// authError returns why r fails the token check, or nil if it passes or
// is POST /v1/auth, which needs no token.
func (s *Server) authError(r *http.Request) error {
	if err, ok := r.Context().Value(authCheckKey{}).(*error); ok {
		return *err
	}
	if r.Method == http.MethodPost && r.URL.Path == authPath {
		return nil
	}
	return s.tokens.check(r.Header.Get("Authorization"))
}

// AuthCount returns the number of successful POST /v1/auth exchanges so
// far.
func (s *Server) AuthCount() int { return s.tokens.exchangeCount() }

// ExpireTokens revokes every token issued so far: the next request that
// carries one gets 401 ("token revoked"), as if it had expired. Tokens
// issued afterwards are valid.
func (s *Server) ExpireTokens() { s.tokens.revokeAll() }
