package distribute_test

import (
	"errors"
	"fmt"

	"github.com/fleetkit/fleetkit/distribute"
)

// The seed's weighted inference example: prefer Shanghai 10:1 over Beijing.
func ExampleDivide() {
	plan, err := distribute.Divide(distribute.Request{
		Strategy: distribute.StaticWeight,
		Replicas: 11,
		Candidates: []distribute.Candidate{
			{Name: "serving-sh", Weight: 10},
			{Name: "training-bj", Weight: 1},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range plan.Explanation {
		fmt.Println(e.Cluster, e.Replicas, "-", e.Reason())
	}
	// Output:
	// serving-sh 10 - 10 replicas: weight 10 (static, share 90.9%); won 10
	// training-bj 1 - 1 replicas: weight 1 (static, share 9.1%); won 1
}

// A scale up keeps the previous result and divides only the new replicas by
// available replicas.
func ExampleDivide_scaleUp() {
	plan, _ := distribute.Divide(distribute.Request{
		Strategy: distribute.DynamicWeight,
		Replicas: 20,
		Candidates: []distribute.Candidate{
			{Name: "a", Available: distribute.Replicas(10)},
			{Name: "b", Available: distribute.Replicas(4)},
			{Name: "c", Available: distribute.Replicas(6)},
		},
		Previous: []distribute.Assignment{{Cluster: "a", Replicas: 3}, {Cluster: "b", Replicas: 7}, {Cluster: "c", Replicas: 2}},
	})
	fmt.Println(plan.Mode, plan.Divided)
	for _, e := range plan.Explanation {
		fmt.Printf("%s: kept %d + added %d = %d\n", e.Cluster, e.Kept, e.Added, e.Replicas)
	}
	// Output:
	// ScaleUp 8
	// a: kept 3 + added 4 = 7
	// b: kept 7 + added 2 = 9
	// c: kept 2 + added 2 = 4
}

// Capacity-capped static weights: Shanghai is preferred 10:1 but can take only
// 8 more replicas, so the rest spills over to Beijing.
func ExampleDivide_capStaticWeights() {
	plan, _ := distribute.Divide(distribute.Request{
		Strategy: distribute.StaticWeight,
		Replicas: 11,
		Candidates: []distribute.Candidate{
			{Name: "serving-sh", Weight: 10, Available: distribute.Replicas(8)},
			{Name: "training-bj", Weight: 1, Available: distribute.Replicas(40)},
		},
		Options: distribute.Options{CapStaticWeights: true},
	})
	fmt.Println(plan.Assignments)
	fmt.Println(plan.Explanation[0].Limit)
	// Output:
	// [{serving-sh 8} {training-bj 3}]
	// available
}

// Not enough capacity is a typed error.
func ExampleDivide_unschedulable() {
	_, err := distribute.Divide(distribute.Request{
		Strategy: distribute.DynamicWeight,
		Replicas: 30,
		Candidates: []distribute.Candidate{
			{Name: "a", Available: distribute.Replicas(10)},
			{Name: "b", Available: distribute.Replicas(15)},
		},
	})
	var ue *distribute.UnschedulableError
	fmt.Println(errors.Is(err, distribute.ErrUnschedulable), errors.As(err, &ue), ue.Available)
	// Output:
	// true true 25
}
