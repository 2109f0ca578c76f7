package scheduling_test

import (
	"errors"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/fleetkit/fleetkit/scheduling"
)

// FuzzCheck feeds arbitrary quantities (parsed strings and raw milli-values) into allocatable,
// requested and pod requests. Check must never panic; it either rejects the input with ErrInvalid or
// returns a verdict, and every Feasible witness must satisfy the constraints.
func FuzzCheck(f *testing.F) {
	f.Add("4", "2", "3", int64(1000), int64(500), uint8(2), uint8(1))
	f.Add("1e30", "-1", "0.5", int64(-1), int64(1<<62), uint8(0), uint8(7))
	f.Add("100Ei", "1m", "9223372036854775807", int64(9223372036854775807), int64(0), uint8(255), uint8(3))
	f.Add("", "abc", "1.000000001", int64(-9223372036854775808), int64(3), uint8(1), uint8(0))
	f.Fuzz(func(t *testing.T, alloc, used, req string, rawA, rawR int64, replicas, min uint8) {
		q := func(s string, raw int64) resource.Quantity {
			if p, err := resource.ParseQuantity(s); err == nil {
				return p
			}
			return *resource.NewMilliQuantity(raw, resource.DecimalSI)
		}
		nodes := []scheduling.Node{
			{Name: "a", Allocatable: corev1.ResourceList{gpu: q(alloc, rawA), corev1.ResourceCPU: q(req, rawR)},
				Requested: corev1.ResourceList{gpu: q(used, rawR)}},
			{Name: "b", Allocatable: corev1.ResourceList{gpu: *resource.NewMilliQuantity(rawA, resource.DecimalSI)}},
		}
		gang := scheduling.Gang{Groups: []scheduling.TaskGroup{
			{Name: "x", Replicas: int32(replicas % 8), Min: ptr(int32(min % 8)), PodRequests: corev1.ResourceList{gpu: q(req, rawR)}},
			{Name: "y", Replicas: int32(min % 4), PodRequests: corev1.ResourceList{corev1.ResourceCPU: q(used, rawA)}},
		}}
		snap := cluster("c", nodes...)
		r, err := scheduling.Check(gang, []scheduling.ClusterSnapshot{snap}, scheduling.Options{})
		if err != nil {
			if !errors.Is(err, scheduling.ErrInvalid) {
				t.Fatalf("error not ErrInvalid: %v", err)
			}
			return
		}
		if res := r.Clusters[0]; res.Verdict == scheduling.Feasible {
			if why := witnessError(gang, snap, false, res.Placement); why != "" {
				t.Fatalf("bad witness: %s", why)
			}
		}
	})
}
