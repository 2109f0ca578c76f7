package karmada

import (
	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/distribute"
)

// Request turns a Karmada placement and a fleet snapshot into the engine's
// input the way Karmada's scheduler does for one affinity group: apply the
// admission defaults (Defaulted), filter members (served API, taints against
// clusterTolerations with not-ready members tainted, clusterAffinity or the
// first affinity group that yields clusters, spread fields present), score
// them (clusters of the previous result first), estimate their available
// replicas (GeneralEstimate, and Snapshot.Available), select them by the
// spread constraints (candidate order: score, available replicas, name), and
// attach the static weight of each candidate: the maximum over the
// staticWeightList rules that match it. The package documentation describes
// each step and its Karmada source.
//
// A placement Karmada's admission would refuse (a malformed affinity, a bad
// spread constraint) or negative replicas are a *ValidationError naming the
// field. When no member can be selected the error matches
// distribute.ErrNoCandidates: a *FitError when no member passes the
// filters, a *SelectionError when a spread constraint cannot be met.
//
// Request moves to the next affinity group only when a group yields no
// candidates. Karmada also moves on when the replica assignment of a group
// fails; Schedule does the whole of it.
func Request(placement policyv1alpha1.Placement, snap Snapshot, w Workload) (distribute.Request, error) {
	p, err := checked(placement, w)
	if err != nil {
		return distribute.Request{}, err
	}
	var firstErr error
	for _, g := range affinityGroups(p) {
		req, err := requestFor(p, g.affinity, snap, w)
		if err == nil {
			return req, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return distribute.Request{}, firstErr
}

// checked validates the placement as Karmada's admission does and returns it
// with the admission defaults applied.
func checked(placement policyv1alpha1.Placement, w Workload) (policyv1alpha1.Placement, error) {
	p := Defaulted(placement)
	if _, err := StrategyOf(p); err != nil {
		return p, err
	}
	return p, validatePlacement(p, w)
}

// requestFor selects the candidates of one affinity group and builds the
// engine's input from them.
func requestFor(p policyv1alpha1.Placement, affinity policyv1alpha1.ClusterAffinity, snap Snapshot, w Workload) (distribute.Request, error) {
	strategy, err := StrategyOf(p)
	if err != nil {
		return distribute.Request{}, err
	}
	f := filter(p, matcherOf(affinity), snap.Fleet.Members, w)
	if len(f.feasible) == 0 {
		return distribute.Request{}, &FitError{Members: len(snap.Fleet.Members), Reasons: f.rejected}
	}
	selected, err := spreadOf(p, w.Replicas).selectClusters(rank(f.feasible, snap, w))
	if err != nil {
		return distribute.Request{}, err
	}
	if len(selected) == 0 {
		return distribute.Request{}, selectionError("cluster", "no cluster selected (maxGroups 0)")
	}
	weights := staticWeights(p)
	req := distribute.Request{Strategy: strategy, Replicas: w.Replicas, UID: w.UID, Fresh: w.Fresh,
		HasReplicaRequirements: w.HasReplicaRequirements, Previous: append([]distribute.Assignment(nil), w.Previous...)}
	for _, c := range selected {
		req.Candidates = append(req.Candidates, distribute.Candidate{
			Name: c.member.Name, Available: distribute.Replicas(c.allocatable), Weight: weights.of(*c.member)})
	}
	return req, nil
}

// StrategyOf maps a placement's replicaScheduling to a distribute.Strategy,
// after the defaults Karmada's API server and admission apply (Defaulted):
// no replicaScheduling is Duplicated; a Divided one without a preference is
// Weighted, and Weighted without a dynamic weight is StaticWeight.
func StrategyOf(placement policyv1alpha1.Placement) (distribute.Strategy, error) {
	rs := Defaulted(placement).ReplicaScheduling
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

// affinityGroup is one affinity the scheduler tries, with its
// clusterAffinities name ("" for clusterAffinity or none).
type affinityGroup struct {
	name     string
	affinity policyv1alpha1.ClusterAffinity
}

// affinityGroups lists the affinities in the order the scheduler tries
// them: clusterAffinity (or every member) alone, else each
// clusterAffinities term.
func affinityGroups(p policyv1alpha1.Placement) []affinityGroup {
	if p.ClusterAffinity != nil || len(p.ClusterAffinities) == 0 {
		var a policyv1alpha1.ClusterAffinity
		if p.ClusterAffinity != nil {
			a = *p.ClusterAffinity
		}
		return []affinityGroup{{affinity: a}}
	}
	out := make([]affinityGroup, len(p.ClusterAffinities))
	for i, t := range p.ClusterAffinities {
		out[i] = affinityGroup{name: t.AffinityName, affinity: t.ClusterAffinity}
	}
	return out
}
