package cluster_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/cluster"
)

// FuzzPlanUpgrade checks the planner's invariants for arbitrary starting points, lagging pools,
// targets and policies: every plan replays step by step through CheckChange (one minor at a time,
// no downgrade, kubelets within skew) and ends with everything on the target.
func FuzzPlanUpgrade(f *testing.F) {
	f.Add(uint8(29), uint8(3), uint8(0), uint8(32), uint8(0), false)
	f.Add(uint8(32), uint8(1), uint8(3), uint8(35), uint8(2), true)
	f.Add(uint8(30), uint8(0), uint8(1), uint8(30), uint8(5), true)
	f.Add(uint8(35), uint8(4), uint8(2), uint8(29), uint8(0), false)
	f.Fuzz(func(t *testing.T, cpMinor, cpPatch, lag, targetMinor, targetPatch uint8, atLimit bool) {
		s := cluster.Sample()
		cp := cluster.Version{Major: 1, Minor: int(cpMinor%12) + 26, Patch: int(cpPatch % 20)}
		s.Version = cp.String()
		pool := cluster.Version{Major: 1, Minor: cp.Minor - int(lag%4), Patch: 0}
		s.Workers = append(s.Workers, cluster.WorkerPool{Name: "lagging", Replicas: 2, Version: pool.String()})
		target := cluster.Version{Major: 1, Minor: int(targetMinor%12) + 26, Patch: int(targetPatch % 20)}
		opts := cluster.UpgradeOptions{}
		if atLimit {
			opts.Workers = cluster.WorkersAtSkewLimit
		}
		plan, err := cluster.PlanUpgrade(s, target.String(), opts)
		if cluster.Validate(s) != nil || !target.Supported() || target.Compare(cp) < 0 {
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		assertPlanInvariants(t, s, plan)
	})
}
