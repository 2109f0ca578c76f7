package karmada

import (
	"fmt"
	"math"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
	workv1alpha2 "github.com/karmada-io/karmada/pkg/apis/work/v1alpha2"
	"github.com/karmada-io/karmada/pkg/scheduler/core/spreadconstraint"
	"github.com/karmada-io/karmada/pkg/scheduler/framework"
	"github.com/karmada-io/karmada/pkg/util"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/fleet"
)

// Snapshot is the state of the fleet that candidate selection reads.
type Snapshot struct {
	// Fleet lists the member clusters.
	Fleet fleet.Fleet
	// Available is, per member name, how many more replicas of the workload
	// the member can run (Karmada's estimator answer). Absent means unknown.
	Available map[string]int32
}

// Workload is the object being scheduled and its scheduling history.
type Workload struct {
	// UID is the workload UID (it picks Karmada's tie-break direction).
	UID string
	// Replicas is the desired replica count.
	Replicas int32
	// HasReplicaRequirements reports per-replica resource requests.
	HasReplicaRequirements bool
	// Previous is the last scheduling result (ResourceBinding spec.clusters).
	Previous []distribute.Assignment
	// Fresh requests a reschedule from scratch.
	Fresh bool
}

// Request turns a Karmada placement and a fleet snapshot into the engine's
// input the way Karmada's scheduler does: filter members (readiness, taints
// against clusterTolerations, clusterAffinity or the first affinity group
// that yields clusters, spread fields present), score them (clusters of the
// previous result first), select them with Karmada's spread-constraint code
// (candidate order: score, available replicas, name), and attach the static
// weight of each candidate: the maximum over the staticWeightList rules that
// match it.
//
// Two parts of Karmada's clusterAffinities handling are not modelled. The
// affinity groups fall back to the next group only when a group yields no
// candidates (no feasible member, or a spread-constraint selection that
// fails); Karmada also falls back when the replica assignment of a group
// fails later (for example Divide's *distribute.UnschedulableError). And
// Karmada starts at the group named by the binding's
// status.schedulerObservedAffinityName, while Request always starts at the
// first group.
func Request(placement policyv1alpha1.Placement, snap Snapshot, w Workload) (distribute.Request, error) {
	strategy, err := StrategyOf(placement)
	if err != nil {
		return distribute.Request{}, err
	}
	clusters := make([]*clusterv1alpha1.Cluster, len(snap.Fleet.Members))
	for i, m := range snap.Fleet.Members {
		clusters[i] = clusterOf(m)
	}
	selected, err := selectCandidates(placement, clusters, snap, w)
	if err != nil {
		return distribute.Request{}, err
	}
	req := distribute.Request{Strategy: strategy, Replicas: w.Replicas, UID: w.UID, Fresh: w.Fresh,
		HasReplicaRequirements: w.HasReplicaRequirements, Previous: append([]distribute.Assignment(nil), w.Previous...)}
	for _, c := range selected {
		req.Candidates = append(req.Candidates, distribute.Candidate{
			Name: c.Name, Available: distribute.Replicas(c.AllocatableReplicas), Weight: staticWeight(placement, c.Cluster)})
	}
	return req, nil
}

// StrategyOf maps a placement's replicaScheduling to a distribute.Strategy.
func StrategyOf(p policyv1alpha1.Placement) (distribute.Strategy, error) {
	rs := p.ReplicaScheduling
	if rs == nil || rs.ReplicaSchedulingType == policyv1alpha1.ReplicaSchedulingTypeDuplicated {
		return distribute.Duplicated, nil
	}
	if rs.ReplicaSchedulingType != policyv1alpha1.ReplicaSchedulingTypeDivided {
		return "", invalid("placement.replicaScheduling.replicaSchedulingType", "unknown type %q", rs.ReplicaSchedulingType)
	}
	switch rs.ReplicaDivisionPreference {
	case policyv1alpha1.ReplicaDivisionPreferenceAggregated:
		return distribute.Aggregated, nil
	case policyv1alpha1.ReplicaDivisionPreferenceWeighted:
		if rs.WeightPreference != nil && rs.WeightPreference.DynamicWeight != "" {
			return distribute.DynamicWeight, nil
		}
		return distribute.StaticWeight, nil
	}
	return "", invalid("placement.replicaScheduling.replicaDivisionPreference", "unknown preference %q", rs.ReplicaDivisionPreference)
}

// selectCandidates tries the affinity groups in order and returns the first
// non-empty selection.
func selectCandidates(p policyv1alpha1.Placement, clusters []*clusterv1alpha1.Cluster, snap Snapshot, w Workload) ([]spreadconstraint.ClusterDetailInfo, error) {
	groups := []policyv1alpha1.ClusterAffinity{{}}
	if p.ClusterAffinity != nil {
		groups[0] = *p.ClusterAffinity
	} else if len(p.ClusterAffinities) > 0 {
		groups = groups[:0]
		for _, t := range p.ClusterAffinities {
			groups = append(groups, t.ClusterAffinity)
		}
	}
	lastErr := fmt.Errorf("karmada: no member matches the placement: %w", distribute.ErrNoCandidates)
	for _, affinity := range groups {
		feasible := filter(p, affinity, clusters, snap)
		if len(feasible) == 0 {
			continue
		}
		selected, err := selectBest(p, feasible, snap, w)
		if err == nil && len(selected) > 0 {
			return selected, nil
		}
		if err != nil {
			lastErr = fmt.Errorf("karmada: select clusters: %w", err)
		}
	}
	return nil, lastErr
}

