package rollouttest

import (
	"context"
	"fmt"
	"sync"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// Workload is an in-memory primary/canary pair: the double for
// runner.Workload. The canary's revision is what SetRevision last set (a
// developer pushing a template); the primary's is what PromoteSpec last
// copied. Readiness is what SetReadiness said, whatever the scale.
type Workload struct {
	mu         sync.Mutex
	revision   string
	primaryRev string
	primary    rollout.Readiness
	canary     rollout.Readiness
	canaryUp   bool
	promotions []string
	faults     faults
	log        *journal
}

var _ runner.Workload = (*Workload)(nil)

// NewWorkload returns a workload whose primary and canary both run
// revision, both ready, with the canary scaled down.
func NewWorkload(revision string) *Workload {
	return newWorkload(revision, &journal{})
}

func newWorkload(revision string, log *journal) *Workload {
	return &Workload{revision: revision, primaryRev: revision, primary: rollout.Ready, canary: rollout.Ready, log: log}
}

// SetRevision changes the canary's template to revision, as a developer
// pushing a new version does.
func (w *Workload) SetRevision(revision string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.revision = revision
}

// SetReadiness sets what Observe reports for the primary and the canary.
func (w *Workload) SetReadiness(primary, canary rollout.Readiness) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.primary, w.canary = primary, canary
}

// FailNext makes the next call of op (OpObserve, OpScaleCanary or
// OpPromoteSpec) fail with err, or with ErrInjected when err is nil.
// Calls queue: two FailNext fail the next two calls.
func (w *Workload) FailNext(op Op, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.faults.push(op, err)
}

// PrimaryRevision returns the revision the primary runs.
func (w *Workload) PrimaryRevision() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.primaryRev
}

// CanaryUp reports whether the canary is scaled up.
func (w *Workload) CanaryUp() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.canaryUp
}

// Promotions returns the revision of every successful PromoteSpec call, in
// order; a replayed promotion appears twice.
func (w *Workload) Promotions() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.promotions...)
}

// Calls returns the workload's port calls in order.
func (w *Workload) Calls() Calls { return w.log.snapshot("Workload") }

// Observe implements runner.Workload.
func (w *Workload) Observe(ctx context.Context) (runner.WorkloadState, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	err := w.faults.check(ctx, OpObserve)
	w.log.add(OpObserve, "", err)
	if err != nil {
		return runner.WorkloadState{}, err
	}
	return runner.WorkloadState{Revision: w.revision, Primary: w.primary, Canary: w.canary}, nil
}

// ScaleCanary implements runner.Workload.
func (w *Workload) ScaleCanary(ctx context.Context, up bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	err := w.faults.check(ctx, OpScaleCanary)
	w.log.add(OpScaleCanary, direction(up), err)
	if err == nil {
		w.canaryUp = up
	}
	return err
}

// PromoteSpec implements runner.Workload: it copies the canary's revision to
// the primary if the canary is still at revision, and otherwise changes
// nothing and returns an error matching runner.ErrRevisionChanged.
func (w *Workload) PromoteSpec(ctx context.Context, revision string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	err := w.faults.check(ctx, OpPromoteSpec)
	if err == nil && revision != w.revision {
		err = fmt.Errorf("rollouttest: promote %s: the canary is at %s: %w", revision, w.revision, runner.ErrRevisionChanged)
	}
	w.log.add(OpPromoteSpec, revision, err)
	if err == nil {
		w.primaryRev = revision
		w.promotions = append(w.promotions, revision)
	}
	return err
}

func direction(up bool) string {
	if up {
		return "up"
	}
	return "down"
}
