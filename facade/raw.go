package facade

import (
	"errors"
	"net/http"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/generated/client"
	"github.com/leadfox-go/leadfox/internal/redact"
)

// RequestEditorFn edits a request of a [RawClient] before it is sent,
// such as to add a header; [WithHeader] through [CallContext] does the
// same with validation.
type RequestEditorFn = client.RequestEditorFn

// The parameter types of the [RawClient] methods, so that a wrapper
// calling an operation through [Client.Raw] never imports package
// generated. The List*Params hold the collection query ([ListOptions]
// renders the same parameters, validated): Filters, Sort and Fields as
// the API's query strings (see package query), Skip and Limit.
type (
	// ListCampaignsParams are the query parameters of RawClient.ListCampaigns.
	//
	// Fields, from the spec:
	//   - Filters (filters): Conditions `path op value`, with one space either
	//     side of the operator. Operators: `=`, `!=`, `>`, `>=`, `<`, `<=`,
	//     `exists`. `,` joins conditions with AND, `|` separates values with
	//     OR, `.` walks into nested objects and arrays of objects.
	//     Case-sensitive. There is no escape for `,` or `|` inside a value.
	//   - Sort (sort): Comma-separated fields; a `-` prefix sorts that field
	//     descending.
	//   - Fields (fields): Comma-separated fields to return; `_id` and
	//     `_owner` always are.
	//   - Skip (skip): How many records to skip.
	//   - Limit (limit): Page size. No maximum is documented.
	ListCampaignsParams = generated.ListCampaignsParams
	// ListContactsParams are the query parameters of RawClient.ListContacts.
	//
	// Fields, from the spec:
	//   - Filters (filters): Conditions `path op value`, with one space either
	//     side of the operator. Operators: `=`, `!=`, `>`, `>=`, `<`, `<=`,
	//     `exists`. `,` joins conditions with AND, `|` separates values with
	//     OR, `.` walks into nested objects and arrays of objects.
	//     Case-sensitive. There is no escape for `,` or `|` inside a value.
	//   - Sort (sort): Comma-separated fields; a `-` prefix sorts that field
	//     descending.
	//   - Fields (fields): Comma-separated fields to return; `_id` and
	//     `_owner` always are.
	//   - Skip (skip): How many records to skip.
	//   - Limit (limit): Page size. No maximum is documented.
	ListContactsParams = generated.ListContactsParams
	// ListEmailsParams are the query parameters of RawClient.ListEmails.
	//
	// Fields, from the spec:
	//   - Filters (filters): Conditions `path op value`, with one space either
	//     side of the operator. Operators: `=`, `!=`, `>`, `>=`, `<`, `<=`,
	//     `exists`. `,` joins conditions with AND, `|` separates values with
	//     OR, `.` walks into nested objects and arrays of objects.
	//     Case-sensitive. There is no escape for `,` or `|` inside a value.
	//   - Sort (sort): Comma-separated fields; a `-` prefix sorts that field
	//     descending.
	//   - Fields (fields): Comma-separated fields to return; `_id` and
	//     `_owner` always are.
	//   - Skip (skip): How many records to skip.
	//   - Limit (limit): Page size. No maximum is documented.
	ListEmailsParams = generated.ListEmailsParams
	// ListFoldersParams are the query parameters of RawClient.ListFolders.
	//
	// Fields, from the spec:
	//   - Filters (filters): Conditions `path op value`, with one space either
	//     side of the operator. Operators: `=`, `!=`, `>`, `>=`, `<`, `<=`,
	//     `exists`. `,` joins conditions with AND, `|` separates values with
	//     OR, `.` walks into nested objects and arrays of objects.
	//     Case-sensitive. There is no escape for `,` or `|` inside a value.
	//   - Sort (sort): Comma-separated fields; a `-` prefix sorts that field
	//     descending.
	//   - Fields (fields): Comma-separated fields to return; `_id` and
	//     `_owner` always are.
	//   - Skip (skip): How many records to skip.
	//   - Limit (limit): Page size. No maximum is documented.
	ListFoldersParams = generated.ListFoldersParams
	// ListListsParams are the query parameters of RawClient.ListLists.
	//
	// Fields, from the spec:
	//   - Filters (filters): Conditions `path op value`, with one space either
	//     side of the operator. Operators: `=`, `!=`, `>`, `>=`, `<`, `<=`,
	//     `exists`. `,` joins conditions with AND, `|` separates values with
	//     OR, `.` walks into nested objects and arrays of objects.
	//     Case-sensitive. There is no escape for `,` or `|` inside a value.
	//   - Sort (sort): Comma-separated fields; a `-` prefix sorts that field
	//     descending.
	//   - Fields (fields): Comma-separated fields to return; `_id` and
	//     `_owner` always are.
	//   - Skip (skip): How many records to skip.
	//   - Limit (limit): Page size. No maximum is documented.
	ListListsParams = generated.ListListsParams
	// ListListContactsParams are the query parameters of
	// RawClient.ListListContacts, the contacts of one list.
	//
	// Fields, from the spec:
	//   - Filters (filters): Conditions `path op value`, with one space either
	//     side of the operator. Operators: `=`, `!=`, `>`, `>=`, `<`, `<=`,
	//     `exists`. `,` joins conditions with AND, `|` separates values with
	//     OR, `.` walks into nested objects and arrays of objects.
	//     Case-sensitive. There is no escape for `,` or `|` inside a value.
	//   - Sort (sort): Comma-separated fields; a `-` prefix sorts that field
	//     descending.
	//   - Fields (fields): Comma-separated fields to return; `_id` and
	//     `_owner` always are.
	//   - Skip (skip): How many records to skip.
	//   - Limit (limit): Page size. No maximum is documented.
	ListListContactsParams = generated.ListListContactsParams
	// ListMailingListsParams are the query parameters of
	// RawClient.ListMailingLists.
	//
	// Fields, from the spec:
	//   - Filters (filters): Conditions `path op value`, with one space either
	//     side of the operator. Operators: `=`, `!=`, `>`, `>=`, `<`, `<=`,
	//     `exists`. `,` joins conditions with AND, `|` separates values with
	//     OR, `.` walks into nested objects and arrays of objects.
	//     Case-sensitive. There is no escape for `,` or `|` inside a value.
	//   - Sort (sort): Comma-separated fields; a `-` prefix sorts that field
	//     descending.
	//   - Fields (fields): Comma-separated fields to return; `_id` and
	//     `_owner` always are.
	//   - Skip (skip): How many records to skip.
	//   - Limit (limit): Page size. No maximum is documented.
	ListMailingListsParams = generated.ListMailingListsParams
	// ListPropertiesParams are the query parameters of
	// RawClient.ListProperties.
	//
	// Fields, from the spec:
	//   - Filters (filters): Conditions `path op value`, with one space either
	//     side of the operator. Operators: `=`, `!=`, `>`, `>=`, `<`, `<=`,
	//     `exists`. `,` joins conditions with AND, `|` separates values with
	//     OR, `.` walks into nested objects and arrays of objects.
	//     Case-sensitive. There is no escape for `,` or `|` inside a value.
	//   - Sort (sort): Comma-separated fields; a `-` prefix sorts that field
	//     descending.
	//   - Fields (fields): Comma-separated fields to return; `_id` and
	//     `_owner` always are.
	//   - Skip (skip): How many records to skip.
	//   - Limit (limit): Page size. No maximum is documented.
	ListPropertiesParams = generated.ListPropertiesParams
	// GetMetricsParams are the query parameters of RawClient.GetMetrics:
	// the period counted (StartDate, EndDate) and whether rows are
	// compiled into totals (Compile); [MetricsOptions] builds them,
	// validated.
	//
	// Fields, from the spec:
	//   - Compile (compile): Aggregate the rows into totals.
	//   - StartDate (startdate): Count events from this instant on.
	//   - EndDate (enddate): Count events up to this instant.
	GetMetricsParams = generated.GetMetricsParams
	// MetricsElementType says what RawClient.GetMetrics counts for:
	// [MetricsElementCampaign] or [MetricsElementTarget] (an email
	// design).
	MetricsElementType = generated.MetricsElementType
	// AuthRequest is the body of RawClient.Authenticate, the exchange of
	// an API key and a user secret for a JWT; the Client's auth does it
	// for every call, so a wrapper rarely needs it.
	//
	// Fields, from the spec:
	//   - APIKey (apikey): The Client's API key.
	//   - Secret (secret): A user's secret, which carries that user's role in
	//     the Client.
	AuthRequest = generated.AuthRequest
)

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
		defer func() {
			drain(resp.Body)
			_ = resp.Body.Close()
		}()
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
		defer func() {
			drain(resp.Body)
			_ = resp.Body.Close()
		}()
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
		var oe *opError
		if errors.As(err, &oe) && oe.op != "" {
			return oe.op, oe.settings, clock, oe.redact
		}
		return "raw call", nil, clock, nil
	}
	ctx := resp.Request.Context()
	name := "raw call"
	var red *redact.Redactor
	if info, ok := ctx.Value(requestInfoKey{}).(*requestInfo); ok {
		clock, red = info.clock, info.redact
		if info.op != nil {
			name = info.op.id
		}
	}
	return name, callSettingsFrom(ctx), clock, red
}
