package scheduling_test

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/fleetkit/fleetkit/scheduling"
)

// A 4-GPU pod on two nodes with 2 free GPUs each: a sum-based estimator says it fits; it does not.
func ExampleCheck() {
	gpus := func(n int64) corev1.ResourceList {
		return corev1.ResourceList{"nvidia.com/gpu": *resource.NewQuantity(n, resource.DecimalSI)}
	}
	gang := scheduling.Gang{Name: "train", Groups: []scheduling.TaskGroup{
		{Name: "worker", Replicas: 1, PodRequests: gpus(4)},
	}}
	fragmented := scheduling.ClusterSnapshot{Name: "fragmented", Nodes: []scheduling.Node{
		{Name: "n1", Allocatable: gpus(2)},
		{Name: "n2", Allocatable: gpus(2)},
	}}
	roomy := scheduling.ClusterSnapshot{Name: "roomy", Nodes: []scheduling.Node{
		{Name: "big", Allocatable: gpus(8), Requested: gpus(4)},
	}}
	report, err := scheduling.Check(gang, []scheduling.ClusterSnapshot{fragmented, roomy}, scheduling.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range report.Clusters {
		fmt.Println(c.Cluster, c.Verdict, c.Placement, c.Reasons())
	}
	fmt.Println("best:", report.Best)
	// Output:
	// fragmented Infeasible map[] [Insufficient nvidia.com/gpu: need 4 per pod, largest free 2 0/2 nodes are available: 2 Insufficient nvidia.com/gpu.]
	// roomy Feasible map[big:map[worker:1]] []
	// best: roomy
}

// Task B needs a whole 8-GPU node; placing task A first-fit in task order would take it.
func ExampleCheck_taskOrder() {
	gpus := func(n int64) corev1.ResourceList {
		return corev1.ResourceList{"nvidia.com/gpu": *resource.NewQuantity(n, resource.DecimalSI)}
	}
	gang := scheduling.Gang{Groups: []scheduling.TaskGroup{
		{Name: "a", Replicas: 2, PodRequests: gpus(2)},
		{Name: "b", Replicas: 1, PodRequests: gpus(8)},
	}}
	snap := scheduling.ClusterSnapshot{Name: "c1", Nodes: []scheduling.Node{
		{Name: "n1", Allocatable: gpus(8)},
		{Name: "n2", Allocatable: gpus(4)},
	}}
	report, _ := scheduling.Check(gang, []scheduling.ClusterSnapshot{snap}, scheduling.Options{})
	fmt.Println(report.Clusters[0].Verdict, report.Clusters[0].Placement)
	// Output:
	// Feasible map[n1:map[b:1] n2:map[a:2]]
}

// Certificates carry the failing check with need, have and shortfall.
func ExampleCertificate() {
	gpus := func(n int64) corev1.ResourceList {
		return corev1.ResourceList{"nvidia.com/gpu": *resource.NewQuantity(n, resource.DecimalSI)}
	}
	gang := scheduling.Gang{Groups: []scheduling.TaskGroup{{Name: "worker", Replicas: 10, PodRequests: gpus(1)}}}
	snap := scheduling.ClusterSnapshot{Name: "c1", Nodes: []scheduling.Node{{Name: "n1", Allocatable: gpus(6)}}}
	report, _ := scheduling.Check(gang, []scheduling.ClusterSnapshot{snap}, scheduling.Options{})
	c := report.Clusters[0].Certificate
	fmt.Println(c.Check, c.Group, c.Resource, c.Need.String(), c.Have.String(), c.Short.String())
	// Output:
	// GroupCapacity worker pods 10 6 4
}
