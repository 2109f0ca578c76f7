package wave_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/wave"
)

// A misspelled metric in one cluster's observation used to be ignored: the
// declared metric read as absent there, and the worst sample of the wave came
// from the other clusters.
func TestStepFleetRefusesAClusterMetricTheSpecDoesNotDeclare(t *testing.T) {
	sim := newFleetSim(false, func(string) observe.Sample { return observe.Value(99.9) })
	sim.tick(t, "v1")
	obs := wave.Observation{Revision: "v2", Clusters: map[string]wave.ClusterObservation{}}
	for _, m := range sim.members {
		obs.Clusters[m] = wave.ClusterObservation{Revision: "v1", Primary: rollout.Ready, Canary: rollout.Ready,
			Metrics: map[string]observe.Sample{"request-success-rate": observe.Value(99.9)}}
	}
	obs.Clusters["edge-store-002"] = wave.ClusterObservation{Revision: "v1", Primary: rollout.Ready,
		Canary: rollout.Ready, Metrics: map[string]observe.Sample{"request-sucess-rate": observe.Value(10)}}

	res, err := wave.Step(sim.spec, sim.members, sim.st, obs)
	require.ErrorIs(t, err, rollout.ErrInvalidObservation)
	require.ErrorIs(t, err, rollout.ErrUndeclaredName)
	var ve *rollout.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, `clusters["edge-store-002"].metrics["request-sucess-rate"]`, ve.Field)
	assert.Contains(t, ve.Reason, `"request-success-rate"`, "the closest declared name is suggested")
	assert.Equal(t, sim.st, res.Status, "a refused observation changes nothing")
	assert.Empty(t, res.Actions)
}
