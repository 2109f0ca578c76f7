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
// node). Preferred terms and ScheduleAnyway constraints only score nodes and are accepted. Host ports
// are refused too (hostPortProblems).
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
	return hostPortProblems(field, spec)
}

// hostPortProblems refuses a host port: kube-scheduler's NodePorts filter (run by Volcano's predicates)
// lets at most one pod bind a host port on a node, and the engine has no per-node limit for a task
// group. The ports are those k8s.io/kubernetes v1.35.4 pkg/scheduler/util/utils.go GetHostPorts
// reads: the app containers' and those of sidecar init containers (restartPolicy Always), where a
// host-network pod's container ports become host ports when the pod is created
// (pkg/apis/core/v1/defaults.go, defaultHostNetworkPorts).
func hostPortProblems(field string, spec *corev1.PodSpec) error {
	return eachContainer(field, spec, func(f string, c *corev1.Container, init bool) error {
		if init && (c.RestartPolicy == nil || *c.RestartPolicy != corev1.ContainerRestartPolicyAlways) {
			return nil // an init container that runs to completion holds no port
		}
		for k, p := range c.Ports {
			pf := fmt.Sprintf("%s.ports[%d]", f, k)
			switch {
			case p.HostPort > 0:
				return invalid(pf+".hostPort", "host port %d: at most one pod per node can bind it, and the gang check does not model host ports", p.HostPort)
			case spec.HostNetwork:
				return invalid(pf+".containerPort", "host port %d (hostNetwork makes container ports host ports): at most one pod per node can bind it, and the gang check does not model host ports", p.ContainerPort)
			}
		}
		return nil
	})
}
