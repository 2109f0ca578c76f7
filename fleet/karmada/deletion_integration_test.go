package karmada_test

import (
	"context"
	"testing"
	"time"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/fleet/karmada"
)

// clusterControllerFinalizer is the finalizer Karmada's cluster controller puts on every Cluster
// (pkg/util/constants.go ClusterControllerFinalizer, v1.17.1); it holds a deleted Cluster until the
// member's works are cleaned up.
const clusterControllerFinalizer = "karmada.io/cluster-controller"

// A deleted Cluster lingers while Karmada's cluster controller cleans up behind its finalizer, and
// Karmada's scheduler skips it (pkg/scheduler/core/generic_scheduler.go). It is no member any more:
// Members leaves it out, Refresh reads it as not registered, and Register refuses to update it (the
// update would vanish with the object).
func TestClusterBeingDeletedIsNoMember(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, _ := newRegistrar(t, ctx, "deleting")
	m := sampleMember(t, "serving-sh")
	m.Name = "del-serving"
	kubeconfig := kubeconfigFor(t, m.APIEndpoint, nil)
	_, err := r.Register(ctx, m, kubeconfig)
	require.NoError(t, err)
	require.NoError(t, r.WriteStatus(ctx, m))

	var c clusterv1alpha1.Cluster
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
	controllerutil.AddFinalizer(&c, clusterControllerFinalizer)
	require.NoError(t, env.Client.Update(ctx, &c))
	t.Cleanup(func() {
		var c clusterv1alpha1.Cluster
		if env.Client.Get(context.Background(), client.ObjectKey{Name: m.Name}, &c) == nil {
			controllerutil.RemoveFinalizer(&c, clusterControllerFinalizer)
			assert.NoError(t, env.Client.Update(context.Background(), &c))
		}
	})
	res, err := r.Unregister(ctx, m.Name)
	require.NoError(t, err)
	assert.Equal(t, karmada.RemovalDeleted, res.Cluster)

	members, err := r.Members(ctx)
	require.NoError(t, err)
	for _, got := range members {
		assert.NotEqual(t, m.Name, got.Name, "a Cluster being deleted is listed")
	}

	snap, err := r.Refresh(ctx, fleet.Fleet{Name: "seed", Members: []fleet.Member{m}})
	require.NoError(t, err)
	assert.True(t, snap.Members[0].NotReady)
	assert.Empty(t, snap.Members[0].Capacity.Allocatable)

	_, err = r.Register(ctx, m, kubeconfig)
	require.ErrorIs(t, err, karmada.ErrBeingDeleted)
	var de *karmada.DeletingError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, m.Name, de.Name)
	err = env.Client.Get(ctx, client.ObjectKey{Namespace: "deleting", Name: m.Name}, &corev1.Secret{})
	assert.True(t, apierrors.IsNotFound(err), "the refusal comes before the Secret is written again, got %v", err)
}
