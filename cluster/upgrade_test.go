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
	require.Len(t, plan.Steps, 3)
	assert.Equal(t, []string{"v1.30.0", "v1.31.0", "v1.32.0"}, hopsOf(plan))
	for i, s := range plan.Steps {
		assert.Equal(t, i+1, s.Number)
		require.Len(t, s.Actions, 2)
		assert.Equal(t, cluster.ActionControlPlane, s.Actions[0].Kind, "control plane first")
		assert.Equal(t, "general", s.Actions[1].Target)
		assert.Equal(t, s.Actions[0].To, s.Actions[1].To)
	}
	assert.Contains(t, plan.Steps[0].Actions[0].Reason, "no release of v1.30 listed")
}

func TestPlanUpgradePicksNewestListedPatch(t *testing.T) {
	plan, err := cluster.PlanUpgrade(cluster.Sample(), "v1.32.0", cluster.UpgradeOptions{Releases: cluster.SampleReleases()})
	require.NoError(t, err)
	assert.Equal(t, []string{"v1.30.14", "v1.31.12", "v1.32.0"}, hopsOf(plan))
}

func TestPlanUpgradeAtSkewLimitReplacesWorkersOnce(t *testing.T) {
	plan, err := cluster.PlanUpgrade(cluster.Sample(), "v1.32.0", cluster.UpgradeOptions{Workers: cluster.WorkersAtSkewLimit})
	require.NoError(t, err)
	require.Len(t, plan.Steps, 3)
	assert.Len(t, plan.Steps[0].Actions, 1)
	assert.Len(t, plan.Steps[1].Actions, 1)
	last := plan.Steps[2].Actions
	require.Len(t, last, 2)
	assert.Equal(t, "v1.29.3", last[1].From.String())
	assert.Equal(t, "v1.32.0", last[1].To.String())
}

func TestPlanUpgradeAtSkewLimitKeepsWithinSkew(t *testing.T) {
	s := cluster.Sample()
	plan, err := cluster.PlanUpgrade(s, "v1.35.0", cluster.UpgradeOptions{Workers: cluster.WorkersAtSkewLimit})
	require.NoError(t, err)
	assert.Equal(t, []string{"v1.30.0", "v1.31.0", "v1.32.0", "v1.33.0", "v1.34.0", "v1.35.0"}, hopsOf(plan))
	// The pool has to move at v1.32 before the v1.33 step would leave it four minors behind.
	require.Len(t, plan.Steps[2].Actions, 2)
	assert.Equal(t, "v1.32.0", plan.Steps[2].Actions[1].To.String())
	assertPlanInvariants(t, s, plan)
}

func TestPlanUpgradeCatchesUpLaggingPoolFirst(t *testing.T) {
	s := cluster.Sample()
	s.Version, s.Workers[0].Version = "v1.32.1", "v1.29.3"
	plan, err := cluster.PlanUpgrade(s, "v1.33.0", cluster.UpgradeOptions{Workers: cluster.WorkersAtSkewLimit})
	require.NoError(t, err)
	require.Len(t, plan.Steps, 2)
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
	require.Len(t, plan.Steps, 1)
	assert.Contains(t, plan.Steps[0].Actions[0].Reason, "patch")
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
