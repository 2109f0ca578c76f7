package fleet_test

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/fleet"
)

// Select the members a Karmada-style cluster affinity picks from the seed fleet.
func ExampleFleet_Select() {
	f := fleet.Sample()
	members, err := f.Select(fleet.Affinity{
		LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "edge", "city": "bj"}},
		Exclude:       []string{"edge-store-005"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range members {
		fmt.Println(m.Name, m.Region, m.Zone)
	}
	// Output:
	// edge-store-004 cn-north cn-north-1a
}

// Load a fleet file; mistakes are reported with the field that is wrong.
func ExampleLoad() {
	_, err := fleet.Load([]byte(`
members:
- name: serving-sh
- name: serving-sh
`))
	fmt.Println(err)
	// Output:
	// fleet: invalid members[1].name: duplicate member name "serving-sh" (also members[0])
}
