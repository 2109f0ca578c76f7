package volcano

import (
	"fmt"
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"

	"github.com/fleetkit/fleetkit/internal/podresources"
)

// limitProblems refuses the container resources kube-apiserver's Pod validation refuses
// (k8s.io/kubernetes v1.35.4 pkg/apis/core/validation ValidateResourceRequirements): a request above
// its limit, and a resource that cannot be overcommitted (an extended resource such as
// nvidia.com/gpu, or hugepages) requested without a limit or with a request other than its limit.
// Volcano's job admission runs that validation on every task template (validateTaskTemplate), and
// the API server on every pod, so such a task never runs: charging its requests would report a
// gang Feasible that Volcano refuses. field is the container's resources path.
func limitProblems(field string, r *corev1.ResourceRequirements) error {
	for _, name := range slices.Sorted(maps.Keys(r.Requests)) {
		req := r.Requests[name]
		lim, limited := r.Limits[name]
		switch {
		case !limited && !podresources.Overcommittable(name):
			return invalid(fmt.Sprintf("%s.limits[%s]", field, name),
				"required: %s cannot be overcommitted, so a container requesting %s must set a limit equal to it", name, req.String())
		case limited && !podresources.Overcommittable(name) && req.Cmp(lim) != 0:
			return invalid(fmt.Sprintf("%s.requests[%s]", field, name),
				"%s must equal the limit %s: %s cannot be overcommitted", req.String(), lim.String(), name)
		case limited && req.Cmp(lim) > 0:
			return invalid(fmt.Sprintf("%s.requests[%s]", field, name), "%s is above the limit %s", req.String(), lim.String())
		}
	}
	return nil
}
