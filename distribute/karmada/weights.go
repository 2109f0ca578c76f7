package karmada

import (
	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/fleet"
)

// weightRule is one staticWeightList rule with its target parsed.
type weightRule struct {
	target matchFunc
	weight int64
}

// weightRules are a placement's static weight rules.
type weightRules []weightRule

// staticWeights reads the placement's staticWeightList.
func staticWeights(p policyv1alpha1.Placement) weightRules {
	rs := p.ReplicaScheduling
	if rs == nil || rs.WeightPreference == nil {
		return nil
	}
	out := make(weightRules, len(rs.WeightPreference.StaticWeightList))
	for i, r := range rs.WeightPreference.StaticWeightList {
		out[i] = weightRule{target: matcherOf(r.TargetCluster), weight: r.Weight}
	}
	return out
}

// of is the maximum weight over the rules matching m; 0 when none does.
func (rules weightRules) of(m fleet.Member) int64 {
	var w int64
	for _, r := range rules {
		if r.target(m) {
			w = max(w, r.weight)
		}
	}
	return w
}
