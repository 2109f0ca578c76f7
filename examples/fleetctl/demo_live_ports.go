package main

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
)

// The in-memory ports of the live demo, for what is not pointed at a real endpoint.

// demoWorkload is a primary/canary pair that is always ready at the revision set.
type demoWorkload struct {
	mu       sync.Mutex
	revision string
}

func (d *demoWorkload) set(rev string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.revision = rev
}

func (d *demoWorkload) Observe(context.Context) (runner.WorkloadState, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return runner.WorkloadState{Revision: d.revision, Primary: rollout.Ready, Canary: rollout.Ready}, nil
}

func (d *demoWorkload) ScaleCanary(context.Context, bool) error { return nil }

// PromoteSpec promotes rev only while the canary is at rev, as the port demands.
func (d *demoWorkload) PromoteSpec(_ context.Context, rev string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if rev != d.revision {
		return fmt.Errorf("demo: promote %s: the canary is at %s: %w", rev, d.revision, runner.ErrRevisionChanged)
	}
	return nil
}

// memoryRouter keeps the routes it was given.
type memoryRouter struct {
	mu     sync.Mutex
	routes traffic.Split
}

func (m *memoryRouter) GetRoutes(context.Context) (traffic.Split, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.routes, nil
}

func (m *memoryRouter) SetRoutes(_ context.Context, r traffic.Split) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.routes = r
	return nil
}

// memoryStore keeps the runner's record for the length of the demo.
type memoryStore struct {
	rec   runner.Record
	found bool
}

func (s *memoryStore) Load(context.Context) (runner.Record, bool, error) { return s.rec, s.found, nil }
func (s *memoryStore) Save(_ context.Context, rec runner.Record) error {
	s.rec, s.found = rec, true
	return nil
}

// healthyMetrics answers like a healthy service: 99.9% success, 120 ms P99.
type healthyMetrics struct{}

func (healthyMetrics) Query(_ context.Context, q observe.Query) observe.Sample {
	if q.Metric == observe.RequestDuration {
		return observe.Value(120)
	}
	return observe.Value(99.9)
}

func joinComma(parts []string) string { return strings.Join(parts, ", ") }
