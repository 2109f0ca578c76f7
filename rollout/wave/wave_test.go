package wave_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/wave"
)

func stores(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("edge-store-%03d", i+1)
	}
	return out
}

func seedWaves() []wave.Wave {
	return []wave.Wave{{Name: "canary", Count: 1}, {Name: "ten", Percent: 10}, {Name: "all", Percent: 100}}
}

func TestPlanWaves(t *testing.T) {
	spec := wave.Spec{Analysis: rollout.Spec{StepWeight: 50}, Waves: seedWaves()}
	plan, err := wave.Plan(spec, stores(40))
	require.NoError(t, err)
	require.Len(t, plan, 3)
	assert.Equal(t, []string{"edge-store-001"}, plan[0].Clusters)
	assert.Len(t, plan[1].Clusters, 3, "10% of 40 is 4 stores, one of them already done")
	assert.Equal(t, "edge-store-002", plan[1].Clusters[0])
	assert.Len(t, plan[2].Clusters, 36)

	plan, err = wave.Plan(spec, stores(5))
	require.NoError(t, err)
	assert.Equal(t, []string{"canary", "all"}, []string{plan[0].Name, plan[1].Name}, "a wave adding nobody is dropped")
}

func TestPlanWavesRejectsBadInput(t *testing.T) {
	tests := []struct {
		name    string
		waves   []wave.Wave
		members []string
		field   string
	}{
		{"no members", seedWaves(), nil, "members"},
		{"duplicate member", seedWaves(), []string{"a", "a"}, "members[1]"},
		{"no waves", nil, stores(3), "waves"},
		{"count and percent", []wave.Wave{{Count: 1, Percent: 5}}, stores(3), "waves[0]"},
		{"percent over 100", []wave.Wave{{Percent: 120}}, stores(3), "waves[0]"},
		{"shrinking", []wave.Wave{{Count: 3}, {Count: 1}, {Percent: 100}}, stores(5), "waves[1]"},
		{"not all", []wave.Wave{{Count: 1}, {Percent: 50}}, stores(4), "waves"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := wave.Plan(wave.Spec{Analysis: rollout.Spec{StepWeight: 50}, Waves: tt.waves}, tt.members)
			require.ErrorIs(t, err, rollout.ErrInvalidSpec)
			var ve *rollout.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
		})
	}
}

// fleetSim plays the runners of every member: it applies Deploy and Revert
// actions and reports the given success rate per store.
type fleetSim struct {
	spec     wave.Spec
	members  []string
	deployed map[string]string
	st       wave.Status
	rate     func(store string) observe.Sample
}

func (s *fleetSim) tick(t *testing.T, rev string) wave.Result {
	t.Helper()
	obs := wave.Observation{Revision: rev, Clusters: map[string]wave.ClusterObservation{}}
	for _, m := range s.members {
		obs.Clusters[m] = wave.ClusterObservation{Revision: s.deployed[m], Primary: rollout.Ready, Canary: rollout.Ready,
			Metrics: map[string]observe.Sample{"request-success-rate": s.rate(m)}}
	}
	res, err := wave.Step(s.spec, s.members, s.st, obs)
	require.NoError(t, err)
	for _, a := range res.Actions {
		if a.Kind == wave.Deploy || a.Kind == wave.Revert {
			s.deployed[a.Cluster] = a.Revision
		}
	}
	s.st = res.Status
	return res
}

func newFleetSim(revert bool, rate func(string) observe.Sample) *fleetSim {
	members := stores(20)
	deployed := map[string]string{}
	for _, m := range members {
		deployed[m] = "v1"
	}
	return &fleetSim{members: members, deployed: deployed, rate: rate, spec: wave.Spec{
		Analysis: rollout.Spec{Threshold: 1, StepWeight: 50, MaxWeight: 50,
			Metrics: []rollout.Metric{{Name: "request-success-rate", ThresholdRange: observe.AtLeast(99)}}},
		Waves: seedWaves(), RevertOnFailure: revert}}
}

