package scheduling

import corev1 "k8s.io/api/core/v1"

// DefaultSearchBudget is the exact search's budget per cluster when Options.SearchBudget is zero. The
// unit is one value examined: setting the search up costs one per free resource value (nodes ×
// resource dimensions), and each node bucket tried costs one more, so a cluster of tens of thousands
// of nodes with several resources needs a larger budget to be searched at all (it reports Unknown,
// never a guess). The default keeps a hopeless cluster to a few milliseconds.
const DefaultSearchBudget = 200_000

// Options tune Check. The zero value follows Volcano's defaults.
type Options struct {
	// StrictPerTask enforces every task's minimum even when the job's minAvailable is smaller than
	// their sum (Volcano does not enforce them then). A warning is reported either way.
	StrictPerTask bool
	// Pipelined counts resources being released by terminating pods (Node.Releasing) as free, as
	// Volcano's pipelined allocation does.
	Pipelined bool
	// Assumed are in-flight placements not yet visible in the snapshots; their requests and one pod
	// slot each are subtracted from their node.
	// Every Cluster and Node must be in the snapshots, and Requests must not name pods.
	Assumed []AssumedPod
	// QueueGate checks the job's minimum resources against its queue's capability − allocated in
	// each cluster and reports the result next to (not inside) the packing verdict.
	QueueGate bool
	// SearchBudget bounds the exact search per cluster (see DefaultSearchBudget); zero means the
	// default, negative is invalid.
	SearchBudget int
}

// AssumedPod is a pod already decided for a node but not yet in the snapshot.
type AssumedPod struct {
	Cluster string `json:"cluster"`
	Node    string `json:"node"`
	// Requests are the pod's resource requests. The pod slot is implied: a pods entry is rejected,
	// as in TaskGroup.PodRequests.
	Requests corev1.ResourceList `json:"requests,omitempty"`
}
