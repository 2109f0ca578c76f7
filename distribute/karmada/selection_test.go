package karmada_test

import (
	"errors"
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

var dynamicWeight = &policyv1alpha1.ReplicaSchedulingStrategy{ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDivided,
	ReplicaDivisionPreference: policyv1alpha1.ReplicaDivisionPreferenceWeighted,
	WeightPreference:          &policyv1alpha1.ClusterPreferences{DynamicWeight: policyv1alpha1.DynamicWeightByAvailableReplicas}}

// smallFleet has two regions: east (a, b, c) and west (d).
func smallFleet() fleet.Fleet {
	member := func(name, region string) fleet.Member {
		return fleet.Member{Name: name, Region: region, Provider: "onprem"}
	}
	return fleet.Fleet{Members: []fleet.Member{member("a", "east"), member("b", "east"), member("c", "east"), member("d", "west")}}
}

func TestRequestRefusesMalformedPlacement(t *testing.T) {
	badKey := policyv1alpha1.ClusterAffinity{FieldSelector: &policyv1alpha1.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
		{Key: "city", Operator: corev1.NodeSelectorOpIn, Values: []string{"sh"}}}}}
	badOp := policyv1alpha1.ClusterAffinity{FieldSelector: &policyv1alpha1.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
		{Key: "region", Operator: corev1.NodeSelectorOpGt, Values: []string{"1"}}}}}
	badLabels := policyv1alpha1.ClusterAffinity{LabelSelector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
		{Key: "env", Operator: "Near"}}}}
	spread := func(c ...policyv1alpha1.SpreadConstraint) policyv1alpha1.Placement {
		return policyv1alpha1.Placement{SpreadConstraints: c, ReplicaScheduling: dynamicWeight}
	}
	tests := []struct {
		name      string
		placement policyv1alpha1.Placement
		replicas  int32
		field     string
	}{
		{"unknown field key", policyv1alpha1.Placement{ClusterAffinity: &badKey}, 1, "placement.clusterAffinity.fieldSelector.matchExpressions[0].key"},
		{"affinity group", policyv1alpha1.Placement{ClusterAffinities: []policyv1alpha1.ClusterAffinityTerm{
			{AffinityName: "ok"}, {AffinityName: "bad", ClusterAffinity: badLabels}}}, 1, "placement.clusterAffinities[1].labelSelector"},
		{"static weight target", policyv1alpha1.Placement{ReplicaScheduling: &policyv1alpha1.ReplicaSchedulingStrategy{
			ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDivided, ReplicaDivisionPreference: policyv1alpha1.ReplicaDivisionPreferenceWeighted,
			WeightPreference: &policyv1alpha1.ClusterPreferences{StaticWeightList: []policyv1alpha1.StaticClusterWeight{{TargetCluster: badOp, Weight: 1}}}}},
			1, "placement.replicaScheduling.weightPreference.staticWeightList[0].targetCluster.fieldSelector.matchExpressions[0].operator"},
		{"negative maxGroups", spread(policyv1alpha1.SpreadConstraint{SpreadByField: "cluster", MaxGroups: -1}), 1, "placement.spreadConstraints[0]"},
		{"field and label", spread(policyv1alpha1.SpreadConstraint{SpreadByField: "cluster", MaxGroups: 1},
			policyv1alpha1.SpreadConstraint{SpreadByField: "zone", SpreadByLabel: "tier"}), 1, "placement.spreadConstraints[1]"},
		{"crossed groups", spread(policyv1alpha1.SpreadConstraint{SpreadByField: "cluster", MinGroups: 3, MaxGroups: 2}), 1, "placement.spreadConstraints[0].minGroups"},
		{"unknown spread field", spread(policyv1alpha1.SpreadConstraint{SpreadByField: "rack", MaxGroups: 2}), 1, "placement.spreadConstraints[0].spreadByField"},
		{"negative replicas", policyv1alpha1.Placement{}, -1, "workload.replicas"},
		{"a field spread by twice", spread(policyv1alpha1.SpreadConstraint{SpreadByField: "cluster", MaxGroups: 1},
			policyv1alpha1.SpreadConstraint{MaxGroups: 2}), 1, "placement.spreadConstraints[1].spreadByField"},
		{"region without a cluster constraint", spread(policyv1alpha1.SpreadConstraint{SpreadByField: "region", MaxGroups: 1}), 1,
			"placement.spreadConstraints"},
		{"affinity and affinity groups", policyv1alpha1.Placement{ClusterAffinity: &policyv1alpha1.ClusterAffinity{},
			ClusterAffinities: []policyv1alpha1.ClusterAffinityTerm{{AffinityName: "a"}}}, 1, "placement.clusterAffinities"},
		{"affinity group names repeat", policyv1alpha1.Placement{ClusterAffinities: []policyv1alpha1.ClusterAffinityTerm{
			{AffinityName: "a"}, {AffinityName: "a"}}}, 1, "placement.clusterAffinities[1].affinityName"},
		{"affinity group without a name", policyv1alpha1.Placement{ClusterAffinities: []policyv1alpha1.ClusterAffinityTerm{{}}}, 1,
			"placement.clusterAffinities[0].affinityName"},
		{"affinity group name over the CRD's 32 bytes", policyv1alpha1.Placement{ClusterAffinities: []policyv1alpha1.ClusterAffinityTerm{
			{AffinityName: "a"}, {AffinityName: "region-cn-east-2-training-clusters"}}}, 1, "placement.clusterAffinities[1].affinityName"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := karmada.Request(tt.placement, karmada.Snapshot{Fleet: smallFleet()}, karmada.Workload{Replicas: tt.replicas})
			require.ErrorIs(t, err, karmada.ErrInvalid)
			var ve *karmada.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
		})
	}
}

