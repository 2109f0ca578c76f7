// Package karmada connects the distribute engine to Karmada's API: typed
// builders for PropagationPolicy, ClusterPropagationPolicy and
// OverridePolicy, and Request, which turns a real placement plus a fleet
// snapshot into the engine's input with Karmada's candidate selection
// (cluster affinity and affinity groups, taints, spread constraints by
// cluster and region, and the scheduler's candidate order).
//
// The package imports Karmada's API types only (pkg/apis/...). The
// scheduler behaviour Request needs is implemented here, mirroring Karmada
// v1.17.1; the nested module internal/compat/karmada checks it against
// Karmada's own functions on thousands of random fleets and placements.
//
// # Candidate selection
//
// Request follows the scheduler's steps for one binding:
//
//   - Admission defaults (pkg/util/helper/policy.go SetDefaultSpreadConstraints,
//     applied by Karmada's policy webhooks): a spread constraint with neither
//     spreadByField nor spreadByLabel spreads by cluster, and minGroups 0
//     means 1. Request refuses, as a *ValidationError, a placement the
//     admission would refuse: malformed affinities, a spread constraint with
//     both or neither field and label, an unknown field, negative or crossed
//     group counts; and negative replicas.
//   - Affinity groups: clusterAffinity, else each clusterAffinities term in
//     order (the first that yields candidates wins), else every member.
//   - Filters (pkg/scheduler/framework/plugins): the member is ready; every
//     NoSchedule and NoExecute taint is tolerated by clusterTolerations
//     (tainttoleration); the affinity matches (clusteraffinity, through
//     AffinityOf and fleet.Affinity, which mirror pkg/util/selector.go
//     ClusterMatches); the member has the region, zone or provider that a
//     spread constraint groups by (spreadconstraint).
//   - Score (clusterlocality/cluster_locality.go): 100 for a member of the
//     previous result, else 0.
//   - Available replicas (pkg/scheduler/core/util.go calAvailableReplicas,
//     with Snapshot.Available as the only estimator): a workload without
//     replicas is not estimated (math.MaxInt32); an unknown or MaxInt32
//     answer becomes the workload's replicas. For ranking, a member's
//     available replicas add the replicas the previous result gave it.
//   - Order (pkg/scheduler/core/spreadconstraint/group_clusters.go,
//     util.go sortClusters): score, then available replicas, both
//     descending, then name.
//
// # Spread constraints
//
// Selection mirrors pkg/scheduler/core/spreadconstraint (select_clusters.go,
// select_clusters_by_cluster.go, select_clusters_by_region.go,
// select_groups.go, group_clusters.go). Where several constraints spread by
// the same field, the last one counts.
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
//     region maxGroups are slow in both. As in Karmada, a region constraint without
//     maxGroups selects no region, and one without a cluster constraint
//     (which Karmada's admission requires) one member per chosen region.
//   - With only a cluster constraint, the best maxGroups members are taken
//     (none when maxGroups is 0, as in Karmada). For a divided workload whose
//     picks cannot hold its replicas, picks are replaced from the lowest
//     ranked upwards, each by the remaining member with the most available
//     replicas, while that is more than the pick's.
//   - Zone, provider and label constraints alone select nothing (Karmada
//     supports only cluster and region selection).
//
// A selection that fails is a *SelectionError; Request then tries the next
// affinity group, and reports the last failure, which matches
// distribute.ErrNoCandidates.
//
// # Weights
//
// A candidate's static weight is the maximum weight over the
// staticWeightList rules whose targetCluster matches it (fleet.Affinity
// again); 0 when none does.
package karmada
