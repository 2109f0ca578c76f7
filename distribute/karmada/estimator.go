package karmada

import (
	"math"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/fleetkit/fleetkit/fleet"
)

// GeneralEstimate is Karmada's general estimator (pkg/estimator/client/general.go, v1.17.1): how
// many replicas, each requesting requests, a member's free capacity holds. Free pods are allocatable
// minus allocated minus allocating pods; none (or no allocatable pods at all) means 0. Each requested
// resource with a positive amount bounds the answer by its free amount divided by the request
// (CPU in millicores, everything else in whole units rounded up, as Quantity.Value does); a
// requested resource the member has no allocatable amount of, or no free amount, means 0. The
// answer is the minimum, converted to int32 as Karmada converts it.
//
// A member with resource modelings (fleet.Capacity.AllocatableModelings, which Karmada's
// cluster-status controller reports for the default CPU and memory models every Cluster gets) is
// estimated from its node grades instead, as Karmada's CustomizedClusterResourceModeling feature (on
// by default) does: free pods bound the answer, the summary's other resources do not. Where the
// models do not bound a requested resource, the summary is used.
//
// requests nil means a workload without replica requirements (free pods are the answer); a non-nil
// list, even empty, one with requirements (Karmada's spec.replicaRequirements, set for a node claim
// without requests too). The two differ only for a member with modelings.
func GeneralEstimate(c fleet.Capacity, requests corev1.ResourceList) int32 {
	pods := freeCount(c, corev1.ResourcePods)
	if pods <= 0 {
		return 0
	}
	if requests == nil {
		return int32(pods) // #nosec G115 -- wraps above MaxInt32 exactly as Karmada's conversion does
	}
	if len(c.AllocatableModelings) > 0 {
		if n, ok := modelEstimate(c, requests); ok {
			return int32(min(pods, n)) // #nosec G115 -- as above
		}
	}
	return summaryEstimate(c, requests, pods)
}

// summaryEstimate bounds pods by each requested resource's free amount in the cluster-wide summary.
func summaryEstimate(c fleet.Capacity, requests corev1.ResourceList, pods int64) int32 {
	most := pods
	for name, req := range requests {
		if req.Value() <= 0 {
			continue
		}
		fits := fitting(c, name, req)
		if fits < most {
			most = fits
		}
	}
	return int32(most) // #nosec G115 -- wraps above MaxInt32 exactly as Karmada's conversion does
}

// freeCount is allocatable − allocated − allocating of a resource as an integer count, 0 when
// none is left.
func freeCount(c fleet.Capacity, name corev1.ResourceName) int64 {
	n := value(c.Allocatable, name) - value(c.Allocated, name) - value(c.Allocating, name)
	return max(n, 0)
}

func value(l corev1.ResourceList, name corev1.ResourceName) int64 {
	q, ok := l[name]
	if !ok {
		return 0
	}
	return q.Value()
}

// fitting is how many requests of one resource the member's free amount holds.
func fitting(c fleet.Capacity, name corev1.ResourceName, req resource.Quantity) int64 {
	free, ok := c.Allocatable[name]
	if !ok {
		return 0
	}
	free = free.DeepCopy()
	if q, ok := c.Allocated[name]; ok {
		free.Sub(q)
	}
	if q, ok := c.Allocating[name]; ok {
		free.Sub(q)
	}
	if free.Value() <= 0 {
		return 0
	}
	if name == corev1.ResourceCPU {
		return free.MilliValue() / req.MilliValue()
	}
	return free.Value() / req.Value()
}

// noEstimate is the estimators' "no limit" answer.
const noEstimate = math.MaxInt32
