package prometheus

import (
	"context"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/api"
	promv1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"

	"github.com/fleetkit/fleetkit/observe"
)

// Querier is the part of the client_golang v1.API a Source uses; v1.API
// satisfies it.
type Querier interface {
	Query(ctx context.Context, query string, ts time.Time, opts ...promv1.Option) (model.Value, promv1.Warnings, promv1.Infos, error)
}

// Source runs metric queries against one Prometheus-compatible endpoint. It
// is safe for concurrent use.
type Source struct {
	api  Querier
	opts Options
}

// New returns a Source over api.
func New(api Querier, opts Options) (*Source, error) {
	if api == nil {
		return nil, &ValidationError{Field: "api", Reason: "is nil"}
	}
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Source{api: api, opts: o}, nil
}

// NewForAddress returns a Source over the HTTP API at address (for example
// http://prometheus.istio-system:9090 or a Thanos Query URL). Non-zero
// opts.Thanos parameters are added to every request.
func NewForAddress(address string, opts Options) (*Source, error) {
	c, err := newClient(address, opts.Thanos)
	if err != nil {
		return nil, err
	}
	return New(promv1.NewAPI(c), opts)
}

// newClient returns the HTTP client for address, with Thanos' parameters
// when th has any.
func newClient(address string, th ThanosOptions) (api.Client, error) {
	if address == "" {
		return nil, &ValidationError{Field: "address", Reason: "is required"}
	}
	c, err := api.NewClient(api.Config{Address: address})
	if err != nil {
		return nil, &ValidationError{Field: "address", Reason: err.Error()}
	}
	if th.IsZero() {
		return c, nil
	}
	return NewThanosClient(c, th)
}

// Query runs q.Expr as an instant query; it implements rollout's
// MetricSource. The answer becomes a value, NoData for an empty vector or
// NaN, or a QueryError sample for anything else (q.Cluster is ignored: a
// Source is one endpoint; see Fleet).
func (s *Source) Query(ctx context.Context, q observe.Query) observe.Sample {
	return s.run(ctx, q.Expr)
}

// Sample renders t with vars and runs it like Query.
func (s *Source) Sample(ctx context.Context, t observe.Template, vars observe.Variables) observe.Sample {
	q, err := t.Render(vars)
	if err != nil {
		return observe.Failure(fmt.Errorf("prometheus: %w", err))
	}
	return s.run(ctx, q)
}

func (s *Source) run(ctx context.Context, expr string) observe.Sample {
	v, err := s.Do(ctx, expr)
	if err != nil {
		return observe.Failure(err)
	}
	return observe.Value(v) // NaN becomes NoData
}

// QueryWithWarnings is Query with the server's warnings, which a rollout
// runner reports in its tick (they are never only logged).
func (s *Source) QueryWithWarnings(ctx context.Context, q observe.Query) (observe.Sample, []string) {
	f, warnings, err := s.do(ctx, q.Expr)
	if err != nil {
		return observe.Failure(err), warnings
	}
	return observe.Value(f), warnings
}

// Do runs one instant query and returns its single value. An empty vector
// returns NaN and no error; a failure returns a *QueryError, and so does a
// Thanos answer that says a store failed while answering (partial
// response): the value, or the empty answer, lacks that store's series.
// Warnings go to Options.Logger; Eval and QueryWithWarnings return them.
func (s *Source) Do(ctx context.Context, query string) (float64, error) {
	f, _, err := s.do(ctx, query)
	return f, err
}

func (s *Source) do(ctx context.Context, query string) (float64, []string, error) {
	val, warnings, err := s.Eval(ctx, query)
	if err != nil {
		return 0, warnings, err
	}
	if w, ok := storeFailureIn(warnings); ok {
		return 0, warnings, &QueryError{Query: query, Err: fmt.Errorf("%w: %s", ErrPartial, w)}
	}
	f, err := single(val)
	if err != nil {
		return 0, warnings, &QueryError{Query: query, Err: err}
	}
	return f, warnings, nil
}

// Eval runs one instant query and returns the whole answer with the
// server's warnings (also logged to Options.Logger). A failure returns a
// *QueryError; an error answer of the server is a *promv1.Error with the
// errorType and message of its body, whatever its HTTP status (a timeout
// is promv1.ErrTimeout, not a bare "server error: 503").
func (s *Source) Eval(ctx context.Context, query string) (model.Value, []string, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	var ts time.Time
	if s.opts.Now != nil {
		ts = s.opts.Now()
	}
	val, warnings, _, err := s.api.Query(ctx, query, ts, promv1.WithTimeout(s.opts.Timeout))
	if len(warnings) > 0 {
		s.opts.Logger.Info("prometheus warnings", "query", query, "warnings", []string(warnings))
	}
	if err != nil {
		return nil, warnings, &QueryError{Query: query, Err: withServerCause(err)}
	}
	return val, warnings, nil
}
