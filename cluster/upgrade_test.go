package cluster_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/cluster"
)

// hopsOf returns the control-plane target of every step that moves the control plane.
func hopsOf(p cluster.UpgradePlan) []string {
	var out []string
	for _, s := range p.Steps {
		for _, a := range s.Actions {
			if a.Kind == cluster.ActionControlPlane {
				out = append(out, a.To.String())
			}
		}
	}
	return out
}

func TestPlanUpgradeThreeMinorSteps(t *testing.T) {
	plan, err := cluster.PlanUpgrade(cluster.Sample(), "v1.32.0", cluster.UpgradeOptions{})
	require.NoError(t, err)
	require.Len(t, plan.Steps, 6)
	assert.Equal(t, []string{"v1.30.0", "v1.31.0", "v1.32.0"}, hopsOf(plan))
	for i, s := range plan.Steps {
		assert.Equal(t, i+1, s.Number)
		require.Len(t, s.Actions, 1)
	}
	for i := 0; i < len(plan.Steps); i += 2 {
		cp, pool := plan.Steps[i].Actions[0], plan.Steps[i+1].Actions[0]
		assert.Equal(t, cluster.ActionControlPlane, cp.Kind, "control plane first")
		assert.Equal(t, cluster.ActionWorkerPool, pool.Kind)
		assert.Equal(t, "general", pool.Target)
		assert.Equal(t, cp.To, pool.To)
		assert.Contains(t, pool.Reason, "once it has rolled out at "+cp.To.String())
	}
	assert.Contains(t, plan.Steps[0].Actions[0].Reason, "no release of v1.30 listed")
}

// TestPlanUpgradeNeverMovesWorkersWithTheControlPlane: with the default policy each step held the
// control-plane action and the pools following it, so Apply gave the KubeadmControlPlane and the
// MachineDeployments the new version in one spec and Cluster API rolled both at once, joining v1.30
// kubelets to v1.29 control-plane machines.
func TestPlanUpgradeNeverMovesWorkersWithTheControlPlane(t *testing.T) {
	for _, policy := range []cluster.WorkerPolicy{cluster.WorkersEveryStep, cluster.WorkersAtSkewLimit} {
		for _, target := range []string{"v1.29.9", "v1.30.0", "v1.35.0"} {
			spec := cluster.Sample()
			plan, err := cluster.PlanUpgrade(spec, target, cluster.UpgradeOptions{Workers: policy})
			require.NoError(t, err)
			for _, step := range plan.Steps {
				kinds := map[cluster.ActionKind]bool{}
				for _, a := range step.Actions {
					kinds[a.Kind] = true
				}
				assert.Len(t, kinds, 1, "%s to %s, step %d mixes the control plane and pools", policy, target, step.Number)
				next := step.Apply(spec)
				cp, err := cluster.ParseVersion(spec.Version)
				require.NoError(t, err)
				for _, p := range next.Workers {
					v, err := cluster.ParseVersion(p.KubeletVersion(next.Version))
					require.NoError(t, err)
					assert.LessOrEqual(t, v.Minor, cp.Minor, "%s to %s, step %d: pool %s passes the running control plane %s",
						policy, target, step.Number, p.Name, cp)
				}
				spec = next
			}
		}
	}
	first, err := cluster.PlanUpgrade(cluster.Sample(), "v1.30.0", cluster.UpgradeOptions{})
	require.NoError(t, err)
	next := first.Steps[0].Apply(cluster.Sample())
	assert.Equal(t, "v1.30.0", next.Version)
	assert.Equal(t, "v1.29.3", next.Workers[0].Version, "the pool waits for the control plane")
}

func TestPlanUpgradePicksNewestListedPatch(t *testing.T) {
	plan, err := cluster.PlanUpgrade(cluster.Sample(), "v1.32.0", cluster.UpgradeOptions{Releases: cluster.SampleReleases()})
	require.NoError(t, err)
	assert.Equal(t, []string{"v1.30.14", "v1.31.12", "v1.32.0"}, hopsOf(plan))
}

func TestPlanUpgradeAtSkewLimitReplacesWorkersOnce(t *testing.T) {
	plan, err := cluster.PlanUpgrade(cluster.Sample(), "v1.32.0", cluster.UpgradeOptions{Workers: cluster.WorkersAtSkewLimit})
	require.NoError(t, err)
	require.Len(t, plan.Steps, 4)
	assert.Equal(t, []string{"v1.30.0", "v1.31.0", "v1.32.0"}, hopsOf(plan))
	last := plan.Steps[3].Actions
	require.Len(t, last, 1)
	assert.Equal(t, cluster.ActionWorkerPool, last[0].Kind)
	assert.Equal(t, "v1.29.3", last[0].From.String())
	assert.Equal(t, "v1.32.0", last[0].To.String())
}

