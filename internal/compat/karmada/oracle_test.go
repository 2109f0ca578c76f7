package karmadacompat_test

// The oracle is the candidate path of distribute/karmada.Request as it was
// built before fleetkit implemented it: fleet members rendered as Karmada
// Clusters, filtered with Karmada's util.ClusterMatches, scored like the
// ClusterLocality plugin, grouped and selected with Karmada's own
// spreadconstraint.GroupClustersWithScore and SelectBestClusters, and
// weighted with util.ClusterMatches over the staticWeightList.

import (
	"fmt"
	"math"
	"slices"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/validation/field"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
	workv1alpha2 "github.com/karmada-io/karmada/pkg/apis/work/v1alpha2"
	estimatorclient "github.com/karmada-io/karmada/pkg/estimator/client"
	"github.com/karmada-io/karmada/pkg/scheduler/core/spreadconstraint"
	"github.com/karmada-io/karmada/pkg/scheduler/framework"
	"github.com/karmada-io/karmada/pkg/util"
	"github.com/karmada-io/karmada/pkg/util/helper"
	"github.com/karmada-io/karmada/pkg/util/validation"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/distribute/karmada"
	"github.com/fleetkit/fleetkit/fleet"
)

// pick is one selected candidate, as both sides report it.
type pick struct {
	Name      string
	Available int32
	Weight    int64
}

// picksOf reads fleetkit's answer.
func picksOf(req distribute.Request) []pick {
	out := make([]pick, len(req.Candidates))
	for i, c := range req.Candidates {
		out[i] = pick{Name: c.Name, Available: *c.Available, Weight: c.Weight}
	}
	return out
}

// oracleRequest selects the candidates with Karmada's functions. The
// placement gets the defaults Karmada's policy admission writes first. A
// member that is not ready carries the not-ready taint (clusterOf), and the
// previous result's clusters pass the taint filter, as in the scheduler.
func oracleRequest(placement policyv1alpha1.Placement, snap karmada.Snapshot, w karmada.Workload) ([]pick, error) {
	p := admitted(placement)
	clusters := make([]*clusterv1alpha1.Cluster, len(snap.Fleet.Members))
	for i, m := range snap.Fleet.Members {
		clusters[i] = clusterOf(m)
	}
	groups := []policyv1alpha1.ClusterAffinity{{}}
	if p.ClusterAffinity != nil {
		groups[0] = *p.ClusterAffinity
	} else if len(p.ClusterAffinities) > 0 {
		groups = groups[:0]
		for _, t := range p.ClusterAffinities {
			groups = append(groups, t.ClusterAffinity)
		}
	}
	lastErr := fmt.Errorf("no member matches the placement")
	for _, affinity := range groups {
		var feasible []*clusterv1alpha1.Cluster
		for _, c := range clusters {
			previous := slices.ContainsFunc(w.Previous, func(a distribute.Assignment) bool { return a.Cluster == c.Name })
			if (previous || oracleTolerated(c.Spec.Taints, p.ClusterTolerations)) &&
				util.ClusterMatches(c, affinity) && oracleHasSpreadFields(c, p.SpreadConstraints) {
				feasible = append(feasible, c)
			}
		}
		if len(feasible) == 0 {
			continue
		}
		selected, err := oracleSelect(p, feasible, snap, w)
		if err == nil && len(selected) > 0 {
			out := make([]pick, len(selected))
			for i, c := range selected {
				out[i] = pick{Name: c.Name, Available: c.AllocatableReplicas, Weight: oracleWeight(p, c.Cluster)}
			}
			return out, nil
		}
		if err != nil {
			lastErr = err
		}
	}
	return nil, lastErr
}

// admitted is the placement after the CRD's default (a replicaScheduling without a type is Divided)
// and Karmada's policy webhook defaults.
func admitted(placement policyv1alpha1.Placement) *policyv1alpha1.Placement {
	p := placement.DeepCopy()
	if p.ReplicaScheduling != nil && p.ReplicaScheduling.ReplicaSchedulingType == "" {
		p.ReplicaScheduling.ReplicaSchedulingType = policyv1alpha1.ReplicaSchedulingTypeDivided
	}
	helper.SetReplicaDivisionPreferenceWeighted(p)
	helper.SetDefaultSpreadConstraints(p.SpreadConstraints)
	return p
}