func TestRequestSelectionErrors(t *testing.T) {
	tests := []struct {
		name     string
		spread   []policyv1alpha1.SpreadConstraint
		spreadBy string
	}{
		{"more regions than the fleet has", []policyv1alpha1.SpreadConstraint{
			{SpreadByField: "region", MinGroups: 3, MaxGroups: 3}, {SpreadByField: "cluster", MinGroups: 3, MaxGroups: 4}}, "region"},
		{"regions cannot hold minGroups clusters", []policyv1alpha1.SpreadConstraint{
			{SpreadByField: "region", MinGroups: 1, MaxGroups: 1}, {SpreadByField: "cluster", MinGroups: 4, MaxGroups: 4}}, "region"},
		{"more clusters than feasible", []policyv1alpha1.SpreadConstraint{{SpreadByField: "cluster", MinGroups: 5, MaxGroups: 5}}, "cluster"},
		{"a label alone selects nothing", []policyv1alpha1.SpreadConstraint{{SpreadByLabel: "city", MinGroups: 1, MaxGroups: 1}}, "label city"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := policyv1alpha1.Placement{SpreadConstraints: tt.spread, ReplicaScheduling: dynamicWeight}
			_, err := karmada.Request(p, karmada.Snapshot{Fleet: smallFleet()}, karmada.Workload{Replicas: 4})
			require.ErrorIs(t, err, distribute.ErrNoCandidates)
			var se *karmada.SelectionError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.spreadBy, se.SpreadBy)
		})
	}
}

// Karmada's admission defaults a constraint without field or label to spread
// by cluster, and minGroups 0 to 1; Request reads the placement the same way.
func TestRequestAppliesAdmissionDefaults(t *testing.T) {
	p := policyv1alpha1.Placement{ReplicaScheduling: dynamicWeight, SpreadConstraints: []policyv1alpha1.SpreadConstraint{{MaxGroups: 2}}}
	snap := karmada.Snapshot{Fleet: smallFleet(), Available: map[string]int32{"a": 1, "b": 5, "c": 3, "d": 4}, WithoutGeneralEstimator: true}
	req, err := karmada.Request(p, snap, karmada.Workload{Replicas: 6})
	require.NoError(t, err)
	assert.Equal(t, []string{"b", "d"}, names(req))

	regions := policyv1alpha1.Placement{ReplicaScheduling: dynamicWeight, SpreadConstraints: []policyv1alpha1.SpreadConstraint{
		{SpreadByField: "region", MaxGroups: 2}, {SpreadByField: "cluster", MaxGroups: 3}}}
	req, err = karmada.Request(regions, snap, karmada.Workload{Replicas: 6})
	require.NoError(t, err)
	assert.Equal(t, []string{"b", "c", "a"}, names(req), "east alone reaches minGroups 1 and scores higher than west")
}

// When the best maxGroups clusters cannot hold the replicas, the lowest
// ranked pick is swapped for the remaining cluster with the most room.
func TestRequestSpreadByClusterSwapsForCapacity(t *testing.T) {
	p := policyv1alpha1.Placement{ReplicaScheduling: dynamicWeight,
		SpreadConstraints: []policyv1alpha1.SpreadConstraint{{SpreadByField: "cluster", MinGroups: 1, MaxGroups: 2}}}
	snap := karmada.Snapshot{Fleet: smallFleet(), Available: map[string]int32{"a": 1, "b": 1, "c": 10, "d": 2}, WithoutGeneralEstimator: true}
	previous := []distribute.Assignment{{Cluster: "a"}, {Cluster: "b"}}
	req, err := karmada.Request(p, snap, karmada.Workload{Replicas: 10, Previous: previous})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "c"}, names(req), "a and b score first but hold 2; c replaces b")

	req, err = karmada.Request(p, snap, karmada.Workload{Replicas: 12, Previous: previous})
	require.NoError(t, err)
	assert.Equal(t, []string{"d", "c"}, names(req), "then a is swapped for d, the roomiest left")

	_, err = karmada.Request(p, snap, karmada.Workload{Replicas: 13, Previous: previous})
	require.ErrorIs(t, err, distribute.ErrNoCandidates, "the swaps end at 12 available replicas")
}

func TestAffinityOfCopiesAndMatches(t *testing.T) {
	ka := policyv1alpha1.ClusterAffinity{ClusterNames: []string{"a", "b", "d"}, ExcludeClusters: []string{"b"},
		FieldSelector: &policyv1alpha1.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
			{Key: "region", Operator: corev1.NodeSelectorOpIn, Values: []string{"east"}}}}}
	a := karmada.AffinityOf(ka)
	ka.ClusterNames[0], ka.ExcludeClusters[0] = "x", "a"
	ka.FieldSelector.MatchExpressions[0].Values[0] = "west"
	got, err := smallFleet().Select(a)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "a", got[0].Name)
	assert.False(t, errors.Is(a.Validate(), fleet.ErrInvalid))
}
