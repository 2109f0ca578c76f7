package rollout_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

func TestSpecValidateNamesTheField(t *testing.T) {
	neg := -1
	lo, hi := 10.0, 5.0
	tests := []struct {
		name  string
		spec  rollout.Spec
		field string
	}{
		{"threshold", rollout.Spec{Threshold: -1}, "threshold"},
		{"maxWeight", rollout.Spec{MaxWeight: 101}, "maxWeight"},
		{"stepWeight", rollout.Spec{StepWeight: -5}, "stepWeight"},
		{"stepWeightPromotion", rollout.Spec{StepWeightPromotion: 200}, "stepWeightPromotion"},
		{"iterations", rollout.Spec{Iterations: -1}, "iterations"},
		{"mirrorWeight", rollout.Spec{MirrorWeight: 101}, "mirrorWeight"},
		{"stepWeights order", rollout.Spec{StepWeights: []int{10, 5}}, "stepWeights[1]"},
		{"stepWeights range", rollout.Spec{StepWeights: []int{0}}, "stepWeights[0]"},
		{"metric name", rollout.Spec{Metrics: []rollout.Metric{{}}}, "metrics[0].name"},
		{"duplicate metric", rollout.Spec{Metrics: []rollout.Metric{{Name: "a"}, {Name: "a"}}}, "metrics[1].name"},
		{"inverted range", rollout.Spec{Metrics: []rollout.Metric{{Name: "a", ThresholdRange: observe.Range{Min: &lo, Max: &hi}}}}, "metrics[0].thresholdRange"},
		{"negative limit", rollout.Spec{Metrics: []rollout.Metric{{Name: "a", FailureLimit: &neg}}}, "metrics[0].failureLimit"},
		{"unknown template", rollout.Spec{Metrics: []rollout.Metric{{Name: "a", Template: "nope"}}}, "metrics[0].template"},
		{"query and template", rollout.Spec{Metrics: []rollout.Metric{{Name: "a", Query: "up", Template: observe.RequestDuration}}}, "metrics[0].template"},
		{"hook type", rollout.Spec{Webhooks: []rollout.Webhook{{Name: "x", Type: "pre-flight"}}}, "webhooks[0].type"},
		{"hook name", rollout.Spec{Webhooks: []rollout.Webhook{{Type: rollout.PreRollout}}}, "webhooks[0].name"},
		{"match regex", rollout.Spec{Iterations: 1, Match: []traffic.Match{{Cookie: "("}}}, "match[0].cookie"},
		{"match empty", rollout.Spec{Iterations: 1, Match: []traffic.Match{{}}}, "match[0]"},
		{"match two kinds", rollout.Spec{Iterations: 1, Match: []traffic.Match{{URI: &traffic.StringMatch{Exact: "/", Prefix: "/a"}}}}, "match[0].uri"},
		{"upper-case header", rollout.Spec{Iterations: 1, Match: []traffic.Match{{Headers: map[string]traffic.StringMatch{"X-Canary": traffic.Exact("insider")}}}}, "match[0].headers[X-Canary]"},
		{"pseudo-header", rollout.Spec{Iterations: 1, Match: []traffic.Match{{Headers: map[string]traffic.StringMatch{"method": traffic.Exact("GET")}}}}, "match[0].headers[method]"},
		{"noData policy", rollout.Spec{Options: rollout.Options{NoData: "Maybe"}}, "options.noData"},
		{"mode", rollout.Spec{Options: rollout.Options{Mode: "Vibes"}}, "options.mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.spec.Validate()
			require.Error(t, err)
			assert.ErrorIs(t, err, rollout.ErrInvalidSpec)
			var ve *rollout.ValidationError
			require.True(t, errors.As(err, &ve))
			assert.Equal(t, tt.field, ve.Field)
			assert.Contains(t, err.Error(), tt.field)
		})
	}
}

// Match rules are validated by the traffic package's code: a rule refused
// there is refused by Spec.Validate, with both sentinels, and the message
// says how to write the header.
func TestSpecValidateChecksMatchesWithTheTrafficRules(t *testing.T) {
	spec := rollout.Spec{Iterations: 2, Match: []traffic.Match{{Headers: map[string]traffic.StringMatch{"X-Canary": traffic.Exact("insider")}}}}
	err := spec.Validate()
	require.ErrorIs(t, err, rollout.ErrInvalidSpec)
	require.ErrorIs(t, err, traffic.ErrInvalid)
	assert.Contains(t, err.Error(), `write "x-canary"`)
	var te *traffic.ValidationError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "match[0].headers[X-Canary]", te.Field)
	assert.ErrorIs(t, traffic.Split{Canary: 100, Match: spec.Match}.Validate(), traffic.ErrInvalid, "the router refuses the same rule")

	spec.Match[0].Headers = map[string]traffic.StringMatch{"x-canary": traffic.Exact("insider")}
	require.NoError(t, spec.Validate())
	assert.NoError(t, traffic.Split{Canary: 100, Match: spec.Match}.Validate())
}

