package karmada

import (
	"fmt"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/fleet"
)

// Snapshot is the state of the fleet that candidate selection reads.
type Snapshot struct {
	// Fleet lists the member clusters.
	Fleet fleet.Fleet
	// Available is, per member name, how many more replicas of the workload
	// the member can run (Karmada's estimator answer). Absent means unknown.
	Available map[string]int32
}

// Workload is the object being scheduled and its scheduling history.
type Workload struct {
	// UID is the workload UID (it picks Karmada's tie-break direction).
	UID string
	// Replicas is the desired replica count (>= 0).
	Replicas int32
	// HasReplicaRequirements reports per-replica resource requests.
	HasReplicaRequirements bool
	// Previous is the last scheduling result (ResourceBinding spec.clusters).
	Previous []distribute.Assignment
	// Fresh requests a reschedule from scratch.
	Fresh bool
}

// Request turns a Karmada placement and a fleet snapshot into the engine's
// input the way Karmada's scheduler does: filter members (readiness, taints
// against clusterTolerations, clusterAffinity or the first affinity group
// that yields clusters, spread fields present), score them (clusters of the
// previous result first), select them by the spread constraints (candidate
// order: score, available replicas, name), and attach the static weight of
// each candidate: the maximum over the staticWeightList rules that match it.
// The package documentation describes each step and its Karmada source.
//
// A placement Karmada's admission would refuse (a malformed affinity, a bad
// spread constraint) or negative replicas are a *ValidationError naming the
// field. When no member can be selected the error matches
// distribute.ErrNoCandidates; a *SelectionError says which spread constraint
// could not be met.
//
// Two parts of Karmada's clusterAffinities handling are not modelled. The
// affinity groups fall back to the next group only when a group yields no
// candidates (no feasible member, or a spread-constraint selection that
// fails); Karmada also falls back when the replica assignment of a group
// fails later (for example Divide's *distribute.UnschedulableError). And
// Karmada starts at the group named by the binding's
// status.schedulerObservedAffinityName, while Request always starts at the
// first group.
func Request(placement policyv1alpha1.Placement, snap Snapshot, w Workload) (distribute.Request, error) {
	strategy, err := StrategyOf(placement)
	if err != nil {
		return distribute.Request{}, err
	}
	if err := validatePlacement(placement, w); err != nil {
		return distribute.Request{}, err
	}
	selected, err := selectCandidates(placement, snap, w)
	if err != nil {
		return distribute.Request{}, err
	}
	weights := staticWeights(placement)
	req := distribute.Request{Strategy: strategy, Replicas: w.Replicas, UID: w.UID, Fresh: w.Fresh,
		HasReplicaRequirements: w.HasReplicaRequirements, Previous: append([]distribute.Assignment(nil), w.Previous...)}
	for _, c := range selected {
		req.Candidates = append(req.Candidates, distribute.Candidate{
			Name: c.member.Name, Available: distribute.Replicas(c.allocatable), Weight: weights.of(*c.member)})
	}
	return req, nil
}

// StrategyOf maps a placement's replicaScheduling to a distribute.Strategy.
func StrategyOf(p policyv1alpha1.Placement) (distribute.Strategy, error) {
	rs := p.ReplicaScheduling
	if rs == nil || rs.ReplicaSchedulingType == policyv1alpha1.ReplicaSchedulingTypeDuplicated {
		return distribute.Duplicated, nil
	}
	if rs.ReplicaSchedulingType != policyv1alpha1.ReplicaSchedulingTypeDivided {
		return "", invalid("placement.replicaScheduling.replicaSchedulingType", "unknown type %q", rs.ReplicaSchedulingType)
	}
	switch rs.ReplicaDivisionPreference {
	case policyv1alpha1.ReplicaDivisionPreferenceAggregated:
		return distribute.Aggregated, nil
	case policyv1alpha1.ReplicaDivisionPreferenceWeighted:
		if rs.WeightPreference != nil && rs.WeightPreference.DynamicWeight != "" {
			return distribute.DynamicWeight, nil
		}
		return distribute.StaticWeight, nil
	}
	return "", invalid("placement.replicaScheduling.replicaDivisionPreference", "unknown preference %q", rs.ReplicaDivisionPreference)
}

// selectCandidates tries the affinity groups in order and returns the first
// non-empty selection.
func selectCandidates(p policyv1alpha1.Placement, snap Snapshot, w Workload) ([]ranked, error) {
	groups := []policyv1alpha1.ClusterAffinity{{}}
	if p.ClusterAffinity != nil {
		groups[0] = *p.ClusterAffinity
	} else if len(p.ClusterAffinities) > 0 {
		groups = groups[:0]
		for _, t := range p.ClusterAffinities {
			groups = append(groups, t.ClusterAffinity)
		}
	}
	rules := spreadOf(p, w.Replicas)
	lastErr := fmt.Errorf("karmada: no member matches the placement: %w", distribute.ErrNoCandidates)
	for _, affinity := range groups {
		feasible := filter(p, matcherOf(affinity), snap.Fleet.Members)
		if len(feasible) == 0 {
			continue
		}
		selected, err := rules.selectClusters(rank(feasible, snap, w))
		if err == nil && len(selected) > 0 {
			return selected, nil
		}
		if err != nil {
			lastErr = err
		}
	}
	return nil, lastErr
}
