// Package scheduling decides gang feasibility for Volcano-style jobs across a fleet of clusters.
//
// A gang (a Volcano Job's minAvailable, a PodGroup's minMember) is all-or-nothing: either enough of its
// pods fit at once, or none should start. Check answers, for every cluster of a fleet snapshot
// separately, whether the gang fits — never summing free resources across nodes or across clusters:
//
//   - Feasible, with a witness placement (pods of each task group per node) that satisfies every
//     constraint;
//   - Infeasible, with a certificate: the check that failed, the resource, how much was needed, how much
//     there is, how short, and a histogram of node reasons worded like kube-scheduler's;
//   - Unknown, when the bounded exact search ran out of budget. The engine never guesses.
//
// The decision runs in stages. Quantities are normalised to int64 milli-units once. Eligibility
// (Ready, cordon, node selector, required node affinity, NoSchedule/NoExecute taints) is computed per
// node and task group. Necessary checks then produce certificates cheaply: no eligible node, no node
// fits one pod on all resources at once, the per-group capacity Σ min_r ⌊free_r/request_r⌋ below the
// group's minimum (exact for a single group), the job-level capacity and an aggregate per-resource
// bound. Several task groups that pass go to heuristic best-fit packing under a few group orders and,
// if that fails, to a branch and bound over buckets of identical nodes whose budget is
// Options.SearchBudget.
//
// The verdict and the witness do not depend on the order of nodes or task groups: groups are handled
// in name order and nodes in an order derived from their content and names.
//
// The pods slot is modelled as the resource "pods": every pod of the gang requests one. A node whose
// allocatable omits "pods" is treated as having no pod-count limit, because every real node reports
// it and a hand-written snapshot that omits it did not mean "zero pods"; every other resource missing
// from allocatable counts as zero.
//
// Bad input is refused, never guessed around. Validate returns every problem of a Check call's input,
// joined and sorted by field, each a *ValidationError matching ErrInvalid; Check returns the same list
// when it finds its input bad. Among them: no cluster snapshot at all, and a fraction of a resource the
// API server counts in whole units (pods, and extended resources such as nvidia.com/gpu: "0.5"), which
// it would have refused in a pod or a node. Go zero values mean what an omitted field means in a file:
// a Node is ready unless NotReady is set (notReady: true).
//
// # Semantics that mirror upstream
//
// Eligibility and its wording follow kube-scheduler v1.35 (k8s.io/kubernetes@v1.35.4,
// pkg/scheduler/framework/plugins): a node that is not Ready is skipped; a cordoned node is eligible
// only for a group that tolerates the node.kubernetes.io/unschedulable:NoSchedule taint
// (nodeunschedulable, "node(s) were unschedulable"); every NoSchedule and NoExecute taint must be
// tolerated, PreferNoSchedule is ignored (tainttoleration, "node(s) had untolerated taint {key:
// value}"); the node selector and the required node affinity must match (nodeaffinity, "node(s)
// didn't match Pod's node affinity/selector", evaluated with
// k8s.io/component-helpers/scheduling/corev1/nodeaffinity). Toleration matching is
// corev1.Toleration.ToleratesTaint's (k8s.io/api@v0.35.4) with the alpha Lt/Gt operators disabled,
// as in a default cluster. Per-pod shortfalls are worded like noderesources/fit.go ("Insufficient
// nvidia.com/gpu").
//
// Gang minimums follow Volcano v1.14. A task's minimum defaults to its replicas and a job's
// minAvailable of zero to the sum of task minimums, as Volcano's job admission defaults them
// (volcano-sh/volcano pkg/webhooks/admission/jobs/mutate/mutate_job.go). When the job's minAvailable
// is below that sum, Volcano's scheduler does not enforce the per-task minimums (JobInfo.CheckTaskReady
// and CheckTaskValid in pkg/scheduler/api/job_info.go): Check does the same, with a warning, and
// Options.StrictPerTask enforces them. Options.Pipelined counts resources being released by
// terminating pods as free, like Volcano's pipelined allocation; Options.QueueGate compares the
// gang's least need with its queue's capability − allocated, reported next to the packing verdict
// like Volcano's enqueue check. A pod's effective request (init containers, sidecars, overhead) is
// computed by the adapter with k8s.io/component-helpers@v0.35.4/resource.PodRequests; the engine takes
// TaskGroup.PodRequests as given.
//
// # Worked cases
//
// TestPublicCases pins these answers, each of which a common estimator gets wrong:
//
//   - two nodes with 2 free GPUs each, one pod of 4 GPUs: Infeasible at the per-pod check ("need 4
//     per pod, largest free 2"), although the free GPUs sum to 4;
//   - nodes with 3 and 1 free GPUs, two pods of 2 GPUs: Infeasible, group capacity 1 of 2;
//   - nodes with 8 and 4 free GPUs, task A of 2 × 2 GPUs listed before task B of 1 × 8 GPUs: Feasible
//     with B on the 8-GPU node and A on the other, where first fit in task order fails;
//   - the same nodes, 8 replicas of 2 GPUs with minAvailable 6: Feasible with exactly 6 (4 + 2);
//   - GPU nodes tainted nvidia.com/gpu=present:NoSchedule: Infeasible for a pod without the
//     toleration, Feasible with it;
//   - two clusters with 6 free GPUs each, 10 pods of 1 GPU: both Infeasible (6 of 10); free
//     resources are never summed across clusters.
//
// BenchmarkCheckFleet measures the target size: 1,000 clusters of 1,000 nodes and a two-group job,
// all verdicts well under a second on one core, memory proportional to the snapshot.
//
// The package is pure: plain values in, plain values out, no I/O. The adapter scheduling/volcano turns
// Volcano Jobs and PodGroups into a Gang and lists Nodes and Pods into a ClusterSnapshot.
package scheduling
