package defaults

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	resourcehelper "k8s.io/component-helpers/resource"
)

// defaultPodLevelResources fills pod-level requests and hugepage limits from the containers' when the Pod
// sets pod-level resources (PodLevelResources is beta and on by default in 1.35; SetDefaults_Pod).
func defaultPodLevelResources(p *corev1.Pod) {
	r := p.Spec.Resources
	if r == nil {
		return
	}
	if len(r.Limits) > 0 || len(r.Requests) > 0 {
		defaultPodLevelHugePageLimits(p, r)
	}
	if len(r.Limits) > 0 {
		defaultPodLevelRequests(p, r)
	}
}

// defaultPodLevelHugePageLimits sets a hugepage limit the Pod neither requests nor limits to the
// containers' aggregate limit.
func defaultPodLevelHugePageLimits(p *corev1.Pod, r *corev1.ResourceRequirements) {
	limits := r.Limits
	if limits == nil {
		limits = corev1.ResourceList{}
	}
	for name, q := range resourcehelper.AggregateContainerLimits(p, resourcehelper.PodResourcesOptions{}) {
		_, requested := r.Requests[name]
		_, limited := limits[name]
		if resourcehelper.IsSupportedPodLevelResource(name) && isHugePages(name) && !requested && !limited {
			limits[name] = q.DeepCopy()
		}
	}
	if len(limits) > 0 {
		r.Limits = limits
	}
}

// defaultPodLevelRequests fills missing pod-level requests: overcommittable resources from the
// containers' aggregate requests, then every limited resource from its limit.
func defaultPodLevelRequests(p *corev1.Pod, r *corev1.ResourceRequirements) {
	requests := r.Requests
	if requests == nil {
		requests = corev1.ResourceList{}
	}
	for name, q := range resourcehelper.AggregateContainerRequests(p, resourcehelper.PodResourcesOptions{}) {
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

func isHugePages(name corev1.ResourceName) bool {
	return strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix)
}

// overcommittable is true for native resources other than hugepages: unprefixed names and names in the
// kubernetes.io/ namespace.
func overcommittable(name corev1.ResourceName) bool {
	native := !strings.Contains(string(name), "/") || strings.Contains(string(name), corev1.ResourceDefaultNamespacePrefix)
	return native && !isHugePages(name)
}

// qosClass computes the Pod's QoS class as the pod registry does on create (kubernetes v1.35.4
// pkg/apis/core/helper/qos): from pod-level resources when set, otherwise from the regular and init
// containers' cpu and memory.
func qosClass(p *corev1.Pod) corev1.PodQOSClass {
	requests, limits := corev1.ResourceList{}, corev1.ResourceList{}
	guaranteed := true
	if r := p.Spec.Resources; r != nil {
		addQoSResources(requests, r.Requests)
		if len(r.Limits) > 0 && !addQoSResources(limits, r.Limits) {
			guaranteed = false
		}
	} else {
		for _, cs := range [][]corev1.Container{p.Spec.Containers, p.Spec.InitContainers} {
			for _, c := range cs {
				addQoSResources(requests, c.Resources.Requests)
				if !addQoSResources(limits, c.Resources.Limits) {
					guaranteed = false
				}
			}
		}
	}
	if len(requests) == 0 && len(limits) == 0 {
		return corev1.PodQOSBestEffort
	}
	if guaranteed && len(requests) == len(limits) {
		for name, req := range requests {
			if lim, ok := limits[name]; !ok || lim.Cmp(req) != 0 {
				return corev1.PodQOSBurstable
			}
		}
		return corev1.PodQOSGuaranteed
	}
	return corev1.PodQOSBurstable
}

// addQoSResources sums the positive cpu and memory quantities of from into to, and reports whether both
// were positive in from.
func addQoSResources(to, from corev1.ResourceList) bool {
	found := 0
	for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		q, ok := from[name]
		if !ok || q.Cmp(resource.Quantity{}) <= 0 {
			continue
		}
		found++
		sum := q.DeepCopy()
		if prev, ok := to[name]; ok {
			sum.Add(prev)
		}
		to[name] = sum
	}
	return found == 2
}
