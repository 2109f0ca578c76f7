package karmada_test

import (
	"math"
	"strings"
	"testing"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/fleet/karmada"
)

func sampleMember(t *testing.T, name string) fleet.Member {
	t.Helper()
	m, ok := fleet.Sample().Member(name)
	require.True(t, ok, name)
	return m
}

func TestClusterForSampleMembers(t *testing.T) {
	for _, m := range fleet.Sample().Members {
		c, err := karmada.ClusterFor(m, nil, karmada.Options{})
		require.NoError(t, err, m.Name)
		assert.Equal(t, clusterv1alpha1.Push, c.Spec.SyncMode)
		assert.Equal(t, m.APIEndpoint, c.Spec.APIEndpoint)
		assert.Equal(t, &clusterv1alpha1.LocalSecretReference{Namespace: "karmada-cluster", Name: m.Name}, c.Spec.SecretRef)
		assert.Equal(t, string(m.Role), c.Labels[fleet.RoleLabel])
		assert.Equal(t, karmada.ManagedByValue, c.Labels[karmada.ManagedByLabel])
		assert.Equal(t, m.Region, c.Spec.Region)
	}
	gpu, err := karmada.ClusterFor(sampleMember(t, "training-bj"), nil, karmada.Options{SecretNamespace: "fleet-secrets"})
	require.NoError(t, err)
	require.Len(t, gpu.Spec.Taints, 1)
	assert.Equal(t, "nvidia.com/gpu", gpu.Spec.Taints[0].Key)
	assert.Equal(t, "fleet-secrets", gpu.Spec.SecretRef.Namespace)
}

func TestClusterForTakesEndpointFromKubeconfig(t *testing.T) {
	m := sampleMember(t, "serving-sh")
	m.APIEndpoint = ""
	creds, err := karmada.ParseKubeconfig(m.Name, kubeconfigFor(t, "https://10.1.2.3:6443", nil))
	require.NoError(t, err)
	c, err := karmada.ClusterFor(m, &creds, karmada.Options{})
	require.NoError(t, err)
	assert.Equal(t, "https://10.1.2.3:6443", c.Spec.APIEndpoint)

	s := karmada.SecretFor(m, creds, karmada.Options{})
	assert.Equal(t, secretToken, string(s.Data[clusterv1alpha1.SecretTokenKey]))
	assert.Equal(t, caPEM, string(s.Data[clusterv1alpha1.SecretCADataKey]))
	assert.Equal(t, "karmada-cluster", s.Namespace)
}

func TestClusterForRejectsWhatKarmadaRejects(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*fleet.Member)
		field string
	}{
		{"name longer than 48", func(m *fleet.Member) { m.Name = strings.Repeat("a", 49) }, "metadata.name"},
		{"no endpoint", func(m *fleet.Member) { m.APIEndpoint = "" }, "apiEndpoint"},
		{"endpoint without host", func(m *fleet.Member) { m.APIEndpoint = "https://" }, "spec.apiEndpoint"},
		{"region not a label value", func(m *fleet.Member) { m.Region = "cn north" }, "spec.region"},
		{"bad taint", func(m *fleet.Member) { m.Taints = []corev1.Taint{{Key: "gpu", Effect: "Maybe"}} }, "spec.taints[0].effect"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := sampleMember(t, "serving-sh")
			tt.edit(&m)
			_, err := karmada.ClusterFor(m, nil, karmada.Options{})
			require.ErrorIs(t, err, karmada.ErrInvalidMember)
			var me *karmada.MemberError
			require.ErrorAs(t, err, &me)
			assert.Equal(t, tt.field, me.Field)
		})
	}
}

func TestMemberFromCluster(t *testing.T) {
	c, err := karmada.ClusterFor(sampleMember(t, "training-bj"), nil, karmada.Options{})
	require.NoError(t, err)
	c.Status = clusterv1alpha1.ClusterStatus{
		Conditions: []metav1.Condition{{Type: clusterv1alpha1.ClusterConditionReady, Status: metav1.ConditionTrue}},
		ResourceSummary: &clusterv1alpha1.ResourceSummary{
			Allocatable: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("512"), "nvidia.com/gpu": resource.MustParse("32")},
			Allocated:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100")},
		},
	}
	m := karmada.MemberFromCluster(c)
	assert.False(t, m.NotReady)
	assert.Equal(t, fleet.RoleTraining, m.Role)
	assert.NotContains(t, m.Labels, karmada.ManagedByLabel)
	assert.NotContains(t, m.Labels, fleet.RoleLabel)
	assert.Equal(t, "nvidia-a100", m.Labels["accelerator"])
	want := resource.MustParse("412")
	free := m.Capacity.Free()[corev1.ResourceCPU]
	assert.Equal(t, 0, want.Cmp(free))

	c.Status.Conditions[0].Status = metav1.ConditionFalse
	assert.True(t, karmada.MemberFromCluster(c).NotReady)
}

