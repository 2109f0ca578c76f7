package distribute_test

import (
	"fmt"

	"github.com/fleetkit/fleetkit/distribute"
)

// Read a division request file and divide it; a misspelt field is reported where it is written.
func ExampleDecodeRequest() {
	req, err := distribute.DecodeRequest([]byte(`
strategy: DynamicWeight
replicas: 20
clusters:
- {name: a, availableReplicas: 10, previousReplicas: 3}
- {name: b, availableReplicas: 4, previousReplicas: 7}
- {name: c, availableReplicas: 6, previousReplicas: 2}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := distribute.Divide(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(plan.Mode, plan.Assignments)

	_, err = distribute.DecodeRequest([]byte("strategy: StaticWeight\nreplicas: 3\nclusters:\n- {name: a, wieght: 2}\n"))
	fmt.Println(err)
	// Output:
	// ScaleUp [{a 7} {b 9} {c 4}]
	// distribute: invalid clusters[0].wieght: unknown field (did you mean "weight"?) (line 4)
}
