package simulate_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/simulate"
)

// typoScenario misspells its metric on the failing ticks: before names were
// checked the misspelt key was ignored, the real metric defaulted to a
// passing value, and the run promoted.
const typoScenario = `
spec:
  stepWeight: 50
  metrics:
  - {name: request-success-rate, thresholdRange: {min: 99}}
  webhooks:
  - {name: load-test, type: pre-rollout}
ticks:
- {revision: r2}
- {hooks: {load-test: pass}}
- {metrics: {request-sucess-rate: 10}}
- {metrics: {request-sucess-rate: 10}, hooks: {lod-test: pass}}
- {}
`

func TestScenarioRefusesUndeclaredNames(t *testing.T) {
	var sc simulate.Scenario
	require.NoError(t, yaml.UnmarshalStrict([]byte(typoScenario), &sc))
	trace, err := sc.Run()
	require.ErrorIs(t, err, simulate.ErrInvalidScenario)
	require.ErrorIs(t, err, rollout.ErrUndeclaredName)
	assert.Empty(t, trace, "nothing runs before the trace is checked")
	var ve *rollout.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, `ticks[2].metrics["request-sucess-rate"]`, ve.Field, "the first problem")
	assert.Equal(t, `simulate: invalid scenario: ticks[2].metrics["request-sucess-rate"]: not declared in spec.metrics; did you mean "request-success-rate"?
simulate: invalid scenario: ticks[3].hooks["lod-test"]: not declared in spec.webhooks; did you mean "load-test"?
simulate: invalid scenario: ticks[3].metrics["request-sucess-rate"]: not declared in spec.metrics; did you mean "request-success-rate"?`,
		err.Error())
}

// A spec that never advances is refused before the trace runs (it used to
// be the golden scenario R13-no-step-weights-never-advances).
func TestScenarioRefusesASpecThatNeverAdvances(t *testing.T) {
	var sc simulate.Scenario
	require.NoError(t, yaml.UnmarshalStrict([]byte(`
spec:
  metrics:
  - {name: request-success-rate, thresholdRange: {min: 99}}
ticks:
- {revision: r2}
- {}
`), &sc))
	_, err := sc.Run()
	require.ErrorIs(t, err, rollout.ErrInvalidSpec)
	var ve *rollout.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "stepWeight", ve.Field)
}
