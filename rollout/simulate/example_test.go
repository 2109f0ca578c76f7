package simulate_test

import (
	"fmt"

	"sigs.k8s.io/yaml"

	"github.com/fleetkit/fleetkit/rollout/simulate"
)

// A scenario in the fleetctl rollout simulate format: a canary whose
// success rate drops for two ticks rolls back on the tick after the second
// failed check.
func ExampleScenario_Run() {
	var sc simulate.Scenario
	err := yaml.UnmarshalStrict([]byte(`
spec:
  threshold: 2
  stepWeight: 20
  maxWeight: 60
  metrics:
  - {name: request-success-rate, thresholdRange: {min: 99}}
ticks:
- revision: r2
- {}
- metrics: {request-success-rate: 95}
- metrics: {request-success-rate: nodata}
- {}
expect:
- {phase: Progressing}
`), &sc)
	if err != nil {
		panic(err)
	}
	trace, err := sc.Run()
	if err != nil {
		panic(err)
	}
	for _, r := range trace {
		fmt.Printf("tick %d: %-11s canary %3d%% failed %d\n", r.Tick, r.Phase, r.CanaryWeight, r.FailedChecks)
	}
	fmt.Println(sc.Check(trace))
	// Output:
	// tick 1: Progressing canary   0% failed 0
	// tick 2: Progressing canary  20% failed 0
	// tick 3: Progressing canary  20% failed 1
	// tick 4: Progressing canary  20% failed 2
	// tick 5: Failed      canary   0% failed 0
	// <nil>
}
