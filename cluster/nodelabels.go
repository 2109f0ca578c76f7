package cluster

import "strings"

// kubeletAllowedLabels are the kubernetes.io/k8s.io label keys a kubelet may set on its own Node.
// The NodeRestriction admission plugin and the kubelet's --node-labels check refuse every other key
// in those namespaces, so a pool carrying one would never register.
func kubeletAllowedLabels() []string {
	return []string{
		"kubernetes.io/hostname", "kubernetes.io/arch", "kubernetes.io/os",
		"beta.kubernetes.io/arch", "beta.kubernetes.io/os", "beta.kubernetes.io/instance-type",
		"node.kubernetes.io/instance-type", "topology.kubernetes.io/region", "topology.kubernetes.io/zone",
		"failure-domain.beta.kubernetes.io/region", "failure-domain.beta.kubernetes.io/zone",
	}
}

// kubeletMaySetLabel reports whether a kubelet may register its Node with the label key.
func kubeletMaySetLabel(key string) bool {
	prefix, _, found := strings.Cut(key, "/")
	if !found {
		return true
	}
	restricted := func(domain string) bool { return prefix == domain || strings.HasSuffix(prefix, "."+domain) }
	if !restricted("kubernetes.io") && !restricted("k8s.io") {
		return true
	}
	for _, allowed := range []string{"kubelet.kubernetes.io", "node.kubernetes.io"} {
		if prefix == allowed || strings.HasSuffix(prefix, "."+allowed) {
			return true
		}
	}
	for _, k := range kubeletAllowedLabels() {
		if k == key {
			return true
		}
	}
	return false
}