func TestPlanUpgradeAtSkewLimitKeepsWithinSkew(t *testing.T) {
	s := cluster.Sample()
	plan, err := cluster.PlanUpgrade(s, "v1.35.0", cluster.UpgradeOptions{Workers: cluster.WorkersAtSkewLimit})
	require.NoError(t, err)
	assert.Equal(t, []string{"v1.30.0", "v1.31.0", "v1.32.0", "v1.33.0", "v1.34.0", "v1.35.0"}, hopsOf(plan))
	// The pool has to move at v1.32 before the v1.33 step would leave it four minors behind.
	require.Len(t, plan.Steps[3].Actions, 1)
	assert.Equal(t, cluster.ActionWorkerPool, plan.Steps[3].Actions[0].Kind)
	assert.Equal(t, "v1.32.0", plan.Steps[3].Actions[0].To.String())
	assertPlanInvariants(t, s, plan)
}

func TestPlanUpgradeCatchesUpLaggingPoolFirst(t *testing.T) {
	s := cluster.Sample()
	s.Version, s.Workers[0].Version = "v1.32.1", "v1.29.3"
	plan, err := cluster.PlanUpgrade(s, "v1.33.0", cluster.UpgradeOptions{Workers: cluster.WorkersAtSkewLimit})
	require.NoError(t, err)
	require.Len(t, plan.Steps, 3, "catch up, control plane, pools")
	require.Len(t, plan.Steps[0].Actions, 1)
	assert.Equal(t, cluster.ActionWorkerPool, plan.Steps[0].Actions[0].Kind)
	assert.Equal(t, "v1.32.1", plan.Steps[0].Actions[0].To.String())
	assert.Contains(t, plan.Steps[0].Actions[0].Reason, "skew")
	assertPlanInvariants(t, s, plan)
}

func TestPlanUpgradeSameVersionAndPatch(t *testing.T) {
	plan, err := cluster.PlanUpgrade(cluster.Sample(), "v1.29.3", cluster.UpgradeOptions{})
	require.NoError(t, err)
	assert.Empty(t, plan.Steps)

	plan, err = cluster.PlanUpgrade(cluster.Sample(), "v1.29.9", cluster.UpgradeOptions{})
	require.NoError(t, err)
	require.Len(t, plan.Steps, 2)
	assert.Contains(t, plan.Steps[0].Actions[0].Reason, "patch")
	assert.Equal(t, cluster.ActionWorkerPool, plan.Steps[1].Actions[0].Kind)
}

func TestPlanUpgradeRejects(t *testing.T) {
	tests := []struct {
		name     string
		target   string
		opts     cluster.UpgradeOptions
		field    string
		sentinel error
	}{
		{"downgrade", "v1.28.9", cluster.UpgradeOptions{}, "target", cluster.ErrUnsupportedVersion},
		{"patch downgrade", "v1.29.1", cluster.UpgradeOptions{}, "target", cluster.ErrDowngrade},
		{"unsupported target", "v1.36.0", cluster.UpgradeOptions{}, "target", cluster.ErrUnsupportedVersion},
		{"malformed target", "latest", cluster.UpgradeOptions{}, "target", nil},
		{"malformed release", "v1.31.0", cluster.UpgradeOptions{Releases: []string{"v1.30"}}, "releases[0]", nil},
		{"unknown policy", "v1.31.0", cluster.UpgradeOptions{Workers: "Whenever"}, "workers", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cluster.PlanUpgrade(cluster.Sample(), tt.target, tt.opts)
			var ve *cluster.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			if tt.sentinel != nil {
				assert.ErrorIs(t, err, tt.sentinel)
			}
		})
	}
	bad := cluster.Sample()
	bad.ControlPlane.Replicas = 2
	_, err := cluster.PlanUpgrade(bad, "v1.30.0", cluster.UpgradeOptions{})
	assert.ErrorIs(t, err, cluster.ErrEvenControlPlane)
}

// assertPlanInvariants replays a plan and checks, after every step, that the spec is valid (so
// kubelet skew holds), that each step is an acceptable change, and that the plan ends on target.
func assertPlanInvariants(t *testing.T, s cluster.ClusterSpec, plan cluster.UpgradePlan) {
	t.Helper()
	cur := s
	for _, step := range plan.Steps {
		for i, a := range step.Actions {
			if a.Kind == cluster.ActionControlPlane {
				assert.Zero(t, i, "step %d: control plane must come first", step.Number)
				assert.LessOrEqual(t, a.To.Minor-a.From.Minor, 1, "step %d skips a minor", step.Number)
			}
		}
		next := step.Apply(cur)
		require.NoError(t, cluster.CheckChange(cur, next), "step %d", step.Number)
		cur = next
	}
	assert.Equal(t, plan.To.String(), cur.Version)
	for _, p := range cur.Workers {
		v, err := cluster.ParseVersion(p.KubeletVersion(cur.Version))
		require.NoError(t, err)
		assert.Equal(t, plan.To, v, "pool %s should end on the control plane's version", p.Name)
	}
}

func TestPlanStepsReplayCleanly(t *testing.T) {
	for _, policy := range []cluster.WorkerPolicy{cluster.WorkersEveryStep, cluster.WorkersAtSkewLimit} {
		plan, err := cluster.PlanUpgrade(cluster.Sample(), "v1.32.0", cluster.UpgradeOptions{Workers: policy, Releases: cluster.SampleReleases()})
		require.NoError(t, err)
		assertPlanInvariants(t, cluster.Sample(), plan)
	}
}
