package rollout_test

import (
	"fmt"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
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
