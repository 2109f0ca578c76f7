package fleet_test

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
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

// A member spanning zones lists them in Zones; a zone selector must list every one of them to pick
// it, as Karmada's does.
func ExampleMember_AllZones() {
	f := fleet.Fleet{Members: []fleet.Member{
		{Name: "one-zone", Zone: "z1"},
		{Name: "two-zones", Zones: []string{"z1", "z2"}},
	}}
	zoneIn := func(zones ...string) fleet.Affinity {
		return fleet.Affinity{FieldSelector: &fleet.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
			{Key: fleet.FieldZone, Operator: corev1.NodeSelectorOpIn, Values: zones}}}}
	}
	for _, a := range []fleet.Affinity{zoneIn("z1"), zoneIn("z1", "z2")} {
		members, _ := f.Select(a)
		for _, m := range members {
			fmt.Println(a.FieldSelector.MatchExpressions[0].Values, m.Name, m.AllZones())
		}
	}
	// Output:
	// [z1] one-zone [z1]
	// [z1 z2] one-zone [z1]
	// [z1 z2] two-zones [z1 z2]
}