func TestSpecValidateReportsEveryProblem(t *testing.T) {
	spec := rollout.Spec{MaxWeight: 101, Iterations: 1, Match: []traffic.Match{{Cookie: "("}}}
	err := spec.Validate()
	assert.Contains(t, err.Error(), "maxWeight")
	assert.Contains(t, err.Error(), "match[0].cookie")
}

func TestSpecValidateAcceptsFlaggerExamples(t *testing.T) {
	specs := []rollout.Spec{
		{StepWeight: 20},
		{MaxWeight: 50, StepWeight: 10, Threshold: 5},
		{StepWeights: []int{1, 2, 10, 80}},
		{Iterations: 10, Match: []traffic.Match{{Headers: map[string]traffic.StringMatch{"x-user": {Regex: "^(.*?;)?(insider)(;.*)?$"}}}}},
		{Iterations: 10, Match: []traffic.Match{{URI: &traffic.StringMatch{Prefix: "/api"}, Method: &traffic.StringMatch{Exact: "GET"},
			QueryParams: map[string]traffic.StringMatch{"beta": traffic.Exact("1")}}}},
		{Iterations: 10, Mirror: true, MirrorWeight: 50},
	}
	for _, s := range specs {
		assert.NoError(t, s.Validate())
	}
}

func TestEffectiveDefaults(t *testing.T) {
	var s rollout.Spec
	assert.Equal(t, rollout.DefaultInterval, s.EffectiveInterval())
	assert.Equal(t, 1, s.EffectiveThreshold())
	assert.Equal(t, rollout.DefaultProgressDeadline, s.EffectiveProgressDeadline())
	assert.Equal(t, 100, s.EffectiveMaxWeight())
}

func TestEffectiveMaxWeight(t *testing.T) {
	tests := []struct {
		spec rollout.Spec
		want int
	}{
		{rollout.Spec{}, 100},
		{rollout.Spec{MaxWeight: 50}, 50},
		{rollout.Spec{MaxWeight: 50, StepWeights: []int{10, 30}}, 30},
		{rollout.Spec{StepWeights: []int{10, 100}}, 100},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.spec.EffectiveMaxWeight(), "%+v", tt.spec)
	}
}

func TestNextStepWeight(t *testing.T) {
	weights := rollout.Spec{StepWeights: []int{5, 10, 25, 50}}
	tests := []struct {
		name    string
		spec    rollout.Spec
		current int
		want    int
	}{
		{"stepWeight", rollout.Spec{StepWeight: 20}, 40, 20},
		{"stepWeight wins", rollout.Spec{StepWeight: 7, StepWeights: []int{5, 10}}, 0, 7},
		{"nothing", rollout.Spec{}, 0, 0},
		{"first entry", weights, 0, 5},
		{"next entry", weights, 10, 15},
		{"last entry: rest", weights, 50, 50},
		{"off the list: rest", weights, 12, 88},
		{"at 100: promote", weights, 100, 1},
		{"capped at 100", rollout.Spec{StepWeights: []int{60}}, 0, 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.spec.NextStepWeight(tt.current))
		})
	}
}

func TestStrategy(t *testing.T) {
	match := []traffic.Match{{Cookie: "canary"}}
	assert.Equal(t, rollout.Canary, (&rollout.Spec{StepWeight: 10}).Strategy())
	assert.Equal(t, rollout.BlueGreen, (&rollout.Spec{Iterations: 3}).Strategy())
	assert.Equal(t, rollout.ABTesting, (&rollout.Spec{Iterations: 3, Match: match}).Strategy())
	assert.Equal(t, rollout.Canary, (&rollout.Spec{Match: match, StepWeight: 10}).Strategy(), "match without iterations is a canary")
	assert.Equal(t, rollout.BlueGreen, (&rollout.Spec{Iterations: 2, StepWeight: 10}).Strategy(), "iterations win over step weights")
}

// A spec with no way to move traffic (no step weight for a canary, no
// iterations for A/B testing) would sit at weight 0 for ever: Validate
// refuses it, naming the field to set.
func TestSpecValidateRefusesASpecThatNeverAdvances(t *testing.T) {
	match := []traffic.Match{{Cookie: "canary"}}
	tests := []struct {
		name  string
		spec  rollout.Spec
		field string
	}{
		{"zero spec", rollout.Spec{}, "stepWeight"},
		{"canary with metrics only", rollout.Spec{MaxWeight: 50, Metrics: []rollout.Metric{{Name: observe.RequestSuccessRate}}}, "stepWeight"},
		{"mirrored canary", rollout.Spec{Mirror: true}, "stepWeight"},
		{"A/B without iterations", rollout.Spec{Match: match}, "iterations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.spec.Validate()
			require.ErrorIs(t, err, rollout.ErrInvalidSpec)
			var ve *rollout.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Contains(t, ve.Reason, "never advances")
		})
	}
	for _, ok := range []rollout.Spec{
		{StepWeight: 5}, {StepWeights: []int{10, 50}}, {Iterations: 3}, {Iterations: 3, Match: match},
		{SkipAnalysis: true},
	} {
		assert.NoError(t, ok.Validate(), "%+v", ok)
	}
}
