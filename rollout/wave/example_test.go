package wave_test

import (
	"fmt"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/wave"
)

// A rollout to edge stores in waves: one canary store, then 10%, then all.
func ExampleStep() {
	stores := []string{"store-01", "store-02", "store-03", "store-04", "store-05",
		"store-06", "store-07", "store-08", "store-09", "store-10", "store-11", "store-12"}
	spec := wave.Spec{
		Analysis: rollout.Spec{StepWeight: 50, MaxWeight: 50,
			Metrics: []rollout.Metric{{Name: "request-success-rate", ThresholdRange: observe.AtLeast(99)}}},
		Waves: []wave.Wave{{Name: "canary", Count: 1}, {Name: "ten-percent", Percent: 10}, {Name: "all", Percent: 100}},
	}
	plan, _ := wave.Plan(spec, stores)
	for _, w := range plan {
		fmt.Printf("%s: %d stores\n", w.Name, len(w.Clusters))
	}

	st := wave.Status{}
	deployed := map[string]string{}
	for tick := 1; tick <= 40; tick++ {
		obs := wave.Observation{Revision: "v2", Clusters: map[string]wave.ClusterObservation{}}
		if tick == 1 {
			obs.Revision = "v1"
		}
		for _, s := range stores {
			obs.Clusters[s] = wave.ClusterObservation{Revision: deployed[s], Primary: rollout.Ready, Canary: rollout.Ready,
				Metrics: map[string]observe.Sample{"request-success-rate": observe.Value(99.95)}}
		}
		res, err := wave.Step(spec, stores, st, obs)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, a := range res.Actions {
			if a.Kind == wave.Deploy {
				deployed[a.Cluster] = a.Revision
			}
		}
		if res.Status.Wave != st.Wave || res.Status.Phase != st.Phase {
			fmt.Printf("tick %d: %s wave %d (%s)\n", tick, res.Status.Phase, res.Status.Wave, plan[res.Status.Wave].Name)
		}
		st = res.Status
		if tick > 1 && st.Phase == wave.Succeeded {
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
