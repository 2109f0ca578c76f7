package karmada

import (
	"errors"
	"fmt"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
	workv1alpha2 "github.com/karmada-io/karmada/pkg/apis/work/v1alpha2"

	"github.com/fleetkit/fleetkit/distribute"
)

// Result is where Karmada's scheduler places a workload.
type Result struct {
	// Clusters is what the binding's spec.clusters holds once the scheduler
	// is done (compare it by cluster: Karmada's row order is not specified).
	// It is set with an error too: nil after a *FitError, which makes
	// Karmada clear the result; otherwise the result Karmada keeps.
	Clusters []distribute.Assignment
	// Plan is the last successful division, which explains Clusters.
	Plan distribute.Plan
	// Request is the engine input of the affinity group that scheduled.
	Request distribute.Request
	// AffinityName is the clusterAffinities term that scheduled (the
	// binding's status.schedulerObservedAffinityName); "" without
	// clusterAffinities.
	AffinityName string
	// Passes is how many times the scheduler scheduled the binding (see
	// Schedule).
	Passes int
}

// maxPasses bounds the passes Schedule makes towards a result that no longer
// changes (Karmada's scheduler would go on; two passes are the most seen).
const maxPasses = 10

// Schedule is Karmada's scheduler for one binding (pkg/scheduler/scheduler.go
// scheduleResourceBinding, v1.17.1), from a moment it schedules it (a new
// binding, a changed placement, or when Rescheduled says so). One pass tries
// each affinity group in turn — the clusterAffinity, or each
// clusterAffinities term starting at the one named by
// Workload.ObservedAffinity (else the first) — filtering, scoring,
// estimating and selecting as Request does and dividing with
// distribute.Divide; the first group that schedules wins, and when every
// group fails the first group's error is returned, as Karmada reports it.
//
// A pass that changes spec.clusters updates the binding, and Karmada then
// schedules it again when Rescheduled says so, with the new result as the
// previous one: a Duplicated binding whose replicas dropped to zero, say,
// first keeps a cluster that the taint filter lets through as part of the
// previous result, then loses it. Schedule makes those passes too and returns
// where the binding settles; Result.Clusters is its spec.clusters even when an
// error is returned. ConditionReason classifies errors as the binding's
// Scheduled condition does.
func Schedule(placement policyv1alpha1.Placement, snap Snapshot, w Workload) (Result, error) {
	p, err := checked(placement, w)
	if err != nil {
		return Result{}, err
	}
	res, err := schedulePass(p, snap, w)
	if err != nil {
		return failed(Result{Clusters: w.Previous}, err, 1), err
	}
	res.Passes = 1
	for res.Passes < maxPasses {
		next := w
		next.Previous, next.ObservedAffinity, next.Fresh = res.Clusters, res.AffinityName, false
		if sameClusters(w.Previous, res.Clusters) || !Rescheduled(p, next) {
			break
		}
		again, err := schedulePass(p, snap, next)
		if err != nil {
			return failed(res, err, res.Passes+1), err
		}
		again.Passes = res.Passes + 1
		w, res = next, again
	}
	return res, nil
}

// failed is what the binding keeps after a failed pass: nothing after a
// *FitError, else kept.
func failed(kept Result, err error, passes int) Result {
	var fit *FitError
	if errors.As(err, &fit) {
		kept.Clusters = nil
	}
	kept.Passes = passes
	return kept
}

// schedulePass is one pass of the scheduler over the affinity groups.
func schedulePass(p policyv1alpha1.Placement, snap Snapshot, w Workload) (Result, error) {
	var firstErr error
	groups := affinityGroups(p)
	for _, g := range groups[startGroup(groups, w.ObservedAffinity):] {
		req, err := requestFor(p, g.affinity, snap, w)
		if err == nil {
			var plan distribute.Plan
			if plan, err = distribute.Divide(req); err == nil {
				return Result{Clusters: plan.Assignments, Plan: plan, Request: req, AffinityName: g.name}, nil
			}
		}
		if firstErr == nil {
			firstErr = groupError(g, err)
		}
	}
	return Result{}, firstErr
}

// sameClusters reports whether two results place the same replicas on the
// same clusters.
func sameClusters(a, b []distribute.Assignment) bool {
	if len(a) != len(b) {
		return false
	}
	seen := make(map[string]int32, len(a))
	for _, x := range a {
		seen[x.Cluster] = x.Replicas
	}
	for _, y := range b {
		if n, ok := seen[y.Cluster]; !ok || n != y.Replicas {
			return false
		}
	}
	return true
}

// Rescheduled reports whether Karmada's scheduler schedules a binding again
// that it has scheduled before and whose placement has not changed since
// (pkg/scheduler/scheduler.go doScheduleBinding, v1.17.1): always when a
// reschedule is requested (Fresh), for a Duplicated placement, and for an
// object without replicas or replica requirements; for a Divided placement
// only when the previous result does not add up to the workload's replicas
// (a scale). Otherwise Karmada keeps Workload.Previous as it is — even when
// the fleet has changed so that Schedule would now answer differently, or
// fail. A changed placement, or a cluster of the previous result being
// deleted, is always scheduled again.
func Rescheduled(placement policyv1alpha1.Placement, w Workload) bool {
	p := Defaulted(placement)
	if w.Fresh || w.Replicas == 0 && !w.HasReplicaRequirements ||
		p.ReplicaSchedulingType() == policyv1alpha1.ReplicaSchedulingTypeDuplicated {
		return true
	}
	var sum int32
	for _, a := range w.Previous {
		sum += a.Replicas
	}
	return sum != w.Replicas
}

// startGroup is the index of the term named observed, or 0 (Karmada's
// getAffinityIndex).
func startGroup(groups []affinityGroup, observed string) int {
	for i, g := range groups {
		if observed != "" && g.name == observed {
			return i
		}
	}
	return 0
}

// groupError names the affinity group in the error when there is one.
func groupError(g affinityGroup, err error) error {
	if g.name == "" {
		return err
	}
	return fmt.Errorf("karmada: affinity group %q: %w", g.name, err)
}

// ConditionReason is the reason Karmada's scheduler writes to a binding's
// Scheduled condition for the outcome of Schedule (pkg/scheduler/helper.go
// getConditionByError, v1.17.1): Success for nil, NoClusterFit for a
// *FitError, SchedulerError for every other failure. Karmada's own
// Unschedulable reason is never written for a shortage of replicas: its
// replica assignment (pkg/scheduler/core/assignment.go) wraps the
// division's UnschedulableError with %v, which hides it, so a
// *distribute.UnschedulableError is SchedulerError here too.
func ConditionReason(err error) string {
	var fit *FitError
	switch {
	case err == nil:
		return workv1alpha2.BindingReasonSuccess
	case errors.As(err, &fit):
		return workv1alpha2.BindingReasonNoClusterFit
	}
	return workv1alpha2.BindingReasonSchedulerError
}
