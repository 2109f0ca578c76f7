package karmada

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
)

// PodRequests is one replica's resource request as Karmada's resource interpreter computes it from a
// pod spec (pkg/util/resource.go AddPodTemplateRequest and ResourceList, v1.17.1): a container's
// limits stand in for the requests it does not set; containers add up; each init container raises a
// resource to its own request where that is higher; the pod overhead adds. Only CPU (in
// millicores), memory, ephemeral storage, pods and scalar resources (extended resources, hugepages,
// attachable volumes) count, every one but CPU in whole units rounded up. Resources that add up to
// zero are left out; nil means nothing is requested.
func PodRequests(spec *corev1.PodSpec) corev1.ResourceList {
	sum := map[corev1.ResourceName]int64{}
	for i := range spec.Containers {
		for name, q := range effectiveRequests(&spec.Containers[i]) {
			if counted(name) {
				sum[name] += amount(name, q)
			}
		}
	}
	for i := range spec.InitContainers {
		for name, q := range effectiveRequests(&spec.InitContainers[i]) {
			if counted(name) {
				sum[name] = max(sum[name], amount(name, q))
			}
		}
	}
	for name, q := range spec.Overhead {
		if counted(name) {
			sum[name] += amount(name, q)
		}
	}
	return requestList(sum)
}

// effectiveRequests are a container's requests with its limits filling the gaps.
func effectiveRequests(c *corev1.Container) corev1.ResourceList {
	out := make(corev1.ResourceList, len(c.Resources.Requests)+len(c.Resources.Limits))
	for name, q := range c.Resources.Limits {
		out[name] = q
	}
	for name, q := range c.Resources.Requests {
		out[name] = q
	}
	return out
}

// amount is the integer Karmada keeps for a quantity: millicores for CPU, units (rounded up) otherwise.
func amount(name corev1.ResourceName, q resource.Quantity) int64 {
	if name == corev1.ResourceCPU {
		return q.MilliValue()
	}
	return q.Value()
}

// requestList renders the positive sums in the formats Karmada uses: CPU in millicores, memory,
// ephemeral storage and hugepages in binary units, the rest decimal.
func requestList(sum map[corev1.ResourceName]int64) corev1.ResourceList {
	out := corev1.ResourceList{}
	for name, n := range sum {
		switch {
		case n <= 0:
		case name == corev1.ResourceCPU:
			out[name] = *resource.NewMilliQuantity(n, resource.DecimalSI)
		case name == corev1.ResourceMemory, name == corev1.ResourceEphemeralStorage,
			strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix):
			out[name] = *resource.NewQuantity(n, resource.BinarySI)
		default:
			out[name] = *resource.NewQuantity(n, resource.DecimalSI)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// hasNodeClaim mirrors Karmada's GenerateNodeClaimByPodSpec returning a claim: a node selector,
// required node affinity or tolerations.
func hasNodeClaim(spec *corev1.PodSpec) bool {
	hardAffinity := spec.Affinity != nil && spec.Affinity.NodeAffinity != nil &&
		spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution != nil
	return spec.NodeSelector != nil || hardAffinity || len(spec.Tolerations) > 0
}

// counted reports whether Karmada's resource arithmetic keeps a resource: cpu, memory, ephemeral
// storage, pods, or a scalar resource.
func counted(name corev1.ResourceName) bool {
	switch name {
	case corev1.ResourceCPU, corev1.ResourceMemory, corev1.ResourceEphemeralStorage, corev1.ResourcePods:
		return true
	}
	return isScalarResource(string(name))
}

// isScalarResource is Kubernetes' IsScalarResourceName as Karmada lifts it (pkg/util/lifted): an extended
// resource (a qualified, domain-prefixed name outside kubernetes.io/), a kubernetes.io/-prefixed name, a
// hugepages-* size, or an attachable-volumes-* limit.
func isScalarResource(name string) bool {
	switch {
	case strings.HasPrefix(name, corev1.ResourceHugePagesPrefix), strings.HasPrefix(name, corev1.ResourceAttachableVolumesPrefix),
		strings.Contains(name, corev1.ResourceDefaultNamespacePrefix):
		return true
	case !strings.Contains(name, "/"), strings.HasPrefix(name, corev1.DefaultResourceRequestsPrefix):
		return false
	}
	return len(validation.IsQualifiedName(corev1.DefaultResourceRequestsPrefix+name)) == 0
}
