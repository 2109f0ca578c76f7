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
	// Plan is the division: Plan.Assignments are the binding's spec.clusters
	// (compare them by cluster: Karmada's row order is not specified).
	Plan distribute.Plan
	// Request is the engine input of the affinity group that scheduled.
	Request distribute.Request
	// AffinityName is the clusterAffinities term that scheduled (the
	// binding's status.schedulerObservedAffinityName); "" without
	// clusterAffinities.
	AffinityName string
}

// Schedule is Karmada's scheduler for one binding (pkg/scheduler/scheduler.go
// scheduleResourceBinding, v1.17.1): for each affinity group in turn — the
// clusterAffinity, or each clusterAffinities term starting at the one named
// by Workload.ObservedAffinity (else the first) —
// it filters, scores, estimates and selects as Request does and divides the
// replicas with distribute.Divide; the first group that schedules wins. When
// every group fails, the first group's error is returned, as Karmada reports
// it. ConditionReason classifies errors as the binding's Scheduled condition
// does; with a *FitError (reason NoClusterFit) Karmada also clears the
// binding's spec.clusters, with any other error it keeps the previous result.
func Schedule(placement policyv1alpha1.Placement, snap Snapshot, w Workload) (Result, error) {
	p, err := checked(placement, w)
	if err != nil {
		return Result{}, err
	}
	var firstErr error
	groups := affinityGroups(p)
	for _, g := range groups[startGroup(groups, w.ObservedAffinity):] {
		req, err := requestFor(p, g.affinity, snap, w)
		if err == nil {
			var plan distribute.Plan
			if plan, err = distribute.Divide(req); err == nil {
				return Result{Plan: plan, Request: req, AffinityName: g.name}, nil
			}
		}
		if firstErr == nil {
			firstErr = groupError(g, err)
		}
	}
	return Result{}, firstErr
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
