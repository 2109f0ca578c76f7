package karmada_test

import (
	"testing"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/fleet/karmada"
)

// Karmada's cluster controller taints a Cluster whose Ready condition is Unknown with
// cluster.karmada.io/unreachable, swaps it for not-ready when Ready turns False, and removes both when
// it turns True (taintClusterByCondition, v1.17.1). WriteStatus plays that controller, so a member it
// reports ready must not stay unschedulable behind an unreachable taint, and one it reports not ready
// carries the not-ready taint only.
func TestWriteStatusClearsTheUnreachableTaint(t *testing.T) {
	ctx, api, r := onKarmada(t, karmada.Options{})
	m := sampleMember(t, "training-bj")
	register(ctx, t, r, m)
	for _, notReady := range []bool{false, true} {
		var c clusterv1alpha1.Cluster
		require.NoError(t, api.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
		now := metav1.Now()
		c.Spec.Taints = append(c.Spec.Taints, corev1.Taint{Key: clusterv1alpha1.TaintClusterUnreachable,
			Effect: corev1.TaintEffectNoSchedule, TimeAdded: &now})
		require.NoError(t, api.Update(ctx, &c), "what the cluster controller wrote while Ready was Unknown")

		m.NotReady = notReady
		require.NoError(t, r.WriteStatus(ctx, m))
		require.NoError(t, api.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
		want := []string{"nvidia.com/gpu"}
		if notReady {
			want = append(want, clusterv1alpha1.TaintClusterNotReady)
		}
		assert.Equal(t, want, taintKeys(c.Spec.Taints), "notReady=%v", notReady)
		assert.Equal(t, notReady, karmada.MemberFromCluster(&c).NotReady)
	}
}
