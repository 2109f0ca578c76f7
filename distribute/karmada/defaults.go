package karmada

import (
	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
)

// Defaulted returns a deep copy of a placement with the defaults a Karmada control plane applies
// before the scheduler sees it: the CRD schema's replicaSchedulingType Divided for a replicaScheduling
// that names none (charts/karmada/_crds/bases/policy), and the policy admission webhook's
// (pkg/webhook/propagationpolicy/mutating.go and its cluster-scoped twin, v1.17.1):
// SetReplicaDivisionPreferenceWeighted (a Divided placement without a preference is Weighted) and
// SetDefaultSpreadConstraints (a spread constraint with neither spreadByField nor spreadByLabel spreads
// by cluster; minGroups 0 means 1). An empty clusterAffinities list is dropped, as the API server's
// serialisation drops it.
func Defaulted(p policyv1alpha1.Placement) policyv1alpha1.Placement {
	out := *p.DeepCopy()
	if rs := out.ReplicaScheduling; rs != nil {
		if rs.ReplicaSchedulingType == "" {
			rs.ReplicaSchedulingType = policyv1alpha1.ReplicaSchedulingTypeDivided
		}
		if rs.ReplicaSchedulingType == policyv1alpha1.ReplicaSchedulingTypeDivided && rs.ReplicaDivisionPreference == "" {
			rs.ReplicaDivisionPreference = policyv1alpha1.ReplicaDivisionPreferenceWeighted
		}
	}
	out.SpreadConstraints = defaultedSpread(out.SpreadConstraints)
	if len(out.ClusterAffinities) == 0 {
		out.ClusterAffinities = nil
	}
	return out
}
