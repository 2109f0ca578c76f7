package karmada_test

import (
	"testing"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/fleet/karmada"
)

// A member read back from Karmada (Members, Refresh) lists every label and taint on its Cluster,
// operators' and Karmada's controllers' too. Registering it again must not claim them as fleetkit's:
// the next registration of the fleet file, which does not list them, would delete an operator's cordon
// and a ClusterTaintPolicy's NoExecute taint (not re-added until the Cluster's conditions change).
func TestRegisteringAReadBackMemberClaimsNothingOfOthers(t *testing.T) {
	ctx, api, r := onKarmada(t, karmada.Options{})
	m := sampleMember(t, "training-bj")
	kubeconfig := register(ctx, t, r, m)

	var c clusterv1alpha1.Cluster
	require.NoError(t, api.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
	cordon := corev1.Taint{Key: "ops.example.com/cordon", Effect: corev1.TaintEffectNoSchedule}
	c.Spec.Taints = append(c.Spec.Taints, cordon)
	c.Labels["ops.example.com/owner"] = "sre"
	require.NoError(t, api.Update(ctx, &c))

	members, err := r.Members(ctx)
	require.NoError(t, err)
	i := indexOf(members, m.Name)
	require.GreaterOrEqual(t, i, 0)
	require.Contains(t, members[i].Labels, "ops.example.com/owner", "read back with the operator's label")
	_, err = r.Register(ctx, members[i], kubeconfig)
	require.NoError(t, err)

	_, err = r.Register(ctx, m, kubeconfig) // the fleet file again
	require.NoError(t, err)
	require.NoError(t, api.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
	assert.Equal(t, "sre", c.Labels["ops.example.com/owner"], "the operator's label")
	assert.Contains(t, c.Spec.Taints, cordon, "the operator's taint")
}

func indexOf(members []fleet.Member, name string) int {
	for i := range members {
		if members[i].Name == name {
			return i
		}
	}
	return -1
}
