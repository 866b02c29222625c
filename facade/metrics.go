package facade

import (
	"context"
	"net/http"
	"time"

	"github.com/leadfox-go/leadfox/generated"
	"github.com/leadfox-go/leadfox/internal/optable"

	"github.com/leadfox-go/leadfox/generated/client"
)

// MetricsService reads the delivery and engagement counters of campaigns
// and email designs. Get it from [Client.Metrics]; it is safe for concurrent
// use.
type MetricsService service

// MetricsOptions narrows a metrics query of [MetricsService.Campaign] or
// [MetricsService.Email]. The zero value, like nil, asks
// for every row over all time.
type MetricsOptions struct {
	// Compile, if true, asks the API to add the rows up into totals.
	Compile bool
	// Start, if not zero, counts events from this instant on.
	Start time.Time
	// End, if not zero, counts events up to this instant. It must not be
	// before Start.
	End time.Time
}

// Campaign returns the metrics of the campaign id: one row per email
// variant, or one row of totals if opts asks to compile them. A nil opts
// is the zero [MetricsOptions]. An invalid id, or an End before Start, is
// an error matching [ErrInvalidArgument], returned before any request.
func (s *MetricsService) Campaign(ctx context.Context, id string, opts *MetricsOptions, callOpts ...CallOption) ([]Metrics, error) {
	ctx = withCallOptions(ctx, callOpts)
	return s.get(ctx, MetricsElementCampaign, id, opts)
}

// Email returns the metrics of the email design id: one row per campaign
// that sends it, or one row of totals if opts asks to compile them. opts
// and the errors are those of [MetricsService.Campaign].
func (s *MetricsService) Email(ctx context.Context, id string, opts *MetricsOptions, callOpts ...CallOption) ([]Metrics, error) {
	ctx = withCallOptions(ctx, callOpts)
	return s.get(ctx, MetricsElementTarget, id, opts)
}

func (s *MetricsService) get(ctx context.Context, kind MetricsElementType, id string, opts *MetricsOptions) ([]Metrics, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	params, err := opts.params()
	if err != nil {
		return nil, err
	}
	rows, err := do[client.GetMetricsResponse](ctx, s.client, optable.GetMetrics, func(ctx context.Context) (*http.Response, error) {
		return s.client.api.GetMetrics(ctx, kind, id, params)
	})
	if err != nil {
		return nil, err
	}
	return *rows, nil
}

// params returns the query parameters of o, or nil for none.
func (o *MetricsOptions) params() (*generated.GetMetricsParams, error) {
	if o == nil {
		return nil, nil
	}
	if !o.Start.IsZero() && !o.End.IsZero() && o.End.Before(o.Start) {
		return nil, invalidArg("MetricsOptions.End", "%v is before Start %v", o.End, o.Start)
	}
	var p generated.GetMetricsParams
	if o.Compile {
		p.Compile = Ptr(true)
	}
	if !o.Start.IsZero() {
		p.StartDate = Ptr(o.Start.UTC())
	}
	if !o.End.IsZero() {
		p.EndDate = Ptr(o.End.UTC())
	}
	return &p, nil
}
