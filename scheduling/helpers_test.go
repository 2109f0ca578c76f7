package scheduling_test

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/fleetkit/fleetkit/scheduling"
)

const gpu corev1.ResourceName = "nvidia.com/gpu"

// rl builds a ResourceList from name/quantity pairs.
func rl(kv ...string) corev1.ResourceList {
	out := corev1.ResourceList{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[corev1.ResourceName(kv[i])] = resource.MustParse(kv[i+1])
	}
	return out
}

// gpuNode is a ready node with the given free GPUs (allocatable only).
func gpuNode(name string, gpus string) scheduling.Node {
	return scheduling.Node{Name: name, Allocatable: rl(string(gpu), gpus, "pods", "110")}
}

func gpuGroup(name string, replicas int32, gpus string) scheduling.TaskGroup {
	return scheduling.TaskGroup{Name: name, Replicas: replicas, PodRequests: rl(string(gpu), gpus)}
}

func ptr[T any](v T) *T { return &v }

func cluster(name string, nodes ...scheduling.Node) scheduling.ClusterSnapshot {
	return scheduling.ClusterSnapshot{Name: name, Nodes: nodes}
}
