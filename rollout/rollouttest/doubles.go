package rollouttest

import "github.com/fleetkit/fleetkit/rollout/runner"

// Doubles is one double of every port, sharing one call journal.
type Doubles struct {
	Workload *Workload
	Router   *Router
	Metrics  *Metrics
	Hooks    *Hooks
	Store    *Store
	log      *journal
}

// New returns the doubles of a target whose primary and canary run
// revision: routes all to the primary, no metric data, passing webhooks,
// nothing stored.
func New(revision string) *Doubles {
	log := &journal{}
	return &Doubles{Workload: newWorkload(revision, log), Router: newRouter(log),
		Metrics: newMetrics(nil, log), Hooks: newHooks(log), Store: newStore(log), log: log}
}

// Ports returns the doubles as runner.Ports.
func (d *Doubles) Ports() runner.Ports {
	return runner.Ports{Workload: d.Workload, Router: d.Router, Metrics: d.Metrics, Hooks: d.Hooks, Store: d.Store}
}

// Calls returns every port call of every double, in the order they
// happened.
func (d *Doubles) Calls() Calls { return d.log.snapshot("") }
