package facade

import (
	"context"
	"net/http"

	"github.com/leadfox-go/leadfox/internal/optable"
)

// doCreate is the body of a service's Create: it applies the call options,
// refuses a nil body (naming it arg) and one that check rejects, and
// sends *body with call, decoding the 200 body of the generated response
// type R. check and call must not keep body.
func doCreate[R responseOf[T], T, B any](ctx context.Context, c *Client, op *optable.Operation, arg string, body *B,
	check func(*B) error, call func(context.Context, B) (*http.Response, error), opts []CallOption) (*T, error) {
	ctx = withCallOptions(ctx, opts)
	if err := notNil(arg, body); err != nil {
		return nil, err
	}
	if err := check(body); err != nil {
		return nil, err
	}
	return do[R](ctx, c, op, func(ctx context.Context) (*http.Response, error) {
		return call(ctx, *body)
	})
}

// doUpdate is the body of a service's Update of the resource id, as doCreate
// is of Create: it refuses an id that is not an ObjectId, a nil update and
// one that check rejects, before any request.
func doUpdate[R responseOf[T], T, B any](ctx context.Context, c *Client, op *optable.Operation, id string, body *B,
	check func(*B) error, call func(context.Context, string, B) (*http.Response, error), opts []CallOption) (*T, error) {
	ctx = withCallOptions(ctx, opts)
	if err := firstError(checkID("id", id), notNil("update", body)); err != nil {
		return nil, err
	}
	if err := check(body); err != nil {
		return nil, err
	}
	return do[R](ctx, c, op, func(ctx context.Context) (*http.Response, error) {
		return call(ctx, id, *body)
	})
}
