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
// The package is pure: plain values in, plain values out, no I/O. The adapter scheduling/volcano turns
// Volcano Jobs and PodGroups into a Gang and lists Nodes and Pods into a ClusterSnapshot.
package scheduling
