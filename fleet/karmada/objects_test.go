package karmada_test

import (
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
