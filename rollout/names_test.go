package rollout_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
)

// namedSpec is a canary with two metrics and two webhooks, the names a
// typo is measured against.
func namedSpec() rollout.Spec {
	return rollout.Spec{StepWeight: 10,
		Metrics: []rollout.Metric{
			{Name: "request-success-rate", ThresholdRange: observe.AtLeast(99)},
			{Name: "request-duration", ThresholdRange: observe.AtMost(500)},
		},
		Webhooks: []rollout.Webhook{{Name: "load-test", Type: rollout.PreRollout}, {Name: "smoke"}},
	}
}

// A metric or webhook name the spec does not declare is an error naming
// it, with the declared name it is closest to when one is near: a typo
// must never pass as "no data for an unrelated key".
func TestStepRejectsUndeclaredNames(t *testing.T) {
	progressing := rollout.InitialStatus("r1")
	progressing.Phase, progressing.LastAppliedRevision = rollout.Progressing, "r2"
	tests := []struct {
		name    string
		hooks   map[string]rollout.HookResult
		metrics map[string]observe.Sample
		field   string
		reason  string
	}{
		{"metric typo", nil, map[string]observe.Sample{"request-sucess-rate": observe.Value(10)},
			`metrics["request-sucess-rate"]`, `not declared in spec.metrics; did you mean "request-success-rate"?`},
		{"unrelated metric", nil, map[string]observe.Sample{"cpu": observe.Value(1)},
			`metrics["cpu"]`, "not declared in spec.metrics"},
		{"webhook typo", map[string]rollout.HookResult{"lod-test": rollout.HookPass}, nil,
			`hooks["lod-test"]`, `did you mean "load-test"?`},
		{"type without a webhook", map[string]rollout.HookResult{"confirm-promotion": rollout.HookFail}, nil,
			`hooks["confirm-promotion"]`, "no webhook of type confirm-promotion in spec.webhooks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obs := ready("r2")
			obs.Hooks, obs.Metrics = tt.hooks, tt.metrics
			res, err := rollout.Step(namedSpec(), progressing, obs)
			require.ErrorIs(t, err, rollout.ErrInvalidObservation)
			require.ErrorIs(t, err, rollout.ErrUndeclaredName)
			var ve *rollout.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Contains(t, ve.Reason, tt.reason)
			assert.Equal(t, progressing, res.Status, "the status is returned unchanged")
			assert.Empty(t, res.Actions)
		})
	}
}

// Every undeclared name is reported, in the order of their fields.
func TestStepReportsEveryUndeclaredName(t *testing.T) {
	obs := ready("r2")
	obs.Hooks = map[string]rollout.HookResult{"smoke": rollout.HookPass, "smok": rollout.HookPass, "rollback": rollout.HookPass}
	obs.Metrics = map[string]observe.Sample{"request-duration": observe.Value(1), "b": observe.Value(1), "a": observe.Value(1)}
	_, err := rollout.Step(namedSpec(), rollout.InitialStatus("r1"), obs)
	require.ErrorIs(t, err, rollout.ErrUndeclaredName)
	assert.Equal(t, `rollout: invalid observation: hooks["rollback"]: no webhook of type rollback in spec.webhooks
rollout: invalid observation: hooks["smok"]: not declared in spec.webhooks; did you mean "smoke"?
rollout: invalid observation: metrics["a"]: not declared in spec.metrics
rollout: invalid observation: metrics["b"]: not declared in spec.metrics`, err.Error())
}

// Names and types of declared webhooks, and declared metrics, are accepted.
func TestStepAcceptsDeclaredNames(t *testing.T) {
	obs := ready("r2")
	obs.Hooks = map[string]rollout.HookResult{"load-test": rollout.HookPass, "rollout": rollout.HookPass, "pre-rollout": rollout.HookPass}
	obs.Metrics = map[string]observe.Sample{"request-success-rate": observe.Value(99.9), "request-duration": observe.Value(20)}
	_, err := rollout.Step(namedSpec(), rollout.InitialStatus("r1"), obs)
	assert.NoError(t, err)
}
