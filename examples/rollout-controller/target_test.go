package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/rollouttest"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// TestNGINXRolloutsNameTheirCanaryIngress: with --provider nginx the built-in queries select the canary
// ingress by name, so the controller names it (the Deployment's name plus --canary-ingress-suffix);
// without a suffix the runner refuses the metrics instead of querying ingress="" and reading no data.
func TestNGINXRolloutsNameTheirCanaryIngress(t *testing.T) {
	d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"}}
	spec := rollout.Spec{StepWeight: 10, Metrics: []rollout.Metric{{Name: observe.RequestSuccessRate, ThresholdRange: observe.AtLeast(99)}}}

	r := &Reconciler{Provider: observe.NGINX, IngressSuffix: "-canary"}
	target := r.runnerTarget(d)
	assert.Equal(t, "web-canary", target.Variables.Ingress)
	_, err := runner.New(spec, target, rollouttest.New("r1").Ports())
	require.NoError(t, err)

	r.IngressSuffix = ""
	_, err = runner.New(spec, r.runnerTarget(d), rollouttest.New("r1").Ports())
	require.ErrorIs(t, err, runner.ErrInvalidMetric)
	assert.Contains(t, err.Error(), "set target.variables.ingress")
}