// oracleRefuses runs Karmada's policy validation on the admitted placement.
func oracleRefuses(placement policyv1alpha1.Placement) field.ErrorList {
	return validation.ValidatePlacement(*admitted(placement), field.NewPath("spec", "placement"))
}

// oracleSelect scores like ClusterLocality and runs Karmada's spread-constraint code.
func oracleSelect(p *policyv1alpha1.Placement, feasible []*clusterv1alpha1.Cluster, snap karmada.Snapshot, w karmada.Workload) ([]spreadconstraint.ClusterDetailInfo, error) {
	spec := &workv1alpha2.ResourceBindingSpec{Replicas: w.Replicas, Placement: p,
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
	estimate := func(clusters []*clusterv1alpha1.Cluster, s *workv1alpha2.ResourceBindingSpec) []workv1alpha2.TargetCluster {
		return oracleAvailable(clusters, s, snap.Available)
	}
	info := spreadconstraint.GroupClustersWithScore(scores, p, spec, estimate)
	return spreadconstraint.SelectBestClusters(p, info, w.Replicas)
}

// oracleAvailable is Karmada's calAvailableReplicas with the snapshot as the
// only estimator (an answer of UnauthenticReplica abstains).
func oracleAvailable(clusters []*clusterv1alpha1.Cluster, spec *workv1alpha2.ResourceBindingSpec, known map[string]int32) []workv1alpha2.TargetCluster {
	out := make([]workv1alpha2.TargetCluster, len(clusters))
	for i, c := range clusters {
		out[i] = workv1alpha2.TargetCluster{Name: c.Name, Replicas: math.MaxInt32}
		if spec.Replicas == 0 {
			continue
		}
		if n, ok := known[c.Name]; ok && n != estimatorclient.UnauthenticReplica && n < out[i].Replicas {
			out[i].Replicas = n
		}
		if out[i].Replicas == math.MaxInt32 {
			out[i].Replicas = spec.Replicas
		}
	}
	return out
}

// oracleWeight is the maximum weight over the staticWeightList rules Karmada matches.
func oracleWeight(p *policyv1alpha1.Placement, c *clusterv1alpha1.Cluster) int64 {
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

// oracleTolerated is the TaintToleration filter: every NoSchedule/NoExecute taint tolerated.
func oracleTolerated(taints []corev1.Taint, tolerations []corev1.Toleration) bool {
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

// oracleHasSpreadFields is the SpreadConstraint filter plugin.
func oracleHasSpreadFields(c *clusterv1alpha1.Cluster, constraints []policyv1alpha1.SpreadConstraint) bool {
	for _, sc := range constraints {
		switch {
		case sc.SpreadByField == policyv1alpha1.SpreadByFieldRegion && c.Spec.Region == "",
			sc.SpreadByField == policyv1alpha1.SpreadByFieldZone && len(c.Spec.Zones) == 0,
			sc.SpreadByField == policyv1alpha1.SpreadByFieldProvider && c.Spec.Provider == "":
			return false
		}
	}
	return true
}

// clusterOf renders a fleet member as the Karmada Cluster the scheduler sees.
func clusterOf(m fleet.Member) *clusterv1alpha1.Cluster {
	c := &clusterv1alpha1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: m.Name, Labels: m.LabelsWithRole()},
		Spec: clusterv1alpha1.ClusterSpec{Provider: m.Provider, Region: m.Region, Zones: m.AllZones()}}
	c.Spec.Taints = append(c.Spec.Taints, m.Taints...)
	if m.NotReady { // Karmada's cluster controller taints a cluster whose Ready condition is False
		c.Spec.Taints = append(c.Spec.Taints, corev1.Taint{Key: clusterv1alpha1.TaintClusterNotReady, Effect: corev1.TaintEffectNoSchedule})
	}
	return c
}
