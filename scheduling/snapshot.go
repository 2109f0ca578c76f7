package scheduling

import corev1 "k8s.io/api/core/v1"

// ClusterSnapshot is the scheduling state of one cluster at a point in time.
type ClusterSnapshot struct {
	// Name identifies the cluster; unique within a Check call.
	Name string `json:"name"`
	// Nodes are the cluster's nodes; names are unique within the cluster.
	Nodes []Node `json:"nodes"`
	// Queues are the cluster's Volcano queues, used by the queue gate (Options.QueueGate).
	Queues []Queue `json:"queues,omitempty"`
}

// Node is one node's schedulable state.
type Node struct {
	Name string `json:"name"`
	// Allocatable is the node's status.allocatable. A missing resource counts as zero, except "pods"
	// (see the package documentation).
	Allocatable corev1.ResourceList `json:"allocatable,omitempty"`
	// Requested is the sum of the effective requests of the non-terminal pods bound to the node, with
	// "pods" set to their number.
	Requested corev1.ResourceList `json:"requested,omitempty"`
	// Releasing is what terminating pods on the node will give back; counted as free only with
	// Options.Pipelined.
	Releasing corev1.ResourceList `json:"releasing,omitempty"`
	Labels    map[string]string   `json:"labels,omitempty"`
	Taints    []corev1.Taint      `json:"taints,omitempty"`
	// Unschedulable is spec.unschedulable (cordoned).
	Unschedulable bool `json:"unschedulable,omitempty"`
	// NotReady says the node's Ready condition is not True; such a node takes no pods. The zero value is
	// a ready node, in Go as in files (where notReady is omitted).
	NotReady bool `json:"notReady,omitempty"`
}

// Queue is a Volcano queue's capacity state: what it may use and what its jobs already hold.
type Queue struct {
	Name string `json:"name"`
	// Capability is the queue's upper bound; a resource missing from it is unlimited.
	Capability corev1.ResourceList `json:"capability,omitempty"`
	// Allocated is what the queue's running jobs hold.
	Allocated corev1.ResourceList `json:"allocated,omitempty"`
}
