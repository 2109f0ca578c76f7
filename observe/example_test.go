package observe_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/fleetkit/fleetkit/observe"
)

// Render the built-in Istio success rate for a canary workload.
func ExampleBuiltin() {
	t, _ := observe.Builtin(observe.Istio, observe.RequestSuccessRate)
	q, _ := t.Render(observe.Variables{Namespace: "recsys", Target: "recommender", Interval: 2 * time.Minute})
	fmt.Println(strings.Join(strings.Fields(q)[:8], " "))
	// Output:
	// sum( rate( istio_requests_total{ reporter="destination", destination_workload_namespace="recsys", destination_workload=~"recommender", response_code!~"5.*" }[2m]
}

// Check samples against a threshold range: no data never passes.
func ExampleRange_Contains() {
	r := observe.AtLeast(99)
	for _, s := range []observe.Sample{observe.Value(99.5), observe.Value(97), observe.Empty()} {
		fmt.Printf("%s in %s: %t\n", s, r, s.Check(r))
	}
	// Output:
	// 99.5 in [99, +inf]: true
	// 97 in [99, +inf]: false
	// nodata in [99, +inf]: false
}
