package karmada

import (
	"math"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/fleetkit/fleetkit/fleet"
)

// modelEstimate is Karmada's getMaximumReplicasBasedOnResourceModels (pkg/estimator/client/general.go,
// v1.17.1): the replicas the member's nodes hold, counted per resource model grade. The first grade
// whose lower bound covers every positive request, and each grade above it, contribute their node
// count times the replicas that grade's lower bounds hold (at least one). ok is false where Karmada
// finds the models inapplicable (a requested resource no model bounds) and falls back to the summary.
// Karmada walks the requests in Go map order and stops at the first inapplicable or uncovered
// resource, so a request with both has two answers there (the summary's or 0); fleetkit always
// gives the summary's.
//
// Products and sums wrap in int64 as Karmada's do: a workload with a node claim and no requests
// holds math.MaxInt64 replicas per node, and Karmada adds those up.
func modelEstimate(c fleet.Capacity, requests corev1.ResourceList) (n int64, ok bool) {
	mins := modelMins(c.Models)
	for name, req := range requests {
		if _, found := mins[name]; !found && req.Value() > 0 {
			return 0, false
		}
	}
	first := 0
	for name, req := range requests {
		if req.Value() <= 0 {
			continue
		}
		i := firstCovering(mins[name], req)
		if i < 0 {
			return 0, true
		}
		first = max(first, i)
	}
	for i := first; i < len(c.Models); i++ {
		count := nodesInGrade(c, i)
		if count == 0 {
			continue
		}
		n += int64(count) * perNode(i, requests, mins)
	}
	return n, true
}

// modelMins lists each resource's lower bounds in model order, as Karmada's
// convertToResourceModelsMinMap does.
func modelMins(models []fleet.ResourceModel) map[corev1.ResourceName][]resource.Quantity {
	out := make(map[corev1.ResourceName][]resource.Quantity)
	for _, m := range models {
		for _, r := range m.Ranges {
			out[r.Name] = append(out[r.Name], r.Min)
		}
	}
	return out
}

// firstCovering is the first grade whose lower bound is at least req, or -1.
func firstCovering(bounds []resource.Quantity, req resource.Quantity) int {
	for i, b := range bounds {
		if b.Cmp(req) >= 0 {
			return i
		}
	}
	return -1
}

// nodesInGrade is the modelings' count at the grade's position. Karmada indexes the modelings by the
// models' positions and would fail on a shorter list; fleet.Member.Validate refuses one, and here a
// missing count is no nodes.
func nodesInGrade(c fleet.Capacity, i int) int {
	if i >= len(c.AllocatableModelings) {
		return 0
	}
	return c.AllocatableModelings[i].Count
}

// perNode is how many replicas a node of grade i holds: the fewest any requested resource's lower
// bound holds (CPU in millicores), and at least one, since the grade was chosen to fit a replica.
func perNode(i int, requests corev1.ResourceList, mins map[corev1.ResourceName][]resource.Quantity) int64 {
	most := int64(math.MaxInt64)
	for name, req := range requests {
		want := req.Value()
		if want <= 0 {
			continue
		}
		bounds := mins[name]
		if i >= len(bounds) { // models over different resources: Karmada's validation refuses them
			return 0
		}
		have := bounds[i].Value()
		if name == corev1.ResourceCPU {
			want, have = req.MilliValue(), bounds[i].MilliValue()
		}
		most = min(most, have/want)
	}
	if most == 0 {
		return 1
	}
	return most
}
