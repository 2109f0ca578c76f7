package rollouttest

import (
	"context"
	"fmt"
	"sync"

	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
)

// Router is an in-memory traffic split: the double for runner.TrafficRouter.
type Router struct {
	mu      sync.Mutex
	routes  traffic.Split
	history []traffic.Split
	faults  faults
	log     *journal
}

var _ runner.TrafficRouter = (*Router)(nil)

// NewRouter returns a router that sends everything to the primary.
func NewRouter() *Router { return newRouter(&journal{}) }

func newRouter(log *journal) *Router { return &Router{routes: traffic.PrimaryOnly(), log: log} }

// Edit replaces the routes outside the port, as a human editing the routing
// object does; it is neither recorded as a call nor kept in History.
func (r *Router) Edit(s traffic.Split) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.routes = s
}

// FailNext makes the next call of op (OpGetRoutes or OpSetRoutes) fail with
// err, or with ErrInjected when err is nil.
func (r *Router) FailNext(op Op, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.faults.push(op, err)
}

// Routes returns the split in force.
func (r *Router) Routes() traffic.Split {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.routes
}

// History returns every split SetRoutes applied, in order.
func (r *Router) History() []traffic.Split {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]traffic.Split(nil), r.history...)
}

// CanaryWeights returns the canary weight of every split in History.
func (r *Router) CanaryWeights() []int {
	h := r.History()
	out := make([]int, len(h))
	for i, s := range h {
		out[i] = s.Canary
	}
	return out
}

// Calls returns the router's port calls in order.
func (r *Router) Calls() Calls { return r.log.snapshot("Router") }

// GetRoutes implements runner.TrafficRouter.
func (r *Router) GetRoutes(ctx context.Context) (traffic.Split, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.faults.check(ctx, OpGetRoutes)
	r.log.add(OpGetRoutes, "", err)
	if err != nil {
		return traffic.Split{}, err
	}
	return r.routes, nil
}

// SetRoutes implements runner.TrafficRouter. An invalid split is refused
// before anything changes, with an error matching traffic.ErrInvalid.
func (r *Router) SetRoutes(ctx context.Context, s traffic.Split) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.faults.check(ctx, OpSetRoutes)
	if err == nil {
		if verr := s.Validate(); verr != nil {
			err = fmt.Errorf("rollouttest: set routes %s: %w", s, verr)
		}
	}
	r.log.add(OpSetRoutes, s.String(), err)
	if err == nil {
		r.routes = s
		r.history = append(r.history, s)
	}
	return err
}
