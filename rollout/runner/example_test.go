package runner_test

import (
	"context"
	"fmt"
	"time"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/rollouttest"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// A whole canary driven to promotion, one Tick per analysis interval, with
// the in-memory ports of rollout/rollouttest. A controller does the same
// with the Kubernetes adapters (rollout/kube, traffic/istio,
// observe/prometheus, rollout/webhook) and calls Tick when Runner.Due says
// so.
func ExampleRunner() {
	spec := rollout.Spec{Threshold: 2, MaxWeight: 30, StepWeight: 10,
		Metrics:  []rollout.Metric{{Name: observe.RequestSuccessRate, ThresholdRange: observe.AtLeast(99)}},
		Webhooks: []rollout.Webhook{{Name: "load-test", Type: rollout.PreRollout, URL: "http://loadtester/"}}}
	d := rollouttest.New("v1") // primary and canary run v1; routes all to the primary
	d.Metrics.Set(observe.RequestSuccessRate, 99.9)
	run, err := runner.New(spec, runner.Target{Name: "podinfo", Namespace: "test", Provider: observe.Istio}, d.Ports())
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, now := context.Background(), time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for tick := 1; tick <= 10; tick++ {
		if tick == 2 {
			d.Workload.SetRevision("v2") // a developer pushes v2
		}
		seen := len(d.Calls())
		rep, err := run.Tick(ctx, now, rollout.Intents{})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("tick %d: %-11s canary %2d%%\n", tick, rep.Status.Phase, d.Router.Routes().Canary)
		if rep.Status.Phase == rollout.Promoting { // the journal: observed, decided and saved, then carried out
			for _, c := range d.Calls()[seen:] {
				fmt.Println("   ", c)
			}
		}
		if tick > 2 && rep.Status.Phase == rollout.Succeeded {
			break
		}
		now = now.Add(spec.EffectiveInterval())
	}
	fmt.Println("primary runs", d.Workload.PrimaryRevision(), "- promotions:", d.Workload.Promotions(),
		"- canary up:", d.Workload.CanaryUp())
	fmt.Println("load-test calls:", d.Hooks.Count("load-test"), "- metric queries:", len(d.Metrics.Queries()))
	// Output:
	// tick 1: Initialized canary  0%
	// tick 2: Progressing canary  0%
	// tick 3: Progressing canary 10%
	// tick 4: Progressing canary 20%
	// tick 5: Progressing canary 30%
	// tick 6: Promoting   canary 30%
	//     Store.Load(Progressing)
	//     Workload.Observe()
	//     Router.GetRoutes()
	//     Metrics.Query(request-success-rate)
	//     Store.Save(Promoting)
	//     Workload.PromoteSpec(v2)
	//     Store.Save(Promoting)
	// tick 7: Finalising  canary  0%
	// tick 8: Succeeded   canary  0%
	// primary runs v2 - promotions: [v2] - canary up: false
	// load-test calls: 1 - metric queries: 3
}
