package karmadacompat_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/distribute/karmada"
	"github.com/fleetkit/fleetkit/fleet"
)

// benchSnapshot is a fleet of n members over five regions, three providers
// and four zones, most of them edge clusters, with estimator answers.
func benchSnapshot(n int) karmada.Snapshot {
	rng := rand.New(rand.NewPCG(uint64(n), 1))
	snap := karmada.Snapshot{Available: map[string]int32{}}
	for i := range n {
		tier := "edge"
		if i%10 < 2 {
			tier = tiers[1+i%10]
		}
		m := fleet.Member{Name: fmt.Sprintf("member-%05d", i), Provider: providers[1+i%3],
			Region: regions[1+i%5], Zone: zones[1+i%4], Labels: map[string]string{"tier": tier}}
		snap.Fleet.Members = append(snap.Fleet.Members, m)
		snap.Available[m.Name] = int32(rng.IntN(400))
	}
	return snap
}

// benchPlacements are the three shapes of selection: affinity with static
// weights (every feasible member), spread by cluster, spread by region.
func benchPlacements() map[string]policyv1alpha1.Placement {
	edge := &policyv1alpha1.ClusterAffinity{LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "edge"}},
		ExcludeClusters: []string{"member-00001"}}
	divided := func(w *policyv1alpha1.ClusterPreferences) *policyv1alpha1.ReplicaSchedulingStrategy {
		return &policyv1alpha1.ReplicaSchedulingStrategy{ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDivided,
			ReplicaDivisionPreference: policyv1alpha1.ReplicaDivisionPreferenceWeighted, WeightPreference: w}
	}
	dynamic := divided(&policyv1alpha1.ClusterPreferences{DynamicWeight: policyv1alpha1.DynamicWeightByAvailableReplicas})
	static := divided(&policyv1alpha1.ClusterPreferences{StaticWeightList: []policyv1alpha1.StaticClusterWeight{
		{TargetCluster: policyv1alpha1.ClusterAffinity{FieldSelector: &policyv1alpha1.FieldSelector{}}, Weight: 1},
		{TargetCluster: policyv1alpha1.ClusterAffinity{LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "edge"}}}, Weight: 3}}})
	return map[string]policyv1alpha1.Placement{
		"static": {ClusterAffinity: edge, ReplicaScheduling: static},
		"cluster": {ClusterAffinity: edge, ReplicaScheduling: dynamic, SpreadConstraints: []policyv1alpha1.SpreadConstraint{
			{SpreadByField: policyv1alpha1.SpreadByFieldCluster, MinGroups: 2, MaxGroups: 50}}},
		"region": {ClusterAffinity: edge, ReplicaScheduling: dynamic, SpreadConstraints: []policyv1alpha1.SpreadConstraint{
			{SpreadByField: policyv1alpha1.SpreadByFieldRegion, MinGroups: 2, MaxGroups: 3},
			{SpreadByField: policyv1alpha1.SpreadByFieldCluster, MinGroups: 4, MaxGroups: 50}}},
	}
}

// BenchmarkSelection runs karmada.Request and the oracle built from
// Karmada's scheduler functions side by side on the same inputs.
func BenchmarkSelection(b *testing.B) {
	for _, n := range []int{100, 5000} {
		snap := benchSnapshot(n)
		w := karmada.Workload{Replicas: int32(2 * n)}
		for _, name := range []string{"static", "cluster", "region"} {
			p := benchPlacements()[name]
			b.Run(fmt.Sprintf("%d/%s/fleetkit", n, name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := karmada.Request(p, snap, w); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("%d/%s/karmada", n, name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := oracleRequest(p, snap, w); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
