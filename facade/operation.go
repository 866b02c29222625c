package facade

import (
	"context"

	"github.com/leadfox-go/leadfox/internal/transport"
)

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

// OperationFrom returns the [Operation] of the request whose context is
// ctx, and reports whether ctx is that of a request the Client's API
// chain is sending: the context of the request a [Middleware], or the
// base transport, receives. It is the zero Operation and false for any
// other context, such as the one passed to a service method.
func OperationFrom(ctx context.Context) (Operation, bool) {
	info, n := transport.InfoFrom(ctx)
	if info == nil {
		return Operation{}, false
	}
	return Operation{ID: info.Op.Name(), ResourceID: info.Resource, Attempt: n}, true
}
