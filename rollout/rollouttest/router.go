package rollouttest

import (
	"context"
	"fmt"
	"sync"

	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
)

// Router is an in-memory traffic split: the double for runner.TrafficRouter and
// runner.ConditionalRouter.
type Router struct {
	mu      sync.Mutex
	routes  traffic.Split
	history []traffic.Split
	faults  faults
	log     *journal
}

var _ runner.ConditionalRouter = (*Router)(nil)

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

// FailNext makes the next call of op (OpGetRoutes, OpSetRoutes or
// OpCompareAndSetRoutes) fail with err, or with ErrInjected when err is nil.
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

// History returns every split SetRoutes or CompareAndSetRoutes applied, in
// order.
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

// CompareAndSetRoutes implements runner.ConditionalRouter: it sets to if the
// routes in force are from, does nothing if they are to already, and
// otherwise changes nothing and returns a *traffic.ChangedError (matching
// traffic.ErrRoutesChanged). An invalid to is refused first (traffic.ErrInvalid).
func (r *Router) CompareAndSetRoutes(ctx context.Context, from, to traffic.Split) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.faults.check(ctx, OpCompareAndSetRoutes)
	if err == nil {
		err = r.compare(from, to)
	}
	r.log.add(OpCompareAndSetRoutes, from.String()+" -> "+to.String(), err)
	if err == nil && !r.routes.Equal(to) {
		r.routes = to
		r.history = append(r.history, to)
	}
	return err
}

func (r *Router) compare(from, to traffic.Split) error {
	if err := to.Validate(); err != nil {
		return fmt.Errorf("rollouttest: set routes %s: %w", to, err)
	}
	if r.routes.Equal(from) || r.routes.Equal(to) {
		return nil
	}
	return fmt.Errorf("rollouttest: %w", &traffic.ChangedError{Object: "in-memory routes", Expected: from, Found: r.routes})
}
