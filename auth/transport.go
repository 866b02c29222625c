package auth

import (
	"context"
	"errors"
	"io"
	"net/http"
)

// An Invalidator drops a token the API rejected, so that the next call to
// its Token method returns another one. [Transport] replays a request
// rejected with 401 only if its Source is an Invalidator; [*Source] is one.
type Invalidator interface {
	Invalidate(rejected *Token)
}

// A Renewer is a TokenSource that replaces a token the API rejected with
// one of a later generation: the token that already replaced it if there
// is one, or else the token of a new exchange. [Transport] prefers it to
// [Invalidator]; [*Source] is one.
//
// Renew must be safe for concurrent use, and should make at most one
// exchange per rejected generation, however many requests were rejected
// with it.
type Renewer interface {
	Renew(ctx context.Context, rejected *Token) (*Token, error)
}

// Transport is an http.RoundTripper that authenticates each request with a
// token from Source, sending it in "Authorization: JWT <token>".
//
// Every call to RoundTrip asks Source for the token, so that each attempt of
// a retrying layer above carries a fresh one, and sets it on a copy of the
// request: the caller's request is not modified. When the API answers 401,
// RoundTrip gets a token of a later generation, from [Renewer.Renew] if
// Source is a Renewer, or else by invalidating the rejected token and
// asking for another if Source is an [Invalidator], and sends the request
// once more, never more than once. A token that replaced the rejected one
// before the 401 is used as it is, even if the same revocation killed it
// too: its own 401 then reaches the caller, and the next request it
// rejects gets it renewed. A request is replayed only if its body can be
// rewound (it has none, or GetBody is set). The answer to the replay is
// returned as it is, a second 401 included, so the 401 *http.Response
// reaches the caller with its body intact; the facade turns it into its
// own error, matching facade.ErrUnauthorized. A 401 to a request that is
// not replayed is returned as it is too. A 401 means the request was not
// processed, so the replay is safe for any method.
//
// RoundTrip returns an error only when Base does, when Source is nil, or
// when Source gives no token (for instance an [*ExchangeError], or
// ctx.Err()); the request body is closed on every path, as
// http.RoundTripper requires.
// The Request of a returned Response is the caller's request, not the copy
// that holds the token.
//
// A Transport is safe for concurrent use if Source and Base are. Its fields
// must not change once it is in use.
type Transport struct {
	// Source supplies the token for each attempt. If nil, RoundTrip
	// returns an error.
	Source TokenSource

	// Base sends the authenticated requests. If nil, http.DefaultTransport
	// is used.
	Base http.RoundTripper
}

var (
	errNoSource = errors.New("auth: Transport.Source is nil")
	errNoToken  = errors.New("auth: token source returned no token")
)

// RoundTrip sends req with a token, as described on [Transport].
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	tok, err := t.token(req)
	if err != nil {
		closeBody(req.Body)
		return nil, err
	}
	resp, err := t.send(req, req.Body, tok)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	return t.replay(req, tok, resp)
}

// CloseIdleConnections closes the idle connections of Base, if it has such
// a method, as http.Client.CloseIdleConnections expects of a transport.
func (t *Transport) CloseIdleConnections() {
	if c, ok := t.base().(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// token gets the token for one attempt of req.
func (t *Transport) token(req *http.Request) (*Token, error) {
	if t.Source == nil {
		return nil, errNoSource
	}
	tok, err := t.Source.Token(req.Context())
	if err != nil {
		return nil, err
	}
	if tok.Value() == "" {
		return nil, errNoToken
	}
	return tok, nil
}

// send sends a copy of req with body and tok's Authorization header.
func (t *Transport) send(req *http.Request, body io.ReadCloser, tok *Token) (*http.Response, error) {
	out := *req
	out.Body = body
	out.Header = req.Header.Clone()
	if out.Header == nil {
		out.Header = make(http.Header, 1)
	}
	out.Header["Authorization"] = []string{tok.header.Reveal()}
	resp, err := t.base().RoundTrip(&out)
	if resp != nil {
		resp.Request = req
	}
	return resp, err
}

// replay handles resp, a 401 to req sent with rejected: it sends req once
// more with a new token if it can, and otherwise returns resp.
func (t *Transport) replay(req *http.Request, rejected *Token, resp *http.Response) (*http.Response, error) {
	renewer, renews := t.Source.(Renewer)
	inv, invalidates := t.Source.(Invalidator)
	if !renews && !invalidates {
		return resp, nil
	}
	body, ok := rewind(req)
	if !ok {
		if invalidates {
			inv.Invalidate(rejected)
		}
		return resp, nil
	}
	discard(resp)
	var tok *Token
	var err error
	if renews {
		tok, err = renewer.Renew(req.Context(), rejected)
		if err == nil && tok.Value() == "" {
			err = errNoToken
		}
	} else {
		inv.Invalidate(rejected)
		tok, err = t.token(req)
	}
	if err != nil {
		closeBody(body)
		return nil, err
	}
	return t.send(req, body, tok)
}

func (t *Transport) base() http.RoundTripper {
	if t.Base != nil {
		return t.Base
	}
	return http.DefaultTransport
}

// rewind returns a fresh copy of req's body to send again, and whether
// there is one.
func rewind(req *http.Request) (io.ReadCloser, bool) {
	if req.Body == nil || req.Body == http.NoBody {
		return req.Body, true
	}
	if req.GetBody == nil {
		return nil, false
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, false
	}
	return body, true
}

// discard reads a little of resp's body, so that its connection can be
// reused, and closes it.
func discard(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	_ = resp.Body.Close()
}

func closeBody(body io.ReadCloser) {
	if body != nil {
		_ = body.Close()
	}
}