// TestMemberFromClusterInSeveralZones: a Cluster spanning zones is read with all of them, so a
// selector matches it as Karmada's does. Before, fleetkit kept the first zone only and
// `zone In [cn-east-2a]` selected a cluster Karmada leaves out.
func TestMemberFromClusterInSeveralZones(t *testing.T) {
	c, err := karmada.ClusterFor(sampleMember(t, "serving-sh"), nil, karmada.Options{})
	require.NoError(t, err)
	c.Spec.Zones = []string{"cn-east-2a", "cn-east-2b"}
	m := karmada.MemberFromCluster(c)
	inFirst := fleet.Affinity{FieldSelector: &fleet.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
		{Key: fleet.FieldZone, Operator: corev1.NodeSelectorOpIn, Values: []string{"cn-east-2a"}}}}}
	assert.False(t, inFirst.Matches(m), "zone In [cn-east-2a] must not match a cluster also in cn-east-2b")
	inBoth := inFirst
	inBoth.FieldSelector = &fleet.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
		{Key: fleet.FieldZone, Operator: corev1.NodeSelectorOpIn, Values: []string{"cn-east-2b", "cn-east-2a"}}}}
	assert.True(t, inBoth.Matches(m))

	back, err := karmada.ClusterFor(m, nil, karmada.Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"cn-east-2a", "cn-east-2b"}, back.Spec.Zones, "registering the member writes every zone back")
}

// defaultModels are two grades over CPU and memory, like the defaults Karmada's API server gives
// every Cluster, with the bounds a user would write (not yet MaxInt64 at the top).
func defaultModels() []fleet.ResourceModel {
	grade := func(g uint, cpuMin, cpuMax, memMin, memMax string) fleet.ResourceModel {
		return fleet.ResourceModel{Grade: g, Ranges: []fleet.ResourceModelRange{
			{Name: corev1.ResourceCPU, Min: resource.MustParse(cpuMin), Max: resource.MustParse(cpuMax)},
			{Name: corev1.ResourceMemory, Min: resource.MustParse(memMin), Max: resource.MustParse(memMax)}}}
	}
	return []fleet.ResourceModel{grade(0, "0", "4", "0", "16Gi"), grade(1, "4", "64", "16Gi", "256Gi")}
}

// TestResourceModelsRoundTrip: a member's resource models and node counts become the Cluster's
// spec.resourceModels (bounded as Karmada's API server stores them) and
// status.resourceSummary.allocatableModelings, and read back. Before, both were dropped, and a
// member read from a real Karmada was estimated from its summary while Karmada's scheduler counted
// its node grades.
func TestResourceModelsRoundTrip(t *testing.T) {
	m := sampleMember(t, "serving-sh")
	m.Capacity.Models = defaultModels()
	m.Capacity.AllocatableModelings = []fleet.AllocatableModeling{{Grade: 0, Count: 3}, {Grade: 1, Count: 2}}
	c, err := karmada.ClusterFor(m, nil, karmada.Options{})
	require.NoError(t, err)
	require.Len(t, c.Spec.ResourceModels, 2)
	top := c.Spec.ResourceModels[1].Ranges[0].Max
	assert.Equal(t, int64(math.MaxInt64), top.Value(), "the last grade is open-ended, as Karmada stores it")
	c.Status = karmada.StatusFor(m, metav1.Now())
	assert.Equal(t, []clusterv1alpha1.AllocatableModeling{{Grade: 0, Count: 3}, {Grade: 1, Count: 2}}, c.Status.ResourceSummary.AllocatableModelings)

	back := karmada.MemberFromCluster(c)
	assert.Equal(t, m.Capacity.AllocatableModelings, back.Capacity.AllocatableModelings)
	require.Len(t, back.Capacity.Models, 2)
	assert.Equal(t, 0, back.Capacity.Models[1].Ranges[1].Min.Cmp(resource.MustParse("16Gi")))
}

// TestClusterForRefusesMisalignedModelings: node counts are read by the models' positions, so counts
// for other grades, or a count short, would be estimated against the wrong grade.
func TestClusterForRefusesMisalignedModelings(t *testing.T) {
	m := sampleMember(t, "serving-sh")
	m.Capacity.Models = defaultModels()
	m.Capacity.AllocatableModelings = []fleet.AllocatableModeling{{Grade: 0, Count: 3}}
	_, err := karmada.ClusterFor(m, nil, karmada.Options{})
	var me *karmada.MemberError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "capacity.allocatableModelings", me.Field)

	m.Capacity.AllocatableModelings = []fleet.AllocatableModeling{{Grade: 0, Count: 3}, {Grade: 2, Count: 1}}
	_, err = karmada.ClusterFor(m, nil, karmada.Options{})
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "capacity.allocatableModelings[1].grade", me.Field)
}
