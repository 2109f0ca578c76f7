package runner_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/rollouttest"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// New renders every metric once for the target and refuses one that does
// not render, naming it, before any traffic moves. Before, the first
// analysis tick (after the canary had received its first step of traffic)
// queried nothing, failed the check and rolled back.
func TestNewRefusesMetricsThatDoNotRender(t *testing.T) {
	metric := func(m rollout.Metric) rollout.Spec {
		m.ThresholdRange = observe.AtLeast(99)
		return rollout.Spec{StepWeight: 10, Metrics: []rollout.Metric{{Name: "up", Query: `up{job="{{ target }}"}`}, m}}
	}
	tests := []struct {
		name     string
		spec     rollout.Spec
		provider observe.Provider
		field    string
		reason   string
		cause    error
	}{
		{"custom name without a query", metric(rollout.Metric{Name: "error-rate"}), observe.Istio,
			"metrics[1].name", `metric "error-rate"`, observe.ErrUnknownTemplate},
		{"built-in without a provider", metric(rollout.Metric{Name: observe.RequestSuccessRate}), "",
			"metrics[1].name", "target.provider", observe.ErrUnknownTemplate},
		{"unknown provider", metric(rollout.Metric{Name: "rate", Template: observe.RequestSuccessRate}), "linkerd",
			"metrics[1].template", `provider "linkerd"`, observe.ErrUnknownTemplate},
		{"unknown variable", metric(rollout.Metric{Name: "errors", Query: `sum(rate(errors{app="{{ variable "app" }}"}[1m]))`}), observe.Istio,
			"metrics[1].query", `metric "errors"`, observe.ErrRender},
		{"NGINX template without the canary ingress", metric(rollout.Metric{Name: observe.RequestSuccessRate}), observe.NGINX,
			"metrics[1].name", "set target.variables.ingress", observe.ErrRender},
		{"custom query using an unset variable", metric(rollout.Metric{Name: "errors", Query: `errors{svc="{{ service }}"}`}), observe.Istio,
			"metrics[1].query", "set target.variables.service", observe.ErrInvalid},
		{"broken template", metric(rollout.Metric{Name: "errors", Query: `sum(rate(errors{app="{{ target "}[1m]))`}), observe.Istio,
			"metrics[1].query", `metric "errors"`, observe.ErrRender},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := rollouttest.New("r1")
			run, err := runner.New(tt.spec, runner.Target{Name: "recommender", Namespace: "shop", Provider: tt.provider}, d.Ports())
			require.Error(t, err)
			assert.Nil(t, run)
			require.ErrorIs(t, err, runner.ErrInvalidMetric)
			require.ErrorIs(t, err, tt.cause)
			var ve *rollout.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Contains(t, ve.Reason, tt.reason)
			assert.Empty(t, d.Calls(), "no port is called")
		})
	}
}

// Every metric is checked, not only the first: the error lists each one
// that does not render.
func TestNewReportsEveryMetricThatDoesNotRender(t *testing.T) {
	spec := rollout.Spec{StepWeight: 10, Metrics: []rollout.Metric{
		{Name: "a"}, {Name: observe.RequestSuccessRate}, {Name: "b", Query: "{{ nope }}"}}}
	target := runner.Target{Name: "x", Namespace: "shop", Provider: observe.NGINX, Variables: observe.Variables{Ingress: "x-canary"}}
	_, err := runner.New(spec, target, rollouttest.New("r1").Ports())
	require.ErrorIs(t, err, runner.ErrInvalidMetric)
	assert.Contains(t, err.Error(), "metrics[0].name")
	assert.NotContains(t, err.Error(), "metrics[1]")
	assert.Contains(t, err.Error(), "metrics[2].query")
}

// A metric that renders with the target's variables is accepted: user
// variables, the target's name and namespace, built-in templates of the
// target's provider.
func TestNewAcceptsMetricsThatRender(t *testing.T) {
	spec := rollout.Spec{StepWeight: 10, Metrics: []rollout.Metric{
		{Name: observe.RequestSuccessRate},
		{Name: "latency", Template: observe.RequestDuration},
		{Name: "errors", Query: `sum(rate(errors{app="{{ variable "app" }}", ns="{{ namespace }}"}[{{ interval }}]))`},
	}}
	target := runner.Target{Name: "x", Namespace: "shop", Provider: observe.NGINX,
		Variables: observe.Variables{Ingress: "x-canary", Extra: map[string]string{"app": "recommender"}}}
	_, err := runner.New(spec, target, rollouttest.New("r1").Ports())
	assert.NoError(t, err)

	fleet := rollout.Spec{StepWeight: 10, Metrics: []rollout.Metric{{Name: observe.FleetCPU}, {Name: "cpu", Template: observe.ClusterCPU}}}
	_, err = runner.New(fleet, runner.Target{Name: "x"}, rollouttest.New("r1").Ports())
	assert.NoError(t, err, "fleet templates need no provider")
}

// A spec with metrics needs a MetricSource: refused by New, not at the
// first analysis tick.
func TestNewRequiresAMetricSource(t *testing.T) {
	d := rollouttest.New("r1")
	ports := d.Ports()
	ports.Metrics = nil
	spec := rollout.Spec{StepWeight: 10, Metrics: []rollout.Metric{{Name: observe.RequestSuccessRate}}}
	_, err := runner.New(spec, runner.Target{Name: "x", Provider: observe.Istio}, ports)
	require.ErrorIs(t, err, runner.ErrInvalidPorts)
	var ve *rollout.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "ports.metrics", ve.Field)
}
