// Package karmada connects the distribute engine to Karmada's API: typed
// builders for PropagationPolicy, ClusterPropagationPolicy and
// OverridePolicy, and Schedule, which places a workload the way Karmada
// v1.17.1's karmada-scheduler does, from a real placement, a fleet snapshot
// and the workload (WorkloadFor, DecodeWorkload).
//
// The package imports Karmada's API types only (pkg/apis/...). The scheduler
// behaviour is implemented here. Two checks hold it to Karmada: the nested
// module internal/compat/karmada compares the pieces with Karmada's own
// functions on thousands of random inputs, and TestSchedulerAgreement runs
// the real karmada-webhook, karmada-controller-manager (resource detector)
// and karmada-scheduler against a test API server and compares Schedule with
// every ResourceBinding they produce, seat for seat.
//
// # Scheduling a binding
//
// Schedule follows pkg/scheduler/scheduler.go and core/generic_scheduler.go:
//
//   - Defaults (Defaulted): what the API server's CRD schema and the policy
//     webhook write before the scheduler reads a policy — a replicaScheduling
//     without a type is Divided, a Divided one without a preference is
//     Weighted (pkg/util/helper SetReplicaDivisionPreferenceWeighted), a
//     spread constraint with neither field nor label spreads by cluster and
//     minGroups 0 means 1 (SetDefaultSpreadConstraints). Placements the
//     webhook refuses (pkg/util/validation ValidatePlacement: malformed
//     affinities, clusterAffinity with clusterAffinities, affinity names
//     that are not unique qualified names of at most 32 bytes (the CRD
//     schema's maxLength), a spread constraint with both
//     field and label, negative or crossed group counts, a field spread by
//     twice, field constraints without a cluster constraint) and negative
//     replicas are a *ValidationError naming the field.
//   - Affinity groups: clusterAffinity (or every member), else each
//     clusterAffinities term in order, starting at Workload.ObservedAffinity;
//     the first group that schedules — selection and division — wins, and
//     when all fail the first group's error is returned.
//   - Filters (pkg/scheduler/framework/plugins): the member serves the
//     workload's API (apienablement; Member.APIs, unlisted meaning the
//     built-in APIs); every NoSchedule and NoExecute taint is tolerated by
//     clusterTolerations (tainttoleration), where a member that is NotReady
//     carries cluster.karmada.io/not-ready:NoSchedule as Karmada's cluster
//     controller adds it (EffectiveTaints; the scheduler never reads the Ready
//     condition); the affinity matches (clusteraffinity, through AffinityOf
//     and fleet.Affinity, which mirror pkg/util/selector.go ClusterMatches);
//     the member has the region, zone or provider a spread constraint groups
//     by (spreadconstraint). As in Karmada, members of the previous result
//     pass the API and taint filters whatever they say. No feasible member is
//     a *FitError with Karmada's reasons.
//   - Score (clusterlocality/cluster_locality.go): 100 for a member of the
//     previous result, else 0.
//   - Available replicas (pkg/scheduler/core/util.go calAvailableReplicas):
//     a workload without replicas is not estimated (math.MaxInt32);
//     otherwise the minimum over the estimators — GeneralEstimate over the
//     member's capacity and the workload's per-replica Requests
//     (pkg/estimator/client/general.go; from the member's node grades when it
//     has resource modelings, as every Cluster of a default Karmada does, from
//     the summary otherwise), and Snapshot.Available as a further
//     estimator — where MaxInt32 becomes the workload's replicas. For ranking,
//     a member's available replicas add the replicas the previous result gave
//     it.
//   - Order (pkg/scheduler/core/spreadconstraint/group_clusters.go,
//     util.go sortClusters): score, then available replicas, both
//     descending, then name.
//   - Selection by spread constraints (below), then the division
//     (distribute.Divide, pkg/scheduler/core/assignment.go).
//
// ConditionReason gives the reason Karmada writes to the binding's Scheduled
// condition: Success, NoClusterFit for a *FitError (Karmada then clears the
// binding's spec.clusters), SchedulerError for everything else (Karmada keeps
// the previous spec.clusters). Karmada's Unschedulable reason never occurs
// for a shortage of replicas, because assignment.go wraps the division's
// UnschedulableError with %v; a *distribute.UnschedulableError is therefore
// SchedulerError.
//
// Schedule answers when Karmada schedules: a binding seen for the first time
// or whose placement changed, and, for a binding scheduled before, whenever
// Rescheduled says so. Otherwise Karmada keeps the previous result, even on a
// fleet that has changed since. A pass that changes the binding's result is
// an update that Karmada may schedule again (Rescheduled, with the new result
// as the previous one); Schedule makes those passes too and returns where the
// binding settles (Result.Clusters, Result.Passes).
//
// Request is the selection step alone for the first affinity group with
// candidates, for callers that divide themselves.
//
// Not modelled, because the fleet model has no place for them: clusters
// being deleted (skipped by Karmada), graceful eviction tasks on the binding
// (clustereviction), resource models (spec.resourceModels; the estimate
// always reads the cluster-wide summary), multi-component workloads
// (feature gate MultiplePodTemplatesScheduling), workload affinity (feature
// gate WorkloadAffinity) and the accurate scheduler-estimator, whose answers
// Snapshot.Available can carry. Snapshot.WithoutGeneralEstimator is an
// explicit departure from Karmada, for what-if questions.
//
// # Spread constraints
//
// Selection mirrors pkg/scheduler/core/spreadconstraint (select_clusters.go,
// select_clusters_by_cluster.go, select_clusters_by_region.go,
// select_groups.go, group_clusters.go). Karmada's admission refuses a field
// spread by twice and field constraints without a cluster constraint, so
// Schedule and Request do too; what follows describes every placement the
// admission accepts.
//
//   - Static weights (a Weighted division with a staticWeightList and no
//     dynamicWeight, or with no weightPreference) ignore the spread
//     constraints, as do placements without any: every feasible member is a
//     candidate.
//   - With a region constraint, regions are chosen, then clusters within
//     them. Each region is scored: for a divided workload, the replicas its
//     best members can take towards its share (replicas / region minGroups,
//     rounded up), counting at least max(cluster minGroups, region
//     minGroups) members, times 1000, plus their average score; for a
//     duplicated one, the number of members that can take every replica
//     times 1000, plus their average score. Regions are walked depth first
//     in order of member count (ascending), score (descending) and name;
//     every combination of minGroups to maxGroups regions whose member count
//     reaches the cluster constraint's minGroups qualifies, and is not
//     extended further. The best qualifying combination has the highest
//     total score, then the most members, then was found first; a later
//     combination that is a shorter prefix of it (regions read by score, then
//     name) replaces it. The best member of each chosen region is taken,
//     then the best remaining members of those regions up to the cluster
//     constraint's maxGroups. The walk visits every combination of up to
//     maxGroups regions, as Karmada's does, so dozens of regions with a large
//     region maxGroups are slow in both. As in Karmada, a region constraint
//     without maxGroups selects no region.
//   - With only a cluster constraint, the best maxGroups members are taken
//     (none when maxGroups is 0, as in Karmada). For a divided workload whose
//     picks cannot hold its replicas, picks are replaced from the lowest
//     ranked upwards, each by the remaining member with the most available
//     replicas, while that is more than the pick's. No member selected is a
//     *SelectionError too (Karmada: "no clusters available to schedule").
//   - Label constraints alone select nothing (Karmada supports only cluster
//     and region selection); zone and provider constraints only filter.
//
// A selection that fails is a *SelectionError, which matches
// distribute.ErrNoCandidates; Schedule and Request then try the next
// affinity group.
//
// # Weights
//
// A candidate's static weight is the maximum weight over the
// staticWeightList rules whose targetCluster matches it (fleet.Affinity
// again); 0 when none does.
package karmada
