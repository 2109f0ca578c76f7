package cluster_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/fleetkit/fleetkit/cluster"
)

func TestPlanScaleFiveToEight(t *testing.T) {
	cur := cluster.Sample()
	next, err := cur.ScalePool("general", 8)
	require.NoError(t, err)
	assert.Equal(t, int32(5), cur.Workers[0].Replicas, "ScalePool must not modify its receiver")
	plan, err := cluster.PlanScale(cur, next)
	require.NoError(t, err)
	assert.Equal(t, cluster.ChangeUnchanged, plan.ControlPlane.Kind)
	changed := plan.Changed()
	require.Len(t, changed, 1)
	assert.Equal(t, cluster.PoolChange{
		Pool: "general", SizeChange: cluster.SizeChange{Kind: cluster.ChangeScaleUp, From: 5, To: 8},
		Bounds: cluster.RolloutBounds{MaxSurge: 1, MaxUnavailable: 0, MinAvailable: 8, Waves: 8},
		Reason: changed[0].Reason,
	}, changed[0])
	assert.Contains(t, changed[0].Reason, "3 machine(s) created")
}

func TestPlanScaleAddsRemovesAndShrinks(t *testing.T) {
	cur := cluster.Sample()
	cur.Workers = append(cur.Workers, cluster.WorkerPool{Name: "batch", Replicas: 4}, cluster.WorkerPool{Name: "legacy", Replicas: 2})
	next := cur.DeepCopy()
	half := intstr.FromString("50%")
	next.Workers = []cluster.WorkerPool{next.Workers[0], {Name: "batch", Replicas: 2, MaxUnavailable: &half}, {Name: "gpu", Replicas: 2}}
	next.ControlPlane.Replicas = 5
	plan, err := cluster.PlanScale(cur, next)
	require.NoError(t, err)
	assert.Equal(t, cluster.SizeChange{Kind: cluster.ChangeScaleUp, From: 3, To: 5}, plan.ControlPlane)
	kinds := map[string]cluster.ChangeKind{}
	for _, p := range plan.Pools {
		kinds[p.Pool] = p.Kind
	}
	assert.Equal(t, map[string]cluster.ChangeKind{"general": cluster.ChangeUnchanged, "batch": cluster.ChangeScaleDown,
		"gpu": cluster.ChangeAdded, "legacy": cluster.ChangeRemoved}, kinds)
	assert.Equal(t, []string{"general", "batch", "gpu", "legacy"}, []string{plan.Pools[0].Pool, plan.Pools[1].Pool, plan.Pools[2].Pool, plan.Pools[3].Pool})
	assert.Equal(t, int32(1), plan.Pools[1].Bounds.MaxUnavailable)
	assert.Len(t, plan.Changed(), 3)
}

func TestPlanScaleRejects(t *testing.T) {
	cur := cluster.Sample()
	upgraded := cur.DeepCopy()
	upgraded.Version = "v1.30.0"
	upgraded.Workers[0].Version = "v1.29.3"
	_, err := cluster.PlanScale(cur, upgraded)
	var ve *cluster.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "version", ve.Field)

	// A pool mid-upgrade catching up (its Version cleared) or moved on its own rolls every machine:
	// it used to pass as a scale with "nothing is replaced".
	mid := cur.DeepCopy()
	mid.Version, mid.Workers[0].Version = "v1.30.0", "v1.29.3"
	caughtUp := mid.DeepCopy()
	caughtUp.Workers[0].Version = ""
	caughtUp.Workers[0].Replicas = 8
	_, err = cluster.PlanScale(mid, caughtUp)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "workers[0].version", ve.Field)
	assert.Contains(t, err.Error(), "v1.29.3 to v1.30.0")
	patched := cur.DeepCopy()
	patched.Version = "v1.29.3"
	patched.Workers[0].Version = "1.29.3"
	_, err = cluster.PlanScale(cur, patched)
	assert.NoError(t, err, "the same version spelt without its v")
	mid.Workers[0].Replicas = 8
	_, err = cluster.PlanScale(caughtUp, mid)
	require.Error(t, err, "nor does a pool sent back")

	even := cur.DeepCopy()
	even.ControlPlane.Replicas = 4
	_, err = cluster.PlanScale(cur, even)
	assert.ErrorIs(t, err, cluster.ErrEvenControlPlane)

	_, err = cur.ScalePool("missing", 3)
	assert.ErrorIs(t, err, cluster.ErrInvalid)
	_, err = cur.ScalePool("general", -1)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "workers[0].replicas", ve.Field)
}
