package karmada_test

import (
	"context"
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
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	api := karmadaAPIServer(t)
	r, err := karmada.New(api, karmada.Options{})
	require.NoError(t, err)
	m := sampleMember(t, "serving-sh")
	m.Taints = []corev1.Taint{{Key: "maintenance", Value: "true", Effect: corev1.TaintEffectNoExecute}}
	kubeconfig := kubeconfigFor(t, m.APIEndpoint, nil)
	_, err = r.Register(ctx, m, kubeconfig)
	require.NoError(t, err)

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
