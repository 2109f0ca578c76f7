package karmada

import (
	"errors"
	"fmt"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
)

// validatePlacement reports every part of the input Request cannot read:
// negative replicas, malformed affinities (clusterAffinity, each
// clusterAffinities term, each staticWeightList target) and spread
// constraints Karmada's admission would refuse after defaulting.
func validatePlacement(p policyv1alpha1.Placement, w Workload) error {
	var errs []error
	if w.Replicas < 0 {
		errs = append(errs, invalid("workload.replicas", "must be >= 0, got %d", w.Replicas))
	}
	if p.ClusterAffinity != nil {
		errs = append(errs, checkAffinity("placement.clusterAffinity", *p.ClusterAffinity))
	}
	for i, t := range p.ClusterAffinities {
		errs = append(errs, checkAffinity(fmt.Sprintf("placement.clusterAffinities[%d]", i), t.ClusterAffinity))
	}
	if rs := p.ReplicaScheduling; rs != nil && rs.WeightPreference != nil {
		for i, r := range rs.WeightPreference.StaticWeightList {
			field := fmt.Sprintf("placement.replicaScheduling.weightPreference.staticWeightList[%d].targetCluster", i)
			errs = append(errs, checkAffinity(field, r.TargetCluster))
		}
	}
	for i, c := range defaultedSpread(p.SpreadConstraints) {
		errs = append(errs, spreadProblem(fmt.Sprintf("placement.spreadConstraints[%d]", i), c))
	}
	return errors.Join(errs...)
}
