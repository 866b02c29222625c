package transport

import (
	"context"
	"net/http"
	"time"

	"github.com/leadfox-go/leadfox/clock"
	"github.com/leadfox-go/leadfox/internal/optable"
	"github.com/leadfox-go/leadfox/internal/redact"
)

// CallSettings are what the call options of one call set, as the chain
// reads them: package facade keeps them, with what only it reads, in the
// value it puts in the call's context with [WithSettings].
type CallSettings struct {
	Header http.Header // added to every attempt; nil if none
	// Timeout replaces the Client's attempt timeout if HasTimeout.
	Timeout    time.Duration
	HasTimeout bool
	// MaxAttempts replaces the Policy's if not 0.
	MaxAttempts int
}

// Settings is the value that carries a call's settings in its context.
type Settings interface {
	// CallSettings returns the settings the chain obeys.
	CallSettings() *CallSettings
}

type settingsKey struct{}

// WithSettings returns ctx carrying s for the calls made with it.
func WithSettings(ctx context.Context, s Settings) context.Context {
	return context.WithValue(ctx, settingsKey{}, s)
}

// SettingsFrom returns the settings in ctx, or nil.
func SettingsFrom(ctx context.Context) Settings {
	s, _ := ctx.Value(settingsKey{}).(Settings)
	return s
}

// settingsFrom returns the chain's part of the settings in ctx, or nil.
func settingsFrom(ctx context.Context) *CallSettings {
	if s := SettingsFrom(ctx); s != nil {
		return s.CallSettings()
	}
	return nil
}

type operationKey struct{}

// WithOperation returns ctx carrying op for the transport chain: a
// service method names the operation it sends, so that the chain need
// not find it from the request's method and path.
func WithOperation(ctx context.Context, op *optable.Operation) context.Context {
	return context.WithValue(ctx, operationKey{}, op)
}

// OperationFrom returns the operation in ctx, or nil.
func OperationFrom(ctx context.Context) *optable.Operation {
	if info, ok := ctx.Value(infoKey{}).(*RequestInfo); ok {
		return info.Op
	}
	op, _ := ctx.Value(operationKey{}).(*optable.Operation)
	return op
}

type infoKey struct{}

type attemptKey struct{}

// RequestInfo is what the call layer puts in a request's context. It is
// the context itself, over its parent, so that it costs one allocation.
type RequestInfo struct {
	context.Context
	Op       *optable.Operation // nil if unknown
	Resource string             // see optable.ResourceOf
	Clock    clock.Clock
	Redact   *redact.Redactor
}

// Value returns the RequestInfo itself for its key, and asks the parent
// for any other key.
func (c *RequestInfo) Value(key any) any {
	if key == (infoKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// InfoFrom returns the RequestInfo of the request whose context is ctx,
// and the number of its attempt (1 for the first; 0 above the retry
// layer); nil if ctx is not that of a request the API chain is sending.
func InfoFrom(ctx context.Context) (*RequestInfo, int) {
	info, ok := ctx.Value(infoKey{}).(*RequestInfo)
	if !ok {
		return nil, 0
	}
	if a := attemptFrom(ctx); a != nil {
		return info, a.n
	}
	return info, 0
}

// attemptContext is the context of one attempt, made by the retry
// layer: the call's context, or the attempt's deadline over it when a
// timeout applies, carrying the attempt's number.
type attemptContext struct {
	context.Context
	call    context.Context // the call's context, that of the retry layer's request
	n       int
	timeout time.Duration      // the attempt's bound; 0 for none
	cancel  context.CancelFunc // ends the deadline; nil when there is none
}

// Value returns the attemptContext itself for attemptKey, and asks the
// parent for any other key.
func (c *attemptContext) Value(key any) any {
	if key == (attemptKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// attemptFrom returns the attempt whose context, or a context derived
// from it, is ctx; nil if none.
func attemptFrom(ctx context.Context) *attemptContext {
	a, _ := ctx.Value(attemptKey{}).(*attemptContext)
	return a
}

// end ends the attempt's deadline, if it has one, once its outcome is
// in: at once after an error or a 2xx answer (whose body the attempt
// layer read within the deadline), and for any other answer when its
// body, which the caller reads later, is closed. It returns resp.
func (c *attemptContext) end(resp *http.Response, err error) *http.Response {
	if c.cancel == nil {
		return resp
	}
	if err != nil || resp == nil || resp.Body == nil || isSuccess(resp.StatusCode) {
		c.cancel()
		return resp
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: c.cancel}
	return resp
}

// callTransport is the outermost layer of the API chain: it puts the
// request's operation, resource id and the Client's clock in the context
// (for facade.OperationFrom, the retry layer's policy and facade.Decode),
// finding the operation from the method and path when the caller did
// not name it (a call through facade's Client.Raw), and sets the
// User-Agent and adds the headers of the call's settings, all in its one
// copy of the request.
type callTransport struct {
	next      http.RoundTripper
	userAgent []string // read-only: shared by every request's header
	basePath  string   // the base URL's path prefix, "" if none
	clock     clock.Clock
	redact    *redact.Redactor // of the Client, for Decode's errors
}

func (t *callTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	path := req.URL.EscapedPath()
	if len(path) >= len(t.basePath) && path[:len(t.basePath)] == t.basePath {
		path = path[len(t.basePath):]
	}
	info := &RequestInfo{Op: OperationFrom(ctx), Clock: t.clock, Redact: t.redact}
	if info.Op == nil {
		info.Op, info.Resource = optable.Match(req.Method, path)
	} else {
		info.Resource = optable.ResourceOf(info.Op, path)
	}
	info.Context = ctx
	r := req.WithContext(info)
	var extra http.Header
	if s := settingsFrom(ctx); s != nil {
		extra = s.Header
	}
	r.Header = withHeaders(req.Header, t.userAgent, extra)
	resp, err := t.next.RoundTrip(r)
	if resp != nil {
		// The request of the call, with its RequestInfo, for facade.Decode.
		resp.Request = r
	}
	if err != nil {
		return nil, &CallError{Op: info.Op.Name(), Settings: SettingsFrom(ctx), Redact: t.redact, Err: err}
	}
	return resp, nil
}

// CallError is the call layer's error: Err, with the name of the
// operation and the call settings for facade.Decode, which gets no
// response to read them from. It says and matches what Err does.
type CallError struct {
	Op       string
	Settings Settings // nil if none
	Redact   *redact.Redactor
	Err      error
}

func (e *CallError) Error() string { return e.Err.Error() }

func (e *CallError) Unwrap() error { return e.Err }
