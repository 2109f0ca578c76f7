package karmada_test

import (
	"testing"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/fleet/karmada"
)

// A label removed from the member (or its role cleared) must go from the Cluster too, or Karmada's
// label selectors keep matching it and keep placing workloads there; labels someone else put on the
// Cluster by hand stay.
func TestRegisterRemovesLabelsTheMemberDropped(t *testing.T) {
	ctx, api, r := onKarmada(t, karmada.Options{})
	m := sampleMember(t, "serving-sh")
	m.Labels = map[string]string{"tier": "gold", "city": "sh"}
	kubeconfig := register(ctx, t, r, m)

	var c clusterv1alpha1.Cluster
	require.NoError(t, api.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
	c.Labels["team"] = "ml" // an operator's
	require.NoError(t, api.Update(ctx, &c))
	res, err := r.Register(ctx, m, kubeconfig)
	require.NoError(t, err)
	assert.Equal(t, controllerutil.OperationResultNone, res.Cluster, "nothing of the member changed")

	delete(m.Labels, "tier")
	m.Role = ""
	_, err = r.Register(ctx, m, kubeconfig)
	require.NoError(t, err)
	require.NoError(t, api.Get(ctx, client.ObjectKey{Name: m.Name}, &c))
	assert.NotContains(t, c.Labels, "tier", "the member no longer has it")
	assert.NotContains(t, c.Labels, fleet.RoleLabel, "the member has no role any more")
	assert.Equal(t, "sh", c.Labels["city"])
	assert.Equal(t, "ml", c.Labels["team"], "a label fleetkit did not write stays")
	assert.Equal(t, karmada.ManagedByValue, c.Labels[karmada.ManagedByLabel])
	assert.Equal(t, fleet.Role(""), karmada.MemberFromCluster(&c).Role)
}
