package facade

import (
	"context"
	"net/http"

	"github.com/leadfox-go/leadfox/internal/redact"
)

// operation is one API operation of openapi.yaml, as the transport chain
// needs to know it. The service method that calls the operation puts it in
// the request's context.
type operation struct {
	id string // the operationId
	// idempotent marks a POST that the spec tags x-idempotent: true, which
	// may be retried like a PUT.
	idempotent bool
	// repeatable marks a POST that the spec does not tag but that changes
	// nothing on the server, so it is retried like a GET: the auth
	// exchange, whose repetition only issues another token.
	repeatable bool
}

// The operations the facade calls. Every one is in operations.
var (
	opAuthenticate          = &operation{id: "authenticate", repeatable: true}
	opListCampaigns         = &operation{id: "listCampaigns"}
	opCreateCampaign        = &operation{id: "createCampaign"}
	opGetCampaign           = &operation{id: "getCampaign"}
	opUpdateCampaign        = &operation{id: "updateCampaign"}
	opListContacts          = &operation{id: "listContacts"}
	opCreateContact         = &operation{id: "createContact"}
	opUpsertContact         = &operation{id: "upsertContact", idempotent: true}
	opGetContact            = &operation{id: "getContact"}
	opUpdateContact         = &operation{id: "updateContact"}
	opDeleteContact         = &operation{id: "deleteContact"}
	opListEmails            = &operation{id: "listEmails"}
	opCreateEmail           = &operation{id: "createEmail"}
	opGetEmail              = &operation{id: "getEmail"}
	opUpdateEmail           = &operation{id: "updateEmail"}
	opListFolders           = &operation{id: "listFolders"}
	opCreateFolder          = &operation{id: "createFolder"}
	opUpdateFolder          = &operation{id: "updateFolder"}
	opListLists             = &operation{id: "listLists"}
	opCreateList            = &operation{id: "createList"}
	opUpdateList            = &operation{id: "updateList"}
	opListListContacts      = &operation{id: "listListContacts"}
	opAddContactToList      = &operation{id: "addContactToList", idempotent: true}
	opRemoveContactFromList = &operation{id: "removeContactFromList"}
	opListMailingLists      = &operation{id: "listMailingLists"}
	opGetMetrics            = &operation{id: "getMetrics"}
	opListProperties        = &operation{id: "listProperties"}
	opCreateProperty        = &operation{id: "createProperty"}
	opUpdateProperty        = &operation{id: "updateProperty"}
)

// operations is every operation the SDK sends, keyed by operationId:
// authenticate, which the auth package sends through the facade's
// exchange client, and one per service method.
// A test holds it against openapi.yaml: the same operations, and
// idempotent exactly where the spec says x-idempotent: true.
var operations = index(
	opAuthenticate,
	opListCampaigns, opCreateCampaign, opGetCampaign, opUpdateCampaign,
	opListContacts, opCreateContact, opUpsertContact, opGetContact, opUpdateContact, opDeleteContact,
	opListEmails, opCreateEmail, opGetEmail, opUpdateEmail,
	opListFolders, opCreateFolder, opUpdateFolder,
	opListLists, opCreateList, opUpdateList,
	opListListContacts, opAddContactToList, opRemoveContactFromList,
	opListMailingLists, opGetMetrics,
	opListProperties, opCreateProperty, opUpdateProperty,
)

func index(ops ...*operation) map[string]*operation {
	m := make(map[string]*operation, len(ops))
	for _, op := range ops {
		m[op.id] = op
	}
	return m
}

// idempotentFor reports whether a request of op with the given method may
// be retried after a connection error or a 5xx: GET, HEAD, PUT and DELETE
// always, a POST only if op is marked idempotent or repeatable. op may be
// nil, for a
// request that carries no operation.
func (op *operation) idempotentFor(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete:
		return true
	}
	return op != nil && (op.idempotent || op.repeatable)
}

// name returns the operationId, or "" for a nil op.
func (op *operation) name() string {
	if op == nil {
		return ""
	}
	return op.id
}

type operationKey struct{}

// withOperation returns ctx carrying op for the transport chain.
func withOperation(ctx context.Context, op *operation) context.Context {
	return context.WithValue(ctx, operationKey{}, op)
}

// operationFrom returns the operation in ctx, or nil.
func operationFrom(ctx context.Context) *operation {
	op, _ := ctx.Value(operationKey{}).(*operation)
	return op
}

// Operation is what the transport chain knows of the request in whose
// context it is found: see [OperationFrom].
type Operation struct {
	// ID is the operationId of openapi.yaml, such as "getContact". It is
	// "" for a request the SDK cannot map to an operation.
	ID string
	// ResourceID is the value of the last path parameter of the
	// operation (the id of the resource it acts on: the contact of
	// getContact and of addContactToList, the list of listListContacts,
	// the element of getMetrics), unescaped. It is "" for an operation
	// without path parameters, such as listContacts.
	ResourceID string
	// Attempt is the number of the attempt, 1 for the first, in a
	// [Middleware]; 0 above the retry layer, where no attempt has
	// started yet.
	Attempt int
}

type requestInfoKey struct{}

type attemptKey struct{}

// requestInfo is what the call layer puts in a request's context. It is
// the context itself, over its parent, so that it costs one allocation.
type requestInfo struct {
	context.Context
	op       *operation // nil if unknown
	resource string
	clock    Clock
	redact   *redact.Redactor
}

// Value returns the requestInfo itself for requestInfoKey, and asks the
// parent for any other key.
func (c *requestInfo) Value(key any) any {
	if key == (requestInfoKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// attemptContext is the context of one attempt, carrying its number.
type attemptContext struct {
	context.Context
	n int
}

// Value returns the attempt number for attemptKey, and asks the parent
// for any other key.
func (c *attemptContext) Value(key any) any {
	if key == (attemptKey{}) {
		return c.n
	}
	return c.Context.Value(key)
}

// OperationFrom returns the [Operation] of the request whose context is
// ctx, and reports whether ctx is that of a request the Client's API
// chain is sending: the context of the request a [Middleware], or the
// base transport, receives. It is the zero Operation and false for any
// other context, such as the one passed to a service method.
func OperationFrom(ctx context.Context) (Operation, bool) {
	info, ok := ctx.Value(requestInfoKey{}).(*requestInfo)
	if !ok {
		return Operation{}, false
	}
	n, _ := ctx.Value(attemptKey{}).(int)
	return Operation{ID: info.op.name(), ResourceID: info.resource, Attempt: n}, true
}

// withAttempt returns ctx carrying attempt number n.
func withAttempt(ctx context.Context, n int) context.Context {
	return &attemptContext{Context: ctx, n: n}
}
