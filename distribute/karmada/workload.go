package karmada

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/fleet"
)

// Snapshot is the state of the fleet that candidate selection reads.
type Snapshot struct {
	// Fleet lists the member clusters. A member's capacity feeds Karmada's
	// general estimator; its taints, readiness and APIs feed the filters.
	Fleet fleet.Fleet
	// Available holds, per member name, the answer of a further replica
	// estimator (Karmada's accurate scheduler-estimator): how many more
	// replicas of the workload the member can run. As in Karmada, a
	// member's available replicas are the minimum over every estimator's
	// answer; absent (or -1, Karmada's UnauthenticReplica) means this
	// estimator did not answer.
	Available map[string]int32
	// WithoutGeneralEstimator leaves Karmada's general estimator out, so that
	// Available alone answers and a member it does not list can take the
	// workload's replicas (beyond Karmada: for what-if questions about
	// capacity the fleet snapshot does not describe).
	WithoutGeneralEstimator bool
}

// Workload is the object being scheduled and its scheduling history: what
// Karmada's resource detector writes into a ResourceBinding's spec.
type Workload struct {
	// APIVersion and Kind identify the workload's API (spec.resource). When
	// set, a member must serve it (Karmada's APIEnablement filter); when
	// empty, that filter is skipped.
	APIVersion string
	Kind       string
	// UID is the workload UID (it picks Karmada's tie-break direction).
	UID string
	// Replicas is the desired replica count (>= 0).
	Replicas int32
	// HasReplicaRequirements reports per-replica requirements: resource
	// requests or a node claim (spec.replicaRequirements is set).
	HasReplicaRequirements bool
	// Requests is one replica's resource request as Karmada's resource
	// interpreter computes it from the pod template
	// (spec.replicaRequirements.resourceRequest); the general estimator
	// divides each member's free resources by it.
	Requests corev1.ResourceList
	// Previous is the last scheduling result (ResourceBinding spec.clusters).
	Previous []distribute.Assignment
	// Fresh requests a reschedule from scratch.
	Fresh bool
	// ObservedAffinity is the clusterAffinities term that produced the
	// previous result (status.schedulerObservedAffinityName). Schedule
	// starts at that term, as Karmada does; "" (or a name no term has)
	// starts at the first.
	ObservedAffinity string
}

// inPrevious reports whether the previous result names the member, with
// any number of replicas (Karmada's TargetContains).
func (w Workload) inPrevious(name string) bool {
	_, ok := previousReplicas(w.Previous, name)
	return ok
}

// estimateRequests is the request list GeneralEstimate reads: nil without replica requirements, the
// requests with them (an empty list for a node claim without requests).
func (w Workload) estimateRequests() corev1.ResourceList {
	switch {
	case !w.HasReplicaRequirements && len(w.Requests) == 0:
		return nil
	case w.Requests == nil:
		return corev1.ResourceList{}
	}
	return w.Requests
}
