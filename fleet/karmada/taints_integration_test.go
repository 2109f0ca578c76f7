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
)

// Karmada's cluster controller owns the not-ready and unreachable taints (pkg/controllers/cluster,
// taintClusterByCondition): it adds them while the Ready condition is not True. Registering the member
// again with unchanged input must leave them, or every re-registration would make a cluster that is
// down schedulable until the controller notices.
func TestRegisterKeepsKarmadaControllerTaints(t *testing.T) {
	for _, key := range []string{clusterv1alpha1.TaintClusterNotReady, clusterv1alpha1.TaintClusterUnreachable} {
		t.Run(key, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			r, _ := newRegistrar(t, ctx, "ctl-taints-"+key[len("cluster.karmada.io/"):])
			m := sampleMember(t, "training-bj")
			m.Name = "ct-" + key[len("cluster.karmada.io/"):]
			kubeconfig := kubeconfigFor(t, m.APIEndpoint, nil)
			_, err := r.Register(ctx, m, kubeconfig)
			require.NoError(t, err)

			// What Karmada's cluster controller writes for a member that is down.
			var c clusterv1alpha1.Cluster
			require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
			now := metav1.Now()
			c.Spec.Taints = append(c.Spec.Taints, corev1.Taint{Key: key, Effect: corev1.TaintEffectNoSchedule, TimeAdded: &now})
			require.NoError(t, env.Client.Update(ctx, &c))

			res, err := r.Register(ctx, m, kubeconfig)
			require.NoError(t, err)
			assert.Equal(t, controllerutil.OperationResultNone, res.Cluster, "nothing of the member changed")
			require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
			assert.Equal(t, []string{"nvidia.com/gpu", key}, taintKeys(c.Spec.Taints))

			// The member's own taints are still fleetkit's to change.
			m.Taints = nil
			_, err = r.Register(ctx, m, kubeconfig)
			require.NoError(t, err)
			require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
			assert.Equal(t, []string{key}, taintKeys(c.Spec.Taints))
		})
	}
}
