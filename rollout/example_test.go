package rollout_test

import (
	"errors"
	"fmt"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

// A canary run: each tick the runner observes, Step decides, the runner
// carries out the actions.
func ExampleStep() {
	spec := rollout.Spec{
		Threshold: 2, MaxWeight: 30, StepWeight: 10,
		Metrics: []rollout.Metric{{Name: "request-success-rate", ThresholdRange: observe.AtLeast(99)}},
	}
	status := rollout.InitialStatus("r1") // Initialized, r1 applied and promoted
	trace := []float64{99.9, 99.9, 97.0, 99.5, 99.9, 99.9, 99.9}
	for i, rate := range trace {
		obs := rollout.Observation{
			Revision: "r2", Primary: rollout.Ready, Canary: rollout.Ready,
			Metrics: map[string]observe.Sample{"request-success-rate": observe.Value(rate)},
		}
		res, err := rollout.Step(spec, status, obs)
		if err != nil {
			fmt.Println(err)
			return
		}
		status = res.Status
		fmt.Printf("tick %d: %-11s weight %2d failed %d", i+1, status.Phase, status.Routes.Canary, status.FailedChecks)
		for _, a := range res.Actions {
			if a.Kind != rollout.Alert {
				fmt.Printf("  %s", a)
			}
		}
		fmt.Println()
	}
	// Output:
	// tick 1: Progressing weight  0 failed 0  ScaleCanaryUp
	// tick 2: Progressing weight 10 failed 0  SetRoutes 90/10
	// tick 3: Progressing weight 10 failed 1
	// tick 4: Progressing weight 20 failed 1  SetRoutes 80/20
	// tick 5: Progressing weight 30 failed 1  SetRoutes 70/30
	// tick 6: Promoting   weight 30 failed 1  PromoteCanarySpec r2
	// tick 7: Finalising  weight  0 failed 1  SetRoutes 100/0
}

// A runner whose workload refused a promotion (the canary's template moved
// on after the analysis) continues from RefusedPromotion: analysing again,
// so the next tick restarts the analysis for the new revision.
func ExampleRefusedPromotion() {
	spec := rollout.Spec{StepWeight: 50, MaxWeight: 50}
	status := rollout.Status{Phase: rollout.Progressing, Routes: traffic.Weighted(50),
		LastAppliedRevision: "r2", LastPromotedRevision: "r1"}
	obs := rollout.Observation{Revision: "r2", Primary: rollout.Ready, Canary: rollout.Ready}
	res, _ := rollout.Step(spec, status, obs)
	fmt.Println(res.Status.Phase, res.Actions[0])

	status = rollout.RefusedPromotion(res.Status) // PromoteSpec("r2") found the template at r3
	obs.Revision = "r3"
	res, _ = rollout.Step(spec, status, obs)
	fmt.Println(res.Status.Phase, res.Status.LastAppliedRevision, res.Actions[0], res.Events[0].Reason)
	// Output:
	// Promoting PromoteCanarySpec r2
	// Progressing r3 SetRoutes 100/0 RestartAnalysis
}

// A misspelt metric in an observation is an error naming it, with the
// declared name it is closest to; Step refuses the observation the same way.
func ExampleSpec_CheckNames() {
	spec := rollout.Spec{StepWeight: 10,
		Metrics:  []rollout.Metric{{Name: "request-success-rate", ThresholdRange: observe.AtLeast(99)}},
		Webhooks: []rollout.Webhook{{Name: "load-test", Type: rollout.PreRollout}},
	}
	err := spec.CheckNames(
		map[string]rollout.HookResult{"pre-rollout": rollout.HookPass},
		map[string]observe.Sample{"request-sucess-rate": observe.Value(10)})
	fmt.Println(err)
	fmt.Println(errors.Is(err, rollout.ErrUndeclaredName))
	// Output:
	// rollout: invalid observation: metrics["request-sucess-rate"]: not declared in spec.metrics; did you mean "request-success-rate"?
	// true
}
