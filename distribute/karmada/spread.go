package karmada

import (
	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
)

// spread is a placement's spread constraints as Karmada's selection reads
// them.
type spread struct {
	// constraints carry Karmada's admission defaults.
	constraints []policyv1alpha1.SpreadConstraint
	// cluster and region are the last constraint of each kind; the zero
	// value when absent.
	cluster, region       policyv1alpha1.SpreadConstraint
	hasCluster, hasRegion bool
	// ignored: no constraints, or static weights, which select every
	// feasible member.
	ignored bool
	// duplicated: every member gets all replicas, so available replicas
	// neither rank regions by capacity nor steer the choice of clusters.
	duplicated bool
	replicas   int32
}

// spreadOf reads the placement's spread constraints.
func spreadOf(p policyv1alpha1.Placement, replicas int32) spread {
	s := spread{constraints: defaultedSpread(p.SpreadConstraints), replicas: replicas,
		duplicated: p.ReplicaSchedulingType() == policyv1alpha1.ReplicaSchedulingTypeDuplicated}
	for _, c := range s.constraints {
		switch c.SpreadByField {
		case policyv1alpha1.SpreadByFieldCluster:
			s.cluster, s.hasCluster = c, true
		case policyv1alpha1.SpreadByFieldRegion:
			s.region, s.hasRegion = c, true
		}
	}
	s.ignored = len(s.constraints) == 0 || staticWeighted(p)
	return s
}

// defaultedSpread applies the defaults Karmada's policy admission writes: a
// constraint with neither field nor label spreads by cluster, and minGroups
// 0 means 1.
func defaultedSpread(in []policyv1alpha1.SpreadConstraint) []policyv1alpha1.SpreadConstraint {
	if in == nil {
		return nil
	}
	out := make([]policyv1alpha1.SpreadConstraint, len(in))
	for i, c := range in {
		if c.SpreadByField == "" && c.SpreadByLabel == "" {
			c.SpreadByField = policyv1alpha1.SpreadByFieldCluster
		}
		if c.MinGroups == 0 {
			c.MinGroups = 1
		}
		out[i] = c
	}
	return out
}

// staticWeighted reports a Weighted division without a dynamic weight and
// with a static weight list (or no preference at all): Karmada then ignores
// the spread constraints.
func staticWeighted(p policyv1alpha1.Placement) bool {
	rs := p.ReplicaScheduling
	if rs == nil || rs.ReplicaSchedulingType != policyv1alpha1.ReplicaSchedulingTypeDivided ||
		rs.ReplicaDivisionPreference != policyv1alpha1.ReplicaDivisionPreferenceWeighted {
		return false
	}
	wp := rs.WeightPreference
	return wp == nil || len(wp.StaticWeightList) != 0 && wp.DynamicWeight == ""
}

// selectClusters picks the candidates among the ranked feasible members.
func (s spread) selectClusters(members []ranked) ([]ranked, error) {
	switch {
	case s.ignored:
		return members, nil
	case s.hasRegion:
		return s.byRegion(members)
	case s.hasCluster:
		return s.byCluster(members)
	}
	by := string(s.constraints[0].SpreadByField)
	if by == "" {
		by = "label " + s.constraints[0].SpreadByLabel
	}
	return nil, selectionError(by, "only cluster and region spread constraints select clusters")
}
