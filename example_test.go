package fleetkit_test

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/fleet"
)

// Select the members of the seed fleet a policy for the edge would be placed on.
func Example() {
	f := fleet.Sample()
	stores, err := f.Select(fleet.Affinity{
		LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "edge"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(stores), "edge stores, first", stores[0].Name)
	// Output:
	// 10 edge stores, first edge-store-001
}
