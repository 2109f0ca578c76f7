package volcano

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	resourcehelper "k8s.io/component-helpers/resource"
)

// effectiveRequests is what the scheduler charges for one pod of the template. The API server's
// defaulting copies limits into missing requests when a pod is created, but a Job's template never
// went through pod defaulting, so the copy is made here before PodRequests aggregates init
// containers, sidecars and overhead.
func effectiveRequests(spec *corev1.PodSpec) corev1.ResourceList {
	pod := &corev1.Pod{Spec: *spec.DeepCopy()}
	for i := range pod.Spec.InitContainers {
		defaultRequests(&pod.Spec.InitContainers[i].Resources)
	}
	for i := range pod.Spec.Containers {
		defaultRequests(&pod.Spec.Containers[i].Resources)
	}
	defaultPodLevelRequests(pod)
	return resourcehelper.PodRequests(pod, resourcehelper.PodResourcesOptions{})
}

// defaultPodLevelRequests defaults the pod-level requests of a pod that sets pod-level limits, as
// kube-apiserver does (k8s.io/kubernetes v1.35.4 pkg/apis/core/v1/defaults.go, defaultPodRequests;
// PodLevelResources is on by default since 1.34), after the containers' defaults: a resource the pod
// limits but does not request is requested as much as its containers request together, for
// resources that may be overcommitted, and otherwise as much as its limit.
func defaultPodLevelRequests(pod *corev1.Pod) {
	r := pod.Spec.Resources
	if r == nil || len(r.Limits) == 0 {
		return
	}
	requests := r.Requests.DeepCopy()
	if requests == nil {
		requests = corev1.ResourceList{}
	}
	for name, q := range resourcehelper.AggregateContainerRequests(pod, resourcehelper.PodResourcesOptions{}) {
		if _, ok := requests[name]; !ok && resourcehelper.IsSupportedPodLevelResource(name) && overcommittable(name) {
			requests[name] = q.DeepCopy()
		}
	}
	for name, q := range r.Limits {
		if _, ok := requests[name]; !ok && resourcehelper.IsSupportedPodLevelResource(name) {
			requests[name] = q.DeepCopy()
		}
	}
	if len(requests) > 0 {
		r.Requests = requests
	}
}

// overcommittable is true of the native resources but huge pages (k8s.io/kubernetes v1.35.4
// pkg/apis/core/v1/helper.IsOvercommitAllowed).
func overcommittable(name corev1.ResourceName) bool {
	native := !strings.Contains(string(name), "/") || strings.Contains(string(name), corev1.ResourceDefaultNamespacePrefix)
	return native && !strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix)
}

func defaultRequests(r *corev1.ResourceRequirements) {
	for name, q := range r.Limits {
		if _, ok := r.Requests[name]; ok {
			continue
		}
		if r.Requests == nil {
			r.Requests = corev1.ResourceList{}
		}
		r.Requests[name] = q.DeepCopy()
	}
}

// nodeAffinity returns the pod's node affinity, if any.
func nodeAffinity(spec *corev1.PodSpec) *corev1.NodeAffinity {
	if spec.Affinity == nil || spec.Affinity.NodeAffinity == nil {
		return nil
	}
	return spec.Affinity.NodeAffinity.DeepCopy()
}
