package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/internal/jsonobj"
)

// MaxResponseBytes bounds what is read of an answer from /v1/auth (a JWT
// is a few hundred bytes): a longer answer fails the exchange. An
// http.Client given to [WithHTTPClient] should buffer no more than this.
const MaxResponseBytes = 64 << 10

const (
	maxBody = MaxResponseBytes

	// snippetLen bounds ExchangeError.Snippet.
	snippetLen = 128
)

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
		return nil, &ExchangeError{Err: s.red.Error(err)}
	}
	received := s.cfg.now()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	_ = resp.Body.Close() // read as far as it will be
	if err != nil {
		return nil, &ExchangeError{StatusCode: resp.StatusCode, Err: s.red.Error(err)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, s.statusError(resp.StatusCode, body)
	}
	serverNow, _ := http.ParseTime(resp.Header.Get("Date")) // zero if absent or malformed
	e, err := s.accept(body, received, serverNow)
	if err != nil {
		return nil, &ExchangeError{StatusCode: resp.StatusCode, Err: err}
	}
	return e, nil
}

// post sends the credentials to the exchange endpoint.
func (s *Source) post(ctx context.Context) (*http.Response, error) {
	body, err := json.Marshal(generated.AuthenticateJSONRequestBody{APIKey: s.apiKey.Reveal(), Secret: s.secret.Reveal()})
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

// accept decodes a 2xx body, received at the local time received with
// the server's Date serverNow (zero if unknown), into a token ready to
// cache. Its errors say what was wrong and never quote the body, which
// may hold a token.
func (s *Source) accept(body []byte, received, serverNow time.Time) (*entry, error) {
	if len(body) > maxBody {
		return nil, errBodyTooLong
	}
	var r generated.Auth
	if err := r.UnmarshalJSON(body); err != nil {
		return nil, decodeError(err)
	}
	if r.JWT == nil {
		return nil, errNoJWT
	}
	tok, issued, err := parseToken(*r.JWT)
	if err != nil {
		return nil, err
	}
	tok.Client, tok.ClientID, tok.Mode = r.GetClient(), r.GetClientID(), r.GetMode()
	return s.newEntry(tok, received, issued, serverNow)
}

// decodeError names what json.Unmarshal found wrong without its text, which
// may quote a piece of the body.
func decodeError(err error) error {
	var fieldErr *jsonobj.FieldError
	var typeErr *jsonobj.TypeError
	if errors.As(err, &fieldErr) && errors.As(err, &typeErr) {
		return fmt.Errorf("auth: response field %q has the wrong type (JSON %s)", fieldErr.Field, typeErr.Got)
	}
	return errNotJSON
}

// statusError reports a non-2xx answer.
func (s *Source) statusError(code int, body []byte) *ExchangeError {
	e := &ExchangeError{StatusCode: code, Snippet: s.red.Line(string(body), snippetLen)}
	if code == http.StatusUnauthorized || code == http.StatusForbidden {
		e.Err = ErrInvalidCredentials
	}
	return e
}
