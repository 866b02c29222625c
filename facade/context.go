package facade

import "context"

// errNilContext is the error of a call given a nil context.
func errNilContext() error {
	return invalidArg("ctx", "is nil: pass context.Background() or the context of the work")
}

// contextOrError returns ctx, or, if ctx is nil, a context whose call
// settings hold the error of a nil context, which the call then returns
// before any request, as it does an invalid call option's.
func contextOrError(ctx context.Context) context.Context {
	if ctx != nil {
		return ctx
	}
	return withCallOptions(context.Background(), []CallOption{func(*callSettings) error { return errNilContext() }})
}
