package scheduling

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// Verdict is the answer for one cluster.
type Verdict string

// The three verdicts. Unknown is only ever the exact search running out of budget.
const (
	Feasible   Verdict = "Feasible"
	Infeasible Verdict = "Infeasible"
	Unknown    Verdict = "Unknown"
)

// CheckName names the check whose failure a Certificate records.
type CheckName string

// The checks, in the order they run.
const (
	// CheckNoEligibleNode: no node passes readiness, cordon, selector, affinity and taints for a group.
	CheckNoEligibleNode CheckName = "NoEligibleNode"
	// CheckPodFit: no single eligible node fits one pod of a group on all resources at once.
	CheckPodFit CheckName = "PodFit"
	// CheckGroupCapacity: Σ_nodes min_r ⌊free_r/request_r⌋ is below the group's minimum.
	CheckGroupCapacity CheckName = "GroupCapacity"
	// CheckJobCapacity: even counting each group's capacity on its own, fewer pods fit than the job's
	// minAvailable.
	CheckJobCapacity CheckName = "JobCapacity"
	// CheckAggregateResource: the gang needs more of a resource than all eligible nodes have free.
	CheckAggregateResource CheckName = "AggregateResource"
	// CheckExhaustiveSearch: the exact search explored every placement and none fits.
	CheckExhaustiveSearch CheckName = "ExhaustiveSearch"
)

// Placement is a witness: pods of each task group per node, node name → group name → pods.
type Placement map[string]map[string]int32

// Pods returns the number of pods of group placed in p.
func (p Placement) Pods(group string) int32 {
	var n int32
	for _, groups := range p {
		n += groups[group]
	}
	return n
}

// ReasonCount is one line of a kube-scheduler style histogram: how many nodes failed for a reason.
type ReasonCount struct {
	Reason string `json:"reason"`
	Nodes  int    `json:"nodes"`
}

// Certificate explains an Infeasible verdict. Need, Have and Short are in the resource's units, or in
// pods when Resource is "pods".
type Certificate struct {
	Check    CheckName           `json:"check"`
	Group    string              `json:"group,omitempty"`
	Resource corev1.ResourceName `json:"resource,omitempty"`
	Need     resource.Quantity   `json:"need"`
	Have     resource.Quantity   `json:"have"`
	Short    resource.Quantity   `json:"short"`
	// Message is the one-line explanation, e.g. "Insufficient nvidia.com/gpu: need 4 per pod, largest
	// free 2".
	Message string `json:"message"`
	// Nodes is the number of nodes the check looked at; Reasons is why they failed.
	Nodes   int           `json:"nodes"`
	Reasons []ReasonCount `json:"reasons,omitempty"`
}

// Summary renders the node histogram the way kube-scheduler words a FailedScheduling event, e.g.
// "0/2 nodes are available: 2 Insufficient nvidia.com/gpu.". It is empty when there is no histogram.
func (c *Certificate) Summary() string {
	if len(c.Reasons) == 0 {
		return ""
	}
	parts := make([]string, len(c.Reasons))
	for i, r := range c.Reasons {
		parts[i] = fmt.Sprintf("%d %s", r.Nodes, r.Reason)
	}
	return fmt.Sprintf("0/%d nodes are available: %s.", c.Nodes, strings.Join(parts, ", "))
}

// QueueResult is the queue gate's answer, reported next to the packing verdict.
type QueueResult struct {
	Queue    string              `json:"queue"`
	Admitted bool                `json:"admitted"`
	Resource corev1.ResourceName `json:"resource,omitempty"`
	Need     resource.Quantity   `json:"need"`
	Have     resource.Quantity   `json:"have"`
	Message  string              `json:"message"`
}

// ClusterResult is the verdict for one cluster.
type ClusterResult struct {
	Cluster string  `json:"cluster"`
	Verdict Verdict `json:"verdict"`
	// Placement is the witness of a Feasible verdict: it places every group's minimum.
	Placement Placement `json:"placement,omitempty"`
	// Certificate explains an Infeasible verdict.
	Certificate *Certificate `json:"certificate,omitempty"`
	// Queue is the queue gate's answer when Options.QueueGate is set.
	Queue *QueueResult `json:"queue,omitempty"`
	// SearchSteps is the budget the exact search used (zero when it did not run).
	SearchSteps int `json:"searchSteps,omitempty"`
	// Message is a one-line explanation of the verdict.
	Message string `json:"message"`
}

// Reasons returns the human-readable reasons of the verdict: none for Feasible; the certificate's
// message and kube-scheduler summary for Infeasible; the budget note for Unknown.
func (r ClusterResult) Reasons() []string {
	out := []string{}
	if r.Verdict == Feasible {
		return out
	}
	out = append(out, r.Message)
	if r.Certificate != nil {
		if s := r.Certificate.Summary(); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Rank is one line of the fleet ranking.
type Rank struct {
	Cluster string  `json:"cluster"`
	Verdict Verdict `json:"verdict"`
	// Reason says why the cluster is ranked where it is.
	Reason string `json:"reason"`
}

// Report is the fleet answer: a verdict per cluster (in input order) and a ranking. Clusters are never
// summed: a gang either fits one cluster or it does not fit that cluster.
type Report struct {
	Gang     string          `json:"gang,omitempty"`
	Clusters []ClusterResult `json:"clusters"`
	// Ranking lists every cluster: Feasible ones best fit first (the placement that leaves the least
	// of the gang's scarcest resource idle), then Unknown, then Infeasible ones closest to fitting first.
	Ranking []Rank `json:"ranking"`
	// Best is the first Feasible cluster of the ranking, empty when none is feasible.
	Best string `json:"best"`
	// Warnings are about semantics the caller should know, such as unenforced task minimums.
	Warnings []string `json:"warnings,omitempty"`
}

// Result returns the result for the named cluster.
func (r Report) Result(cluster string) (ClusterResult, bool) {
	for _, c := range r.Clusters {
		if c.Cluster == cluster {
			return c, true
		}
	}
	return ClusterResult{}, false
}
