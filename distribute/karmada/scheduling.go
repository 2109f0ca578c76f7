package karmada

import (
	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
)

// setScheduling installs a replica scheduling strategy, rejecting a second one.
func (b *PolicyBuilder[P]) setScheduling(name string, s policyv1alpha1.ReplicaSchedulingStrategy) {
	if b.scheduling != "" && b.scheduling != name {
		b.errs = append(b.errs, invalid("spec.placement.replicaScheduling", "%s conflicts with %s chosen before", name, b.scheduling))
		return
	}
	b.scheduling = name
	b.spec.Placement.ReplicaScheduling = &s
}

// WithDuplicated gives every selected cluster the full replica count.
func (b *PolicyBuilder[P]) WithDuplicated() *PolicyBuilder[P] {
	b.setScheduling("Duplicated", policyv1alpha1.ReplicaSchedulingStrategy{ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDuplicated})
	return b
}

// WithAggregated packs replicas into as few clusters as possible.
func (b *PolicyBuilder[P]) WithAggregated() *PolicyBuilder[P] {
	b.setScheduling("Aggregated", policyv1alpha1.ReplicaSchedulingStrategy{
		ReplicaSchedulingType:     policyv1alpha1.ReplicaSchedulingTypeDivided,
		ReplicaDivisionPreference: policyv1alpha1.ReplicaDivisionPreferenceAggregated})
	return b
}

// WithDynamicWeight divides replicas by the clusters' available replicas.
func (b *PolicyBuilder[P]) WithDynamicWeight() *PolicyBuilder[P] {
	b.setScheduling("DynamicWeight", policyv1alpha1.ReplicaSchedulingStrategy{
		ReplicaSchedulingType:     policyv1alpha1.ReplicaSchedulingTypeDivided,
		ReplicaDivisionPreference: policyv1alpha1.ReplicaDivisionPreferenceWeighted,
		WeightPreference:          &policyv1alpha1.ClusterPreferences{DynamicWeight: policyv1alpha1.DynamicWeightByAvailableReplicas}})
	return b
}

// WithStaticWeights divides replicas by static weights; each weight must be >= 1.
// Calling it again appends rules.
func (b *PolicyBuilder[P]) WithStaticWeights(rules ...policyv1alpha1.StaticClusterWeight) *PolicyBuilder[P] {
	var list []policyv1alpha1.StaticClusterWeight
	if b.scheduling == "StaticWeight" {
		list = b.spec.Placement.ReplicaScheduling.WeightPreference.StaticWeightList
	}
	for _, r := range rules {
		if r.Weight < 1 {
			b.errs = append(b.errs, invalid("spec.placement.replicaScheduling.weightPreference.staticWeightList", "weight must be >= 1, got %d", r.Weight))
		}
		b.errs = append(b.errs, checkAffinity("spec.placement.replicaScheduling.weightPreference.staticWeightList.targetCluster", r.TargetCluster))
		list = append(list, *r.DeepCopy())
	}
	b.setScheduling("StaticWeight", policyv1alpha1.ReplicaSchedulingStrategy{
		ReplicaSchedulingType:     policyv1alpha1.ReplicaSchedulingTypeDivided,
		ReplicaDivisionPreference: policyv1alpha1.ReplicaDivisionPreferenceWeighted,
		WeightPreference:          &policyv1alpha1.ClusterPreferences{StaticWeightList: list}})
	return b
}

// WithClusterWeight adds a static weight for the named clusters.
func (b *PolicyBuilder[P]) WithClusterWeight(weight int64, clusters ...string) *PolicyBuilder[P] {
	return b.WithStaticWeights(policyv1alpha1.StaticClusterWeight{
		TargetCluster: policyv1alpha1.ClusterAffinity{ClusterNames: append([]string(nil), clusters...)}, Weight: weight})
}

// WithSpreadConstraints adds spread constraints. Each spreads by exactly one
// of field or label, and 0 < minGroups <= maxGroups when both are set.
func (b *PolicyBuilder[P]) WithSpreadConstraints(constraints ...policyv1alpha1.SpreadConstraint) *PolicyBuilder[P] {
	for _, c := range constraints {
		b.errs = append(b.errs, checkSpread(c))
		b.spec.Placement.SpreadConstraints = append(b.spec.Placement.SpreadConstraints, c)
	}
	return b
}

// checkSpread validates one spread constraint of a builder as Karmada's
// webhook would.
func checkSpread(c policyv1alpha1.SpreadConstraint) error {
	return spreadProblem("spec.placement.spreadConstraints", c)
}

// spreadProblem reports a spread constraint Karmada's admission refuses:
// both or neither of spreadByField and spreadByLabel, an unknown field,
// negative group counts, or minGroups above a set maxGroups.
func spreadProblem(field string, c policyv1alpha1.SpreadConstraint) error {
	switch {
	case (c.SpreadByField == "") == (c.SpreadByLabel == ""):
		return invalid(field, "exactly one of spreadByField and spreadByLabel must be set")
	case c.SpreadByField != "" && !validSpreadField(c.SpreadByField):
		return invalid(field+".spreadByField", "%q is not one of cluster, region, zone, provider", c.SpreadByField)
	case c.MinGroups < 0 || c.MaxGroups < 0:
		return invalid(field, "minGroups and maxGroups must be >= 0")
	case c.MaxGroups > 0 && c.MinGroups > c.MaxGroups:
		return invalid(field+".minGroups", "%d exceeds maxGroups %d", c.MinGroups, c.MaxGroups)
	}
	return nil
}

func validSpreadField(f policyv1alpha1.SpreadFieldValue) bool {
	switch f {
	case policyv1alpha1.SpreadByFieldCluster, policyv1alpha1.SpreadByFieldRegion,
		policyv1alpha1.SpreadByFieldZone, policyv1alpha1.SpreadByFieldProvider:
		return true
	}
	return false
}
