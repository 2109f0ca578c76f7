package scheduling

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
)

// WholeUnits reports whether the API server accepts only whole units of the resource: pods and every
// extended resource such as nvidia.com/gpu (pkg/apis/core/validation's validateResourceQuantityValue,
// k8s.io/kubernetes v1.35.4, refuses a fraction of them with "must be an integer"). Check and Validate
// refuse a fraction of such a resource in a request, a node or a queue.
func WholeUnits(name corev1.ResourceName) bool {
	return name == corev1.ResourcePods || extendedResource(name)
}

// extendedResource mirrors IsExtendedResourceName (k8s.io/kubernetes v1.35.4,
// pkg/apis/core/v1/helper/helpers.go): a name with a domain outside *kubernetes.io/, not starting with
// "requests.", that is still a qualified name with "requests." in front (as a quota names it).
func extendedResource(name corev1.ResourceName) bool {
	s := string(name)
	native := !strings.Contains(s, "/") || strings.Contains(s, corev1.ResourceDefaultNamespacePrefix)
	if native || strings.HasPrefix(s, corev1.DefaultResourceRequestsPrefix) {
		return false
	}
	return len(validation.IsQualifiedName(corev1.DefaultResourceRequestsPrefix+s)) == 0
}

// WholeUnitsReason says why a fraction of name, a resource for which WholeUnits is true, is refused.
func WholeUnitsReason(name corev1.ResourceName) string {
	if name == corev1.ResourcePods {
		return "must be an integer: pods are counted whole"
	}
	return "must be an integer: " + string(name) + " is an extended resource, which the API server accepts only in whole units"
}