func TestStepFleetPromotesWaveByWave(t *testing.T) {
	sim := newFleetSim(false, func(string) observe.Sample { return observe.Value(99.9) })
	sim.tick(t, "v1")
	require.Equal(t, wave.Succeeded, sim.st.Phase)
	res := sim.tick(t, "v2")
	require.Equal(t, wave.Progressing, res.Status.Phase)
	assert.Equal(t, []wave.Action{{Kind: wave.Deploy, Cluster: "edge-store-001", Revision: "v2"}}, res.Actions)
	for i := 0; i < 30 && sim.st.Phase == wave.Progressing; i++ {
		res = sim.tick(t, "v2")
		for _, a := range res.Actions {
			if a.Kind == wave.Deploy {
				assert.Equal(t, "v2", a.Revision)
			}
			if a.Kind == wave.ClusterAction && a.Action.Kind == rollout.SetRoutes && sim.st.Wave == 0 {
				assert.Equal(t, "edge-store-001", a.Cluster, "only the canary store is routed in wave 0")
			}
		}
	}
	assert.Equal(t, wave.Succeeded, sim.st.Phase)
	assert.Equal(t, "v2", sim.st.Stable)
	for _, m := range sim.members {
		assert.Equal(t, "v2", sim.deployed[m], m)
	}
}

func TestStepFleetFailsOnAWorstStoreAndReverts(t *testing.T) {
	// edge-store-002 is the second wave (10% of 20 stores) and serves errors.
	rate := func(store string) observe.Sample {
		if store == "edge-store-002" {
			return observe.Value(80)
		}
		return observe.Value(99.9)
	}
	sim := newFleetSim(true, rate)
	sim.tick(t, "v1")
	var reverted []string
	for i := 0; i < 30 && sim.st.Phase != wave.Failed; i++ {
		res := sim.tick(t, "v2")
		for _, a := range res.Actions {
			if a.Kind == wave.Revert {
				reverted = append(reverted, a.Cluster)
			}
		}
	}
	require.Equal(t, wave.Failed, sim.st.Phase)
	assert.Equal(t, 1, sim.st.Wave)
	assert.Equal(t, []string{"edge-store-001"}, reverted, "the completed canary wave is reverted")
	assert.Equal(t, "v1", sim.st.Stable)
	assert.Equal(t, "v1", sim.deployed["edge-store-020"], "later waves never received the failed revision")

	res := sim.tick(t, "v2")
	assert.Empty(t, res.Actions, "a failed fleet rollout is idle until a new revision")
	res = sim.tick(t, "v3")
	assert.Equal(t, wave.Progressing, res.Status.Phase)
}

func TestStepFleetWaitsForEveryClusterOfTheWave(t *testing.T) {
	sim := newFleetSim(false, func(string) observe.Sample { return observe.Value(99.9) })
	sim.tick(t, "v1")
	sim.tick(t, "v2")
	sim.deployed["edge-store-001"] = "v1" // the deploy has not landed yet
	res := sim.tick(t, "v2")
	assert.Equal(t, rollout.Initialized, res.Status.Analysis.Phase)
	assert.Equal(t, rollout.ReasonCanaryNotReady, res.Events[0].Reason)
}

func TestStepFleetRejectsOrClampsAStoredWave(t *testing.T) {
	spec := wave.Spec{Analysis: rollout.Spec{Threshold: 1, StepWeight: 50}, Waves: seedWaves(), RevertOnFailure: true}
	members := stores(20)
	obs := wave.Observation{Revision: "v2"}

	_, err := wave.Step(spec, members, wave.Status{Phase: wave.Progressing, Target: "v2", Stable: "v1", Wave: -1}, obs)
	var ve *rollout.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "wave", ve.Field)

	// The fleet shrank to two stores between ticks: the stored wave 2 no longer exists.
	st := wave.Status{Phase: wave.Progressing, Target: "v2", Stable: "v1", Wave: 2,
		Analysis: rollout.Status{Phase: rollout.Failed}}
	require.NotPanics(t, func() {
		res, err := wave.Step(spec, members[:2], st, obs)
		require.NoError(t, err)
		assert.Less(t, res.Status.Wave, len(res.Plan))
	})
}
