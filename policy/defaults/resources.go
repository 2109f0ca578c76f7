package defaults

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

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
