package karmada_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/distribute/karmada"
	"github.com/fleetkit/fleetkit/fleet"
)

func names(req distribute.Request) []string {
	var out []string
	for _, c := range req.Candidates {
		out = append(out, c.Name)
	}
	return out
}

func TestRequestCandidateSelection(t *testing.T) {
	edge := &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "edge"}}
	dynamic := &policyv1alpha1.ReplicaSchedulingStrategy{ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDivided,
		ReplicaDivisionPreference: policyv1alpha1.ReplicaDivisionPreferenceWeighted,
		WeightPreference:          &policyv1alpha1.ClusterPreferences{DynamicWeight: policyv1alpha1.DynamicWeightByAvailableReplicas}}
	tests := []struct {
		name      string
		placement policyv1alpha1.Placement
		available map[string]int32
		previous  []distribute.Assignment
		want      []string
	}{
		{"labels and exclude, order by available then name",
			policyv1alpha1.Placement{ClusterAffinity: &policyv1alpha1.ClusterAffinity{LabelSelector: edge, ExcludeClusters: []string{"edge-store-002"},
				FieldSelector: &policyv1alpha1.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
					{Key: "region", Operator: corev1.NodeSelectorOpIn, Values: []string{"cn-east"}}}}}, ReplicaScheduling: dynamic},
			map[string]int32{"edge-store-001": 3, "edge-store-003": 9}, nil,
			[]string{"edge-store-003", "edge-store-001"}},
		{"untolerated taint is filtered",
			policyv1alpha1.Placement{ClusterAffinity: &policyv1alpha1.ClusterAffinity{ClusterNames: []string{"training-bj", "serving-sh"}}},
			nil, nil, []string{"serving-sh"}},
		{"field selector matching nothing",
			policyv1alpha1.Placement{ClusterAffinity: &policyv1alpha1.ClusterAffinity{LabelSelector: edge, FieldSelector: &policyv1alpha1.FieldSelector{
				MatchExpressions: []corev1.NodeSelectorRequirement{{Key: "region", Operator: corev1.NodeSelectorOpIn, Values: []string{"eu-central"}}}}}},
			nil, nil, nil},
		{"first affinity group with members wins",
			policyv1alpha1.Placement{ClusterAffinities: []policyv1alpha1.ClusterAffinityTerm{
				{AffinityName: "none", ClusterAffinity: policyv1alpha1.ClusterAffinity{ClusterNames: []string{"nope"}}},
				{AffinityName: "serving", ClusterAffinity: policyv1alpha1.ClusterAffinity{ClusterNames: []string{"serving-sh"}}}}},
			nil, nil, []string{"serving-sh"}},
		{"previous clusters score first",
			policyv1alpha1.Placement{ClusterAffinity: &policyv1alpha1.ClusterAffinity{ClusterNames: []string{"edge-store-001", "edge-store-003"}}, ReplicaScheduling: dynamic},
			map[string]int32{"edge-store-001": 9, "edge-store-003": 1}, []distribute.Assignment{{Cluster: "edge-store-003", Replicas: 1}},
			[]string{"edge-store-003", "edge-store-001"}},
		{"spread by cluster keeps at most maxGroups",
			policyv1alpha1.Placement{ClusterAffinity: &policyv1alpha1.ClusterAffinity{LabelSelector: edge}, ReplicaScheduling: dynamic,
				SpreadConstraints: []policyv1alpha1.SpreadConstraint{{SpreadByField: policyv1alpha1.SpreadByFieldCluster, MinGroups: 1, MaxGroups: 2}}},
			map[string]int32{"edge-store-004": 50, "edge-store-007": 40}, nil,
			[]string{"edge-store-004", "edge-store-007"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := karmada.Request(tt.placement, karmada.Snapshot{Fleet: fleet.Sample(), Available: tt.available, WithoutGeneralEstimator: true},
				karmada.Workload{Replicas: 6, Previous: tt.previous})
			if tt.want == nil {
				require.ErrorIs(t, err, distribute.ErrNoCandidates, "%v", names(req))
				return
			}
			require.NoError(t, err)
			got := names(req)
			if len(got) > len(tt.want) {
				got = got[:len(tt.want)]
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRequestSpreadByRegion(t *testing.T) {
	p := policyv1alpha1.Placement{
		ClusterAffinity: &policyv1alpha1.ClusterAffinity{LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "edge"}}},
		SpreadConstraints: []policyv1alpha1.SpreadConstraint{
			{SpreadByField: policyv1alpha1.SpreadByFieldRegion, MinGroups: 2, MaxGroups: 2},
			{SpreadByField: policyv1alpha1.SpreadByFieldCluster, MinGroups: 2, MaxGroups: 2}},
		ReplicaScheduling: &policyv1alpha1.ReplicaSchedulingStrategy{ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDivided,
			ReplicaDivisionPreference: policyv1alpha1.ReplicaDivisionPreferenceAggregated},
	}
	req, err := karmada.Request(p, karmada.Snapshot{Fleet: fleet.Sample()}, karmada.Workload{Replicas: 4})
	require.NoError(t, err)
	require.Len(t, req.Candidates, 2)
	regions := map[string]bool{}
	for _, c := range req.Candidates {
		for _, m := range fleet.Sample().Members {
			if m.Name == c.Name {
				regions[m.Region] = true
			}
		}
	}
	assert.Len(t, regions, 2, "one cluster from each region")
	assert.Equal(t, distribute.Aggregated, req.Strategy)
}

func TestStaticWeightTakesMaximumRule(t *testing.T) {
	pp, err := karmada.NewPropagationPolicy("default", "web").WithWorkload("apps/v1", "Deployment", "web").
		WithClusterAffinity(policyv1alpha1.ClusterAffinity{ClusterNames: []string{"edge-store-001", "edge-store-003", "edge-store-004"}}).
		WithStaticWeights(policyv1alpha1.StaticClusterWeight{TargetCluster: policyv1alpha1.ClusterAffinity{
			LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "edge"}}}, Weight: 1}).
		WithClusterWeight(3, "edge-store-001").
		Build()
	require.NoError(t, err)
	req, err := karmada.Request(pp.Spec.Placement, karmada.Snapshot{Fleet: fleet.Sample()}, karmada.Workload{Replicas: 10})
	require.NoError(t, err)
	weights := map[string]int64{}
	for _, c := range req.Candidates {
		weights[c.Name] = c.Weight
	}
	assert.Equal(t, map[string]int64{"edge-store-001": 3, "edge-store-003": 1, "edge-store-004": 1}, weights)
	plan, err := distribute.Divide(req)
	require.NoError(t, err)
	assert.Equal(t, int32(6), plan.ReplicasOf("edge-store-001"))
}
