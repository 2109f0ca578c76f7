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
	status := rollout.DefaultStatus() // Initialized, r1 applied and promoted
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
	// tick 6: Promoting   weight 30 failed 1  PromoteCanarySpec
	// tick 7: Finalising  weight  0 failed 1  SetRoutes 100/0
}

// A rollout to edge stores in waves: one canary store, then 10%, then all.
func ExampleStepFleet() {
	stores := []string{"store-01", "store-02", "store-03", "store-04", "store-05",
		"store-06", "store-07", "store-08", "store-09", "store-10", "store-11", "store-12"}
	spec := rollout.FleetSpec{
		Analysis: rollout.Spec{StepWeight: 50, MaxWeight: 50,
			Metrics: []rollout.Metric{{Name: "request-success-rate", ThresholdRange: observe.AtLeast(99)}}},
		Waves: []rollout.Wave{{Name: "canary", Count: 1}, {Name: "ten-percent", Percent: 10}, {Name: "all", Percent: 100}},
	}
	plan, _ := rollout.PlanWaves(spec, stores)
	for _, w := range plan {
		fmt.Printf("%s: %d stores\n", w.Name, len(w.Clusters))
	}

	st := rollout.FleetStatus{}
	deployed := map[string]string{}
	for tick := 1; tick <= 40; tick++ {
		obs := rollout.FleetObservation{Revision: "v2", Clusters: map[string]rollout.ClusterObservation{}}
		if tick == 1 {
			obs.Revision = "v1"
		}
		for _, s := range stores {
			obs.Clusters[s] = rollout.ClusterObservation{Revision: deployed[s], Primary: rollout.Ready, Canary: rollout.Ready,
				Metrics: map[string]observe.Sample{"request-success-rate": observe.Value(99.95)}}
		}
		res, err := rollout.StepFleet(spec, stores, st, obs)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, a := range res.Actions {
			if a.Kind == rollout.Deploy {
				deployed[a.Cluster] = a.Revision
			}
		}
		if res.Status.Wave != st.Wave || res.Status.Phase != st.Phase {
			fmt.Printf("tick %d: %s wave %d (%s)\n", tick, res.Status.Phase, res.Status.Wave, plan[res.Status.Wave].Name)
		}
		st = res.Status
		if tick > 1 && st.Phase == rollout.FleetSucceeded {
			break
		}
	}
	fmt.Println("stable:", st.Stable)
	// Output:
	// canary: 1 stores
	// ten-percent: 1 stores
	// all: 10 stores
	// tick 1: Succeeded wave 0 (canary)
	// tick 2: Progressing wave 0 (canary)
	// tick 7: Progressing wave 1 (ten-percent)
	// tick 12: Progressing wave 2 (all)
	// tick 17: Succeeded wave 2 (all)
	// stable: v2
}
