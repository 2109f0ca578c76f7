package volcano

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// placementProblems refuses a pod spec's placement constraints that decide where a pod may go from
// where other pods are: required pod affinity and anti-affinity, and topology spread constraints with
// whenUnsatisfiable DoNotSchedule. Volcano's predicates plugin (volcano-sh/volcano v1.14,
// pkg/scheduler/plugins/predicates/predicates.go) runs kube-scheduler's InterPodAffinity and
// PodTopologySpread filters on them; the engine packs pods by node resources and labels only, so
// dropping them would report placements the scheduler never makes (two anti-affine workers on one
// node). Preferred terms and ScheduleAnyway constraints only score nodes and are accepted.
func placementProblems(field string, spec *corev1.PodSpec) error {
	const unmodelled = "the gang check does not model placement relative to other pods; Volcano's scheduler enforces it"
	if a := spec.Affinity; a != nil {
		if a.PodAffinity != nil && len(a.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution) > 0 {
			return invalid(field+".affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution", "%s", unmodelled)
		}
		if a.PodAntiAffinity != nil && len(a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution) > 0 {
			return invalid(field+".affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution", "%s", unmodelled)
		}
	}
	for i, c := range spec.TopologySpreadConstraints {
		if c.WhenUnsatisfiable != corev1.ScheduleAnyway {
			return invalid(fmt.Sprintf("%s.topologySpreadConstraints[%d].whenUnsatisfiable", field, i),
				"%s (only ScheduleAnyway is accepted)", unmodelled)
		}
	}
	return nil
}
