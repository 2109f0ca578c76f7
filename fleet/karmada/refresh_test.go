package karmada_test

import (
	"testing"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/fleet/karmada"
)

// Karmada's scheduler filters clusters by their taints, whoever wrote them: a ClusterTaintPolicy's,
// an operator's cordon, the cluster controller's. A refreshed snapshot that kept only the fleet file's
// taints would predict placements on a member Karmada refuses.
func TestRefreshReadsTheClustersTaints(t *testing.T) {
	ctx, api, r := onKarmada(t, karmada.Options{})
	m := sampleMember(t, "training-bj")
	register(ctx, t, r, m)
	require.NoError(t, r.WriteStatus(ctx, m))

	var c clusterv1alpha1.Cluster
	require.NoError(t, api.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
	now := metav1.Now()
	c.Spec.Taints = append(c.Spec.Taints, corev1.Taint{Key: "testing/network-not-ready", Effect: corev1.TaintEffectNoSchedule, TimeAdded: &now})
	require.NoError(t, api.Update(ctx, &c))

	snap, err := r.Refresh(ctx, fleet.Fleet{Name: "seed", Members: []fleet.Member{m}})
	require.NoError(t, err)
	got := snap.Members[0]
	assert.False(t, got.NotReady)
	assert.Equal(t, []string{"nvidia.com/gpu", "testing/network-not-ready"}, taintKeys(got.Taints))
	assert.Equal(t, []string{"nvidia.com/gpu"}, taintKeys(m.Taints), "Refresh does not modify its input")
}
