package rollout_test

import (
	"testing"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

// BenchmarkStepCanaryTick measures one analysis tick of a progressing
// canary: two metrics checked, a rollout webhook, the weight advanced.
func BenchmarkStepCanaryTick(b *testing.B) {
	spec := rollout.Spec{
		Threshold: 2, MaxWeight: 50, StepWeight: 10,
		Metrics: []rollout.Metric{
			{Name: "request-success-rate", ThresholdRange: observe.AtLeast(99)},
			{Name: "request-duration", ThresholdRange: observe.AtMost(500)},
		},
		Webhooks: []rollout.Webhook{{Name: "load-test", Type: rollout.RolloutHook}},
	}
	status := rollout.Status{Phase: rollout.Progressing, CanaryWeight: 20,
		Routes: traffic.Split{Primary: 80, Canary: 20}, LastAppliedRevision: "r2", LastPromotedRevision: "r1"}
	obs := rollout.Observation{Revision: "r2", Primary: rollout.Ready, Canary: rollout.Ready,
		Hooks:   map[string]rollout.HookResult{"load-test": rollout.HookPass},
		Metrics: map[string]observe.Sample{"request-success-rate": observe.Value(99.9), "request-duration": observe.Value(120)}}
	b.ReportAllocs()
	for b.Loop() {
		res, err := rollout.Step(spec, status, obs)
		if err != nil || res.Status.Routes.Canary != 30 {
			b.Fatalf("unexpected tick: %v %+v", err, res.Status)
		}
	}
}

// BenchmarkStepIdle measures a tick with nothing to do.
func BenchmarkStepIdle(b *testing.B) {
	spec := rollout.Spec{StepWeight: 10}
	status := rollout.InitialStatus("r1")
	obs := rollout.Observation{Revision: "r1", Primary: rollout.Ready, Canary: rollout.Ready}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rollout.Step(spec, status, obs); err != nil {
			b.Fatal(err)
		}
	}
}
