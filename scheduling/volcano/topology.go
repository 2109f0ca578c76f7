package volcano

import (
	"fmt"

	batchv1alpha1 "volcano.sh/apis/pkg/apis/batch/v1alpha1"
	schedulingv1beta1 "volcano.sh/apis/pkg/apis/scheduling/v1beta1"
)

// hardTopology refuses a hard network topology constraint: Volcano's network-topology-aware scheduling
// (volcano-sh/volcano v1.14, pkg/scheduler/api/job_info.go IsHardTopologyMode and the HyperNode
// plugins) places the job, or each partition or subgroup, inside one HyperNode of the allowed tier, and a
// cluster snapshot carries no HyperNodes. An empty mode is hard, the CRD's default. A constraint that
// names no tier limits nothing, and soft mode only prefers; both are accepted.
func hardTopology(field string, mode string, tierAllowed *int, tierName string) error {
	if mode == string(batchv1alpha1.SoftNetworkTopologyMode) || (tierAllowed == nil && tierName == "") {
		return nil
	}
	return invalid(field, "a hard network topology (highest tier %s) confines the pods to one HyperNode, which the gang check does not model; mode soft only prefers",
		tierText(tierAllowed, tierName))
}

// numaPolicy refuses a task's NUMA topology policy that restricts placement: with restricted or
// single-numa-node, Volcano's numa-aware plugin (volcano-sh/volcano v1.14, pkg/scheduler/plugins/numaaware)
// admits a pod only on a node whose NUMA layout (its Numatopology) fits the pod, which a cluster snapshot
// does not describe. none and best-effort only prefer, and are accepted.
func numaPolicy(field string, p batchv1alpha1.NumaPolicy) error {
	if p != batchv1alpha1.Restricted && p != batchv1alpha1.SingleNumaNode {
		return nil
	}
	return invalid(field, "%q admits a pod only on nodes whose NUMA layout fits it, which the gang check does not model; best-effort only prefers", p)
}

func tierText(allowed *int, name string) string {
	if name != "" {
		return fmt.Sprintf("%q", name)
	}
	return fmt.Sprint(*allowed)
}

func jobTopology(field string, t *batchv1alpha1.NetworkTopologySpec) error {
	if t == nil {
		return nil
	}
	return hardTopology(field, string(t.Mode), t.HighestTierAllowed, t.HighestTierName)
}

// podGroupTopology checks the PodGroup's own constraint and those of its subgroups.
func podGroupTopology(spec *schedulingv1beta1.PodGroupSpec) error {
	check := func(field string, t *schedulingv1beta1.NetworkTopologySpec) error {
		if t == nil {
			return nil
		}
		return hardTopology(field, string(t.Mode), t.HighestTierAllowed, t.HighestTierName)
	}
	if err := check("spec.networkTopology", spec.NetworkTopology); err != nil {
		return err
	}
	for i := range spec.SubGroupPolicy {
		if err := check(fmt.Sprintf("spec.subGroupPolicy[%d].networkTopology", i), spec.SubGroupPolicy[i].NetworkTopology); err != nil {
			return err
		}
	}
	return nil
}
