// Package distribute divides a workload's replicas across the clusters of a fleet.
//
// Divide reproduces the replica assignment of the Karmada v1.17.1 scheduler
// (pkg/scheduler/core.AssignReplicas) seat for seat for the four replica
// scheduling strategies — Duplicated, StaticWeight, DynamicWeight and
// Aggregated — including the previous scheduling result, fresh rescheduling,
// the tie-break derived from the workload UID and the unschedulable error. Unlike
// the scheduler it is a pure function of its Request, so the answer can be asked
// offline, tested in CI, or embedded in another controller, and every Plan says
// why each cluster got its share.
//
// # Webster seats without visiting every replica
//
// Karmada hands out one replica at a time to the cluster with the largest
// Sainte-Laguë priority weight/(2·seats+1). Because every cluster's sequence of
// priorities never increases, the result is simply the N best (cluster, seat)
// pairs under Karmada's ordering (priority as float64, then fewer seats, then
// name in the direction chosen by the UID). Divide finds those pairs with a
// divisor estimate and a short exchange that uses the exact same float
// comparison, so its cost depends on the number of clusters, not on N.
//
// # Integer overflow
//
// Karmada computes the priority denominator 2·seats+1 in int32; once a cluster
// holds 2^30 seats the denominator wraps negative. Divide reproduces that
// ordering exactly (it matters only above 2^30 replicas). Karmada also sums
// replicas in int32 (assigned, available, available+previous); Divide sums in
// int64 instead, so for inputs whose sums exceed math.MaxInt32 Divide returns the
// arithmetically correct division where Karmada would wrap (for example report a
// spurious unschedulable error). Static weights are int64 as in Karmada, and the
// "all weights are zero" test uses Karmada's wrapping int64 sum.
//
// # Beyond Karmada
//
// Candidate.MinReplicas and Candidate.MaxReplicas bound a cluster's final
// replicas, and Options.CapStaticWeights keeps StaticWeight within each
// cluster's available replicas, spilling the excess to the other weighted
// clusters. Both are off by default: a Request without them is Karmada-exact.
package distribute