// filter keeps the clusters Karmada's filter plugins would keep.
func filter(p policyv1alpha1.Placement, affinity policyv1alpha1.ClusterAffinity, clusters []*clusterv1alpha1.Cluster, snap Snapshot) []*clusterv1alpha1.Cluster {
	var out []*clusterv1alpha1.Cluster
	for i, c := range clusters {
		if !snap.Fleet.Members[i].Ready || !tolerated(c.Spec.Taints, p.ClusterTolerations) {
			continue
		}
		if !util.ClusterMatches(c, affinity) || !hasSpreadFields(c, p.SpreadConstraints) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// tolerated reports whether every NoSchedule/NoExecute taint is tolerated.
func tolerated(taints []corev1.Taint, tolerations []corev1.Toleration) bool {
	for i := range taints {
		t := &taints[i]
		if t.Effect != corev1.TaintEffectNoSchedule && t.Effect != corev1.TaintEffectNoExecute {
			continue
		}
		ok := false
		for j := range tolerations {
			ok = ok || tolerations[j].ToleratesTaint(logr.Discard(), t, false)
		}
		if !ok {
			return false
		}
	}
	return true
}

// hasSpreadFields drops clusters that lack a field a constraint spreads by.
func hasSpreadFields(c *clusterv1alpha1.Cluster, constraints []policyv1alpha1.SpreadConstraint) bool {
	for _, sc := range constraints {
		switch sc.SpreadByField {
		case policyv1alpha1.SpreadByFieldRegion:
			if c.Spec.Region == "" {
				return false
			}
		case policyv1alpha1.SpreadByFieldZone: // Karmada's filter reads Zones, not the deprecated Zone
			if len(c.Spec.Zones) == 0 {
				return false
			}
		case policyv1alpha1.SpreadByFieldProvider:
			if c.Spec.Provider == "" {
				return false
			}
		}
	}
	return true
}

// selectBest scores the clusters (previous result first, as Karmada's
// ClusterLocality plugin) and runs Karmada's own spread-constraint selection.
func selectBest(p policyv1alpha1.Placement, feasible []*clusterv1alpha1.Cluster, snap Snapshot, w Workload) ([]spreadconstraint.ClusterDetailInfo, error) {
	spec := &workv1alpha2.ResourceBindingSpec{Replicas: w.Replicas, Placement: &p,
		Resource: workv1alpha2.ObjectReference{UID: types.UID(w.UID)}}
	for _, a := range w.Previous {
		spec.Clusters = append(spec.Clusters, workv1alpha2.TargetCluster{Name: a.Cluster, Replicas: a.Replicas})
	}
	scores := make(framework.ClusterScoreList, len(feasible))
	for i, c := range feasible {
		scores[i] = framework.ClusterScore{Cluster: c, Score: framework.MinClusterScore}
		if spec.TargetContains(c.Name) {
			scores[i].Score = framework.MaxClusterScore
		}
	}
	available := func(clusters []*clusterv1alpha1.Cluster, s *workv1alpha2.ResourceBindingSpec) []workv1alpha2.TargetCluster {
		return availableReplicas(clusters, s, snap.Available)
	}
	info := spreadconstraint.GroupClustersWithScore(scores, &p, spec, available)
	return spreadconstraint.SelectBestClusters(&p, info, w.Replicas)
}

// availableReplicas mirrors Karmada's calAvailableReplicas with the snapshot
// as the estimator: unknown is MaxInt32, which becomes spec.replicas for a
// workload with replicas.
func availableReplicas(clusters []*clusterv1alpha1.Cluster, spec *workv1alpha2.ResourceBindingSpec, known map[string]int32) []workv1alpha2.TargetCluster {
	out := make([]workv1alpha2.TargetCluster, len(clusters))
	for i, c := range clusters {
		out[i] = workv1alpha2.TargetCluster{Name: c.Name, Replicas: math.MaxInt32}
		if spec.Replicas == 0 {
			continue
		}
		if n, ok := known[c.Name]; ok {
			out[i].Replicas = n
		}
		if out[i].Replicas == math.MaxInt32 {
			out[i].Replicas = spec.Replicas
		}
	}
	return out
}

// staticWeight is the maximum weight over the rules matching the cluster.
func staticWeight(p policyv1alpha1.Placement, c *clusterv1alpha1.Cluster) int64 {
	rs := p.ReplicaScheduling
	if rs == nil || rs.WeightPreference == nil {
		return 0
	}
	var w int64
	for _, rule := range rs.WeightPreference.StaticWeightList {
		if util.ClusterMatches(c, rule.TargetCluster) {
			w = max(w, rule.Weight)
		}
	}
	return w
}

// clusterOf renders a fleet member as the Karmada Cluster the scheduler sees.
func clusterOf(m fleet.Member) *clusterv1alpha1.Cluster {
	c := &clusterv1alpha1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: m.Name, Labels: m.LabelsWithRole()},
		Spec: clusterv1alpha1.ClusterSpec{Provider: m.Provider, Region: m.Region, Zone: m.Zone}}
	if m.Zone != "" {
		c.Spec.Zones = []string{m.Zone}
	}
	c.Spec.Taints = append(c.Spec.Taints, m.Taints...)
	return c
}
