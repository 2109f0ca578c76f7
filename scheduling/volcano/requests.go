package volcano

import (
	corev1 "k8s.io/api/core/v1"
	resourcehelper "k8s.io/component-helpers/resource"

	"github.com/fleetkit/fleetkit/internal/podresources"
)

// effectiveRequests is what the scheduler charges for one pod of the template. A Job's template never
// went through pod defaulting, so kube-apiserver's resource defaulting of a created Pod is applied
// here (internal/podresources: containers' limits into missing requests, pod-level requests and
// hugepage limits from the containers') before PodRequests aggregates init containers, sidecars,
// pod-level resources and overhead.
func effectiveRequests(spec *corev1.PodSpec) corev1.ResourceList {
	pod := &corev1.Pod{Spec: *spec.DeepCopy()}
	podresources.Default(pod)
	return resourcehelper.PodRequests(pod, resourcehelper.PodResourcesOptions{})
}

// nodeAffinity returns the pod's node affinity, if any.
func nodeAffinity(spec *corev1.PodSpec) *corev1.NodeAffinity {
	if spec.Affinity == nil || spec.Affinity.NodeAffinity == nil {
		return nil
	}
	return spec.Affinity.NodeAffinity.DeepCopy()
}
