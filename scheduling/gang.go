package scheduling

import corev1 "k8s.io/api/core/v1"

// Gang is an all-or-nothing job: task groups whose pods must be placed together.
type Gang struct {
	// Name identifies the job in reports.
	Name string `json:"name,omitempty"`
	// Groups are the task groups (Volcano tasks). Names are unique.
	Groups []TaskGroup `json:"groups"`
	// MinAvailable is the job-level minimum number of pods that must run at once. Zero means the sum
	// of the task minimums, as Volcano's admission defaults it.
	MinAvailable int32 `json:"minAvailable,omitempty"`
	// Queue is the Volcano queue the job is submitted to; used by the queue gate.
	Queue string `json:"queue,omitempty"`
}

// TaskGroup is a set of identical pods (a Volcano task).
type TaskGroup struct {
	// Name is unique within the gang.
	Name string `json:"name"`
	// Replicas is the number of pods of the group.
	Replicas int32 `json:"replicas"`
	// Min is the task's minAvailable; nil means Replicas, as Volcano defaults it.
	Min *int32 `json:"min,omitempty"`
	// PodRequests is the effective request of one pod (init containers, sidecars and overhead
	// included, as k8s.io/component-helpers/resource.PodRequests computes it).
	PodRequests corev1.ResourceList `json:"podRequests,omitempty"`
	// NodeSelector must match the node's labels exactly.
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	// Affinity's requiredDuringSchedulingIgnoredDuringExecution must match the node; preferred terms
	// do not affect feasibility.
	Affinity *corev1.NodeAffinity `json:"affinity,omitempty"`
	// Tolerations must tolerate every NoSchedule and NoExecute taint of a node.
	Tolerations []corev1.Toleration `json:"tolerations,omitempty"`
}
