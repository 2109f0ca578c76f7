package rollouttest

import (
	"context"
	"sync"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// Metrics answers each query with the sample set for its metric: the double
// for runner.MetricSource. A metric with nothing set has no data
// (observe.Empty), and a cancelled context is a query error sample, as a
// real source reports it.
type Metrics struct {
	mu      sync.Mutex
	samples map[string]observe.Sample
	queries []observe.Query
	log     *journal
}

var _ runner.MetricSource = (*Metrics)(nil)

// NewMetrics returns a source answering with the given values by metric
// name.
func NewMetrics(values map[string]float64) *Metrics { return newMetrics(values, &journal{}) }

func newMetrics(values map[string]float64, log *journal) *Metrics {
	m := &Metrics{samples: map[string]observe.Sample{}, log: log}
	for name, v := range values {
		m.samples[name] = observe.Value(v)
	}
	return m
}

// Set makes the metric answer v.
func (m *Metrics) Set(metric string, v float64) { m.SetSample(metric, observe.Value(v)) }

// SetSample makes the metric answer s: observe.Empty() for no data,
// observe.Failure(err) for a failed query.
func (m *Metrics) SetSample(metric string, s observe.Sample) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.samples[metric] = s
}

// Queries returns every query received, in order.
func (m *Metrics) Queries() []observe.Query {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]observe.Query(nil), m.queries...)
}

// Calls returns the source's port calls in order.
func (m *Metrics) Calls() Calls { return m.log.snapshot("Metrics") }

// Query implements runner.MetricSource.
func (m *Metrics) Query(ctx context.Context, q observe.Query) observe.Sample {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.queries = append(m.queries, q)
	m.log.add(OpQuery, q.Metric, nil)
	if err := ctx.Err(); err != nil {
		return observe.Failure(err)
	}
	s, ok := m.samples[q.Metric]
	if !ok {
		return observe.Empty()
	}
	return s
}
