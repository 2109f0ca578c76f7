package karmada_test

import (
	"fmt"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/fleet/karmada"
)

// Render the push-mode Karmada Cluster of a seed member, as `fleetctl fleet render` does.
func ExampleClusterFor() {
	m, _ := fleet.Sample().Member("serving-sh")
	c, err := karmada.ClusterFor(m, nil, karmada.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Name, c.Spec.SyncMode, c.Spec.APIEndpoint)
	fmt.Println(c.Spec.Provider, c.Spec.Region, c.Spec.Zones)
	// Output:
	// serving-sh Push https://serving-sh.corp.example:6443
	// aliyun cn-east [cn-east-2a]
}
