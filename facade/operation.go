package facade

import (
	"context"
	"net/http"

	"github.com/leadfox-go/leadfox/internal/redact"
)

// retryClass says which failures of an operation may be sent again.
type retryClass uint8

const (
	// retryUnsafe is an operation that repeating may change twice: a POST
	// or a PATCH the spec does not mark x-idempotent. It is retried only
	// after a 429, which the server sent without acting.
	retryUnsafe retryClass = iota
	// retryIdempotent is an operation that has the same effect sent once
	// or twice: a GET, HEAD, PUT or DELETE, or an operation the effective
	// spec marks x-idempotent: true. It is also retried after a connection
	// error and a 408, 500, 502, 503 or 504.
	retryIdempotent
)

// operation is one API operation of the effective spec
// (api/openapi.effective.yaml), as the transport chain needs to know it.
// The service method that calls the operation puts it in the request's
// context.
type operation struct {
	id string // the operationId, pinned by api/overlay.yaml
	// retry is the operation's retry class. A test holds it to the
	// effective spec: retryIdempotent exactly for the HTTP methods above
	// and x-idempotent: true. When the vendor changes a method (a PUT
	// becomes a PATCH), that test fails until this entry is reviewed.
	retry retryClass
	// methods are the facade functions that send the operation, as
	// "Type.Method" or "Func". make spec-diff reads them from this file to
	// name the methods a spec change affects; a test checks that each one
	// exists and that every exported service method is listed.
	methods []string
}

// The operations the facade calls. Every one is in operations, and this
// table is the only map from operationId to facade method.
var (
	opAuthenticate          = &operation{id: "authenticate", retry: retryIdempotent, methods: []string{"New"}}
	opListCampaigns         = &operation{id: "listCampaigns", retry: retryIdempotent, methods: []string{"CampaignsService.List"}}
	opCreateCampaign        = &operation{id: "createCampaign", retry: retryUnsafe, methods: []string{"CampaignsService.Create"}}
	opGetCampaign           = &operation{id: "getCampaign", retry: retryIdempotent, methods: []string{"CampaignsService.Get", "CampaignsService.Update", "CampaignsService.Schedule", "CampaignsService.Send", "CampaignsService.Unschedule"}}
	opUpdateCampaign        = &operation{id: "updateCampaign", retry: retryIdempotent, methods: []string{"CampaignsService.Update", "CampaignsService.Schedule", "CampaignsService.Send", "CampaignsService.Unschedule"}}
	opListContacts          = &operation{id: "listContacts", retry: retryIdempotent, methods: []string{"ContactsService.List", "ContactsService.Count"}}
	opCreateContact         = &operation{id: "createContact", retry: retryUnsafe, methods: []string{"ContactsService.Create"}}
	opUpsertContact         = &operation{id: "upsertContact", retry: retryIdempotent, methods: []string{"ContactsService.Upsert", "ContactsService.UpsertMany"}}
	opGetContact            = &operation{id: "getContact", retry: retryIdempotent, methods: []string{"ContactsService.Get"}}
	opUpdateContact         = &operation{id: "updateContact", retry: retryIdempotent, methods: []string{"ContactsService.Update"}}
	opDeleteContact         = &operation{id: "deleteContact", retry: retryIdempotent, methods: []string{"ContactsService.Delete"}}
	opListEmails            = &operation{id: "listEmails", retry: retryIdempotent, methods: []string{"EmailsService.List"}}
	opCreateEmail           = &operation{id: "createEmail", retry: retryUnsafe, methods: []string{"EmailsService.Create"}}
	opGetEmail              = &operation{id: "getEmail", retry: retryIdempotent, methods: []string{"EmailsService.Get"}}
	opUpdateEmail           = &operation{id: "updateEmail", retry: retryIdempotent, methods: []string{"EmailsService.Update"}}
	opListFolders           = &operation{id: "listFolders", retry: retryIdempotent, methods: []string{"FoldersService.List"}}
	opCreateFolder          = &operation{id: "createFolder", retry: retryUnsafe, methods: []string{"FoldersService.Create"}}
	opUpdateFolder          = &operation{id: "updateFolder", retry: retryIdempotent, methods: []string{"FoldersService.Update"}}
	opListLists             = &operation{id: "listLists", retry: retryIdempotent, methods: []string{"ListsService.List"}}
	opCreateList            = &operation{id: "createList", retry: retryUnsafe, methods: []string{"ListsService.Create"}}
	opUpdateList            = &operation{id: "updateList", retry: retryIdempotent, methods: []string{"ListsService.Update"}}
	opListListContacts      = &operation{id: "listListContacts", retry: retryIdempotent, methods: []string{"ListsService.Contacts", "ListsService.CountContacts"}}
	opAddContactToList      = &operation{id: "addContactToList", retry: retryIdempotent, methods: []string{"ListsService.AddContact", "ListsService.AddContacts"}}
	opRemoveContactFromList = &operation{id: "removeContactFromList", retry: retryIdempotent, methods: []string{"ListsService.RemoveContact", "ListsService.RemoveContacts"}}
	opListMailingLists      = &operation{id: "listMailingLists", retry: retryIdempotent, methods: []string{"MailingListsService.List"}}
	opGetMetrics            = &operation{id: "getMetrics", retry: retryIdempotent, methods: []string{"MetricsService.Campaign", "MetricsService.Email"}}
	opListProperties        = &operation{id: "listProperties", retry: retryIdempotent, methods: []string{"PropertiesService.List"}}
	opCreateProperty        = &operation{id: "createProperty", retry: retryUnsafe, methods: []string{"PropertiesService.Create"}}
	opUpdateProperty        = &operation{id: "updateProperty", retry: retryIdempotent, methods: []string{"PropertiesService.Update"}}
)

// operations is every operation the SDK sends, keyed by operationId:
// authenticate, which the auth package sends through the facade's
// exchange client, and one per service method. A test holds it against
// the effective spec: the same operations, each of the retry class the
// spec implies.
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

// idempotentFor reports whether a request of op may be retried after a
// connection error or a 5xx. The operation's retry class decides; method,
// the request's HTTP method, decides only for a nil op (a request that
// carries no operation): GET, HEAD, PUT and DELETE are idempotent.
func (op *operation) idempotentFor(method string) bool {
	if op != nil {
		return op.retry == retryIdempotent
	}
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
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
