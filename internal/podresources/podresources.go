// Package podresources applies kube-apiserver's defaulting of a Pod's resources (k8s.io/kubernetes
// v1.35.4 pkg/apis/core/v1/defaults.go, SetDefaults_Pod): each container's and init container's
// limits are copied into its missing requests, then, with PodLevelResources (beta, on by default
// since 1.34), the pod-level hugepage limits and requests are filled from the containers'. policy/defaults
// (offline evaluation, proven by its differential test against the real API server) and
// scheduling/volcano (what a gang's pod is charged) share it.
package podresources

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	resourcehelper "k8s.io/component-helpers/resource"
)

// Default applies the defaulting to p in place.
func Default(p *corev1.Pod) {
	s := &p.Spec
	for _, cs := range [][]corev1.Container{s.Containers, s.InitContainers} {
		for i := range cs {
			requestsFromLimits(&cs[i].Resources)
		}
	}
	podLevel(p)
}

// requestsFromLimits copies a container's limits into its missing requests.
func requestsFromLimits(r *corev1.ResourceRequirements) {
	if r.Limits == nil {
		return
	}
	if r.Requests == nil {
		r.Requests = corev1.ResourceList{}
	}
	for name, q := range r.Limits {
		if _, ok := r.Requests[name]; !ok {
			r.Requests[name] = q.DeepCopy()
		}
	}
}

// podLevel fills pod-level requests and hugepage limits from the containers' when the Pod sets
// pod-level resources.
func podLevel(p *corev1.Pod) {
	r := p.Spec.Resources
	if r == nil {
		return
	}
	if len(r.Limits) > 0 || len(r.Requests) > 0 {
		hugePageLimits(p, r)
	}
	if len(r.Limits) > 0 {
		requests(p, r)
	}
}

// hugePageLimits sets a hugepage limit the Pod neither requests nor limits to the containers'
// aggregate limit.
func hugePageLimits(p *corev1.Pod, r *corev1.ResourceRequirements) {
	limits := r.Limits
	if limits == nil {
		limits = corev1.ResourceList{}
	}
	for name, q := range resourcehelper.AggregateContainerLimits(p, resourcehelper.PodResourcesOptions{}) {
		_, requested := r.Requests[name]
		_, limited := limits[name]
		if resourcehelper.IsSupportedPodLevelResource(name) && IsHugePages(name) && !requested && !limited {
			limits[name] = q.DeepCopy()
		}
	}
	if len(limits) > 0 {
		r.Limits = limits
	}
}

// requests fills missing pod-level requests: overcommittable resources from the containers'
// aggregate requests, then every limited resource from its limit.
func requests(p *corev1.Pod, r *corev1.ResourceRequirements) {
	reqs := r.Requests
	if reqs == nil {
		reqs = corev1.ResourceList{}
	}
	for name, q := range resourcehelper.AggregateContainerRequests(p, resourcehelper.PodResourcesOptions{}) {
		if _, ok := reqs[name]; !ok && resourcehelper.IsSupportedPodLevelResource(name) && Overcommittable(name) {
			reqs[name] = q.DeepCopy()
		}
	}
	for name, q := range r.Limits {
		if _, ok := reqs[name]; !ok && resourcehelper.IsSupportedPodLevelResource(name) {
			reqs[name] = q.DeepCopy()
		}
	}
	if len(reqs) > 0 {
		r.Requests = reqs
	}
}

// IsHugePages is true of the hugepages-<size> resources.
func IsHugePages(name corev1.ResourceName) bool {
	return strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix)
}

// Overcommittable is true for native resources other than hugepages: unprefixed names and names in the
// kubernetes.io/ namespace (k8s.io/kubernetes v1.35.4 pkg/apis/core/v1/helper.IsOvercommitAllowed). The
// API server defaults the pod-level requests of these only, and requires any other resource a container
// requests to have a limit equal to the request (scheduling/volcano checks that).
func Overcommittable(name corev1.ResourceName) bool {
	native := !strings.Contains(string(name), "/") || strings.Contains(string(name), corev1.ResourceDefaultNamespacePrefix)
	return native && !IsHugePages(name)
}
