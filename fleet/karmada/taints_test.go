package karmada_test

import (
	"testing"
	"time"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"

	"github.com/fleetkit/fleetkit/fleet/karmada"
)

// Karmada's API server stamps a NoExecute taint's timeAdded when it is written without one, and its
// taint manager evicts workloads tolerationSeconds after that time. Registering an unchanged member
// again must neither count as a change nor restart that clock (a periodic re-registration would
// otherwise postpone eviction from a NoExecute-tainted member forever).
func TestRegisterKeepsNoExecuteTimeAdded(t *testing.T) {
	ctx, api, r := onKarmada(t, karmada.Options{})
	m := sampleMember(t, "serving-sh")
	m.Taints = []corev1.Taint{{Key: "maintenance", Value: "true", Effect: corev1.TaintEffectNoExecute}}
	kubeconfig := register(ctx, t, r, m)

	// An hour passes: the taint was added an hour ago.
	var c clusterv1alpha1.Cluster
	require.NoError(t, api.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
	require.Len(t, c.Spec.Taints, 1)
	require.NotNil(t, c.Spec.Taints[0].TimeAdded, "Karmada's API server stamps NoExecute taints")
	added := metav1.NewTime(time.Now().Add(-time.Hour).Truncate(time.Second))
	c.Spec.Taints[0].TimeAdded = &added
	require.NoError(t, api.Update(ctx, &c))

	res, err := r.Register(ctx, m, kubeconfig)
	require.NoError(t, err)
	assert.Equal(t, controllerutil.OperationResultNone, res.Cluster, "nothing of the member changed")
	require.NoError(t, api.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
	require.Len(t, c.Spec.Taints, 1)
	assert.True(t, added.Equal(c.Spec.Taints[0].TimeAdded), "timeAdded restarted: %v, want %v", c.Spec.Taints[0].TimeAdded, added)

	m.Taints[0].Value = "drain"
	_, err = r.Register(ctx, m, kubeconfig)
	require.NoError(t, err)
	require.NoError(t, api.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
	assert.True(t, c.Spec.Taints[0].TimeAdded.After(added.Time), "a changed taint is a new taint")
}

// Taints fleetkit did not write stay: Karmada's ClusterTaintPolicy controller adds its taints only when
// a Cluster's conditions change (pkg/controllers/taint, v1.17.1), so one dropped by a re-registration
// would stay dropped and its NoExecute eviction never happen; an operator's `karmadactl taint` is no
// less deliberate. fleetkit removes only the taints it wrote itself.
func TestRegisterKeepsTaintsItDidNotWrite(t *testing.T) {
	ctx, api, r := onKarmada(t, karmada.Options{})
	m := sampleMember(t, "training-bj")
	kubeconfig := register(ctx, t, r, m)

	var c clusterv1alpha1.Cluster
	require.NoError(t, api.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
	now := metav1.Now()
	c.Spec.Taints = append(c.Spec.Taints,
		corev1.Taint{Key: "testing/network-not-ready", Effect: corev1.TaintEffectNoExecute, TimeAdded: &now}, // a ClusterTaintPolicy's
		corev1.Taint{Key: "ops.example.com/cordon", Effect: corev1.TaintEffectNoSchedule})                    // an operator's
	require.NoError(t, api.Update(ctx, &c))

	res, err := r.Register(ctx, m, kubeconfig)
	require.NoError(t, err)
	assert.Equal(t, controllerutil.OperationResultNone, res.Cluster, "nothing of the member changed")
	require.NoError(t, api.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
	assert.Equal(t, []string{"nvidia.com/gpu", "testing/network-not-ready", "ops.example.com/cordon"}, taintKeys(c.Spec.Taints))

	m.Taints = nil
	_, err = r.Register(ctx, m, kubeconfig)
	require.NoError(t, err)
	require.NoError(t, api.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
	assert.Equal(t, []string{"testing/network-not-ready", "ops.example.com/cordon"}, taintKeys(c.Spec.Taints),
		"the member's own taint goes, the others stay")
}

// An adopted Cluster's taints were written by someone else: adopting keeps them.
func TestAdoptKeepsTheClustersTaints(t *testing.T) {
	ctx, api, r := onKarmada(t, karmada.Options{Adopt: true})
	joined := &clusterv1alpha1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: "joined-by-karmadactl"},
		Spec: clusterv1alpha1.ClusterSpec{SyncMode: clusterv1alpha1.Push, APIEndpoint: "https://10.0.0.1:6443",
			Taints: []corev1.Taint{{Key: "ops.example.com/cordon", Effect: corev1.TaintEffectNoSchedule}}}}
	require.NoError(t, api.Create(ctx, joined))
	m := sampleMember(t, "serving-sh")
	m.Name = joined.Name
	register(ctx, t, r, m)

	var c clusterv1alpha1.Cluster
	require.NoError(t, api.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
	assert.Equal(t, []string{"ops.example.com/cordon"}, taintKeys(c.Spec.Taints))
}
