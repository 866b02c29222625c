package facade

import (
	"errors"
	"net/http"

	"github.com/leadfox-go/leadfox/generated/client"
	"github.com/leadfox-go/leadfox/internal/redact"
	"github.com/leadfox-go/leadfox/internal/transport"
)

// RawClient is the generated client of every operation of openapi.yaml,
// one method per operationId, each returning the raw *http.Response.
// [Client.Raw] returns the Client's own. It is the generated
// [client.Client], whose methods it has, except that each method with a
// path parameter first refuses, with an error matching
// [ErrInvalidArgument] and before any request, a value that would take
// the request out of the operation's path: "", "." or ".." (the
// generated client resolves dot segments, so that
// RemoveContactFromList(ctx, "..", id) would be sent as
// DELETE /v1/contact/{id}). Every other value is escaped into its one
// segment by the generated client.
type RawClient struct {
	*client.Client
}

// checkPathParam returns an error matching ErrInvalidArgument if v, a
// path parameter, would not stay one segment of the path: "", "." or
// "..", the only values that the generated client's escaping leaves as
// an empty or dot segment.
func checkPathParam(name, v string) error {
	switch v {
	case "", ".", "..":
		return invalidArg(name, "%q would leave its path segment", v)
	}
	return nil
}

// RequestEditorFn edits a request of a [RawClient] before it is sent,
// such as to add a header; [WithHeader] through [CallContext] does the
// same with validation.
type RequestEditorFn = client.RequestEditorFn

// The values of [MetricsElementType].
const (
	// MetricsElementCampaign asks for the metrics of a campaign.
	MetricsElementCampaign MetricsElementType = "campaign"
	// MetricsElementTarget asks for the metrics of an email design.
	MetricsElementTarget MetricsElementType = "target"
)

// Raw returns the generated client that the services call, wired to the
// Client's whole transport chain: the call layer, User-Agent, retries
// per operation, [Middleware], the attempt timeout and body limit, and
// auth. It is the way a wrapper reaches an operation before the facade
// shapes it (no input validation, filter rendering or campaign-type
// guard): pass its answer to [Decode] or [DecodeNoContent] to get a
// typed value or the facade's errors.
//
// Each request's operation is found from its method and path, so that
// retries follow the operation's policy and [OperationFrom] names it;
// call options go in the context with [CallContext]. The returned client
// is shared and safe for concurrent use; it must not be changed.
func (c *Client) Raw() *RawClient { return c.raw }

// Decode returns the value a response of [Client.Raw] carries, with the
// rules of the service methods: the transport's error (with the URL's
// query removed) if err is not nil; an [*APIError] for a status outside
// 2xx; an error matching [ErrMalformedResponse] for a 2xx body that does
// not decode as one JSON T. Errors name the operation. The body is
// always drained and closed. A [WithResponseInto] in the context of the
// call (see [CallContext]) is filled.
//
// Pass the two results of a Raw call: Decode[facade.Contact](resp, err).
func Decode[T any](resp *http.Response, err error) (*T, error) {
	if resp != nil {
		defer transport.DrainClose(resp.Body)
	}
	v := new(T)
	opName, settings, clock, red := rawCall(resp, err)
	err = handleResponse(settings, opName, clock, red, DefaultMaxResponseBytes, resp, err, func(body []byte, status int) error {
		if err := decodeJSONBytes(body, v); err != nil {
			return &malformedError{op: opName, status: status, err: err}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// DecodeNoContent is [Decode] for an operation whose 2xx body carries
// nothing the caller needs: the body is discarded.
func DecodeNoContent(resp *http.Response, err error) error {
	if resp != nil {
		defer transport.DrainClose(resp.Body)
	}
	opName, settings, clock, red := rawCall(resp, err)
	return handleResponse(settings, opName, clock, red, DefaultMaxResponseBytes, resp, err, nil)
}

// rawCall returns the operation name, call settings, clock and redactor
// of the call that resp answers, from the context the call layer gave its
// request, or those that err, the call's error, carries. A 2xx body of
// the chain is already buffered within the Client's limit;
// DefaultMaxResponseBytes bounds any other.
func rawCall(resp *http.Response, err error) (string, *callSettings, Clock, *redact.Redactor) {
	var clock Clock = SystemClock{}
	if resp == nil || resp.Request == nil {
		if ce, ok := errors.AsType[*transport.CallError](err); ok && ce.Op != "" {
			settings, _ := ce.Settings.(*callSettings)
			return ce.Op, settings, clock, ce.Redact
		}
		return "raw call", nil, clock, nil
	}
	ctx := resp.Request.Context()
	name := "raw call"
	var red *redact.Redactor
	if info, _ := transport.InfoFrom(ctx); info != nil {
		clock, red = info.Clock, info.Redact
		if info.Op != nil {
			name = info.Op.ID
		}
	}
	return name, callSettingsFrom(ctx), clock, red
}
