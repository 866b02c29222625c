package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"unicode"
)

const (
	// maxBody bounds what is read of an answer from /v1/auth; a JWT is a
	// few hundred bytes.
	maxBody = 64 << 10

	// snippetLen bounds ExchangeError.Snippet.
	snippetLen = 128
)

// credentials is the body of POST /v1/auth.
type credentials struct {
	APIKey string `json:"apikey"`
	Secret string `json:"secret"`
}

// authResponse is the body of a 2xx answer from /v1/auth.
type authResponse struct {
	JWT      *string `json:"jwt"`
	Mode     string  `json:"mode"`
	Client   string  `json:"client"`
	ClientID string  `json:"clientid"`
}

var (
	errNoJWT       = errors.New("auth: response has no jwt")
	errNotJSON     = errors.New("auth: response is not a JSON object")
	errBodyTooLong = fmt.Errorf("auth: response is longer than %d bytes", maxBody)
)

// exchange posts the credentials and returns the token the API issued,
// ready to cache. Every error is an *ExchangeError.
func (s *Source) exchange(ctx context.Context) (*entry, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.timeout)
	defer cancel()
	resp, err := s.post(ctx)
	if err != nil {
		return nil, &ExchangeError{Err: err}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	_ = resp.Body.Close() // read as far as it will be
	if err != nil {
		return nil, &ExchangeError{StatusCode: resp.StatusCode, Err: err}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, s.statusError(resp.StatusCode, body)
	}
	e, err := s.accept(body)
	if err != nil {
		return nil, &ExchangeError{StatusCode: resp.StatusCode, Err: err}
	}
	return e, nil
}

// post sends the credentials to the exchange endpoint.
func (s *Source) post(ctx context.Context) (*http.Response, error) {
	body, err := json.Marshal(credentials{APIKey: s.apiKey, Secret: s.secret})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	return s.cfg.client.Do(req)
}

// accept decodes a 2xx body into a token ready to cache. Its errors say
// what was wrong and never quote the body, which may hold a token.
func (s *Source) accept(body []byte) (*entry, error) {
	if len(body) > maxBody {
		return nil, errBodyTooLong
	}
	var r authResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, decodeError(err)
	}
	if r.JWT == nil {
		return nil, errNoJWT
	}
	tok, err := ParseToken(*r.JWT)
	if err != nil {
		return nil, err
	}
	tok.Client, tok.ClientID, tok.Mode = r.Client, r.ClientID, r.Mode
	return s.newEntry(tok)
}

// decodeError names what json.Unmarshal found wrong without its text, which
// may quote a piece of the body.
func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return fmt.Errorf("auth: response field %q has the wrong type (JSON %s)", typeErr.Field, typeErr.Value)
	}
	return errNotJSON
}

// statusError reports a non-2xx answer.
func (s *Source) statusError(code int, body []byte) *ExchangeError {
	e := &ExchangeError{StatusCode: code, Snippet: s.snippet(body)}
	if code == http.StatusUnauthorized || code == http.StatusForbidden {
		e.Err = ErrInvalidCredentials
	}
	return e
}

// jwtPattern matches what looks like a JWT: a JSON header in base64url
// ("eyJ" is `{"`), then a payload and a signature.
var jwtPattern = regexp.MustCompile(`eyJ[\w-]*\.[\w-]*\.[\w-]*`)

// snippet returns the start of body on one line, for an error message,
// with the key and the secret cut out where they appear whole, since a
// server may echo what it was sent, and anything that looks like a JWT.
func (s *Source) snippet(body []byte) string {
	text := oneLine(strings.ToValidUTF8(string(body), ""))
	for _, secret := range s.secretForms() {
		text = strings.ReplaceAll(text, secret, "[redacted]")
	}
	text = jwtPattern.ReplaceAllLiteralString(text, "[redacted]")
	if len(text) <= snippetLen {
		return text
	}
	return strings.ToValidUTF8(text[:snippetLen], "") + "…"
}

// secretForms returns the key and the secret as a body may hold them:
// verbatim, or JSON-escaped with or without HTML escaping, each made one
// line as the body is.
func (s *Source) secretForms() []string {
	var forms []string
	for _, secret := range []string{s.apiKey, s.secret} {
		forms = append(forms, oneLine(secret))
		for _, escapeHTML := range []bool{true, false} {
			var b strings.Builder
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(escapeHTML)
			_ = enc.Encode(secret)
			quoted := strings.TrimSuffix(b.String(), "\n")
			forms = append(forms, oneLine(quoted[1:len(quoted)-1]))
		}
	}
	return forms
}

// oneLine replaces each control or non-printing character with a space.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return ' '
		}
		return r
	}, s)
}
