package runner_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
)

// cluster is an in-memory primary/canary pair with a router: the double for Workload and TrafficRouter.
type cluster struct {
	mu           sync.Mutex
	revision     string
	primary      rollout.Readiness
	canary       rollout.Readiness
	routes       traffic.Split
	canaryUp     bool
	promotions   int
	routeHistory []int
	// failOnce makes the next call of the named operation fail.
	failOnce map[string]bool
}

func newCluster(rev string) *cluster {
	return &cluster{revision: rev, primary: rollout.Ready, canary: rollout.Ready,
		routes: traffic.PrimaryOnly(), failOnce: map[string]bool{}}
}

// errInjected is the cause of every failure a double injects.
var errInjected = errors.New("injected failure")

func (c *cluster) fail(op string) error {
	if c.failOnce[op] {
		delete(c.failOnce, op)
		return fmt.Errorf("%s: %w", op, errInjected)
	}
	return nil
}

func (c *cluster) Observe(ctx context.Context) (runner.WorkloadState, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return runner.WorkloadState{}, fmt.Errorf("observe: %w", err)
	}
	if err := c.fail("observe"); err != nil {
		return runner.WorkloadState{}, err
	}
	return runner.WorkloadState{Revision: c.revision, Primary: c.primary, Canary: c.canary}, nil
}

func (c *cluster) ScaleCanary(_ context.Context, up bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.fail("scale"); err != nil {
		return err
	}
	c.canaryUp = up
	return nil
}

func (c *cluster) PromoteSpec(context.Context, string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.fail("promote"); err != nil {
		return err
	}
	c.promotions++
	return nil
}

func (c *cluster) GetRoutes(context.Context) (traffic.Split, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.fail("getRoutes"); err != nil {
		return traffic.Split{}, err
	}
	return c.routes, nil
}

func (c *cluster) SetRoutes(_ context.Context, r traffic.Split) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.fail("setRoutes"); err != nil {
		return err
	}
	c.routes = r
	c.routeHistory = append(c.routeHistory, r.Canary)
	return nil
}

// memStore keeps the record as JSON, as an annotation store would, so the Record must round-trip.
type memStore struct {
	mu    sync.Mutex
	data  []byte
	saves int
}

func (s *memStore) Load(context.Context) (runner.Record, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data == nil {
		return runner.Record{}, false, nil
	}
	var rec runner.Record
	err := json.Unmarshal(s.data, &rec)
	return rec, err == nil, err
}

func (s *memStore) Save(_ context.Context, rec runner.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	s.data = data
	s.saves++
	return nil
}

// metrics answers each query with the value set for its metric; absent is no data.
type metrics struct {
	mu      sync.Mutex
	values  map[string]float64
	queries []observe.Query
}

func (m *metrics) Query(_ context.Context, q observe.Query) observe.Sample {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.queries = append(m.queries, q)
	v, ok := m.values[q.Metric]
	if !ok {
		return observe.Empty()
	}
	return observe.Value(v)
}

// hooks records every call and answers with the configured result (pass by default).
type hooks struct {
	mu      sync.Mutex
	results map[string]rollout.HookResult
	errs    map[string]error
	calls   []runner.HookRequest
}

func (h *hooks) Call(_ context.Context, req runner.HookRequest) (rollout.HookResult, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls = append(h.calls, req)
	if err := h.errs[req.Webhook.Name]; err != nil {
		return rollout.HookFail, err
	}
	if r, ok := h.results[req.Webhook.Name]; ok {
		return r, nil
	}
	return rollout.HookPass, nil
}

func (h *hooks) count(name string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, c := range h.calls {
		if c.Webhook.Name == name {
			n++
		}
	}
	return n
}
