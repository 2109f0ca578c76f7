package dividebench_test

import (
	"os"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/internal/dividebench"
)

// ExampleWriteTable prints a plan as both division binaries do.
func ExampleWriteTable() {
	req := distribute.Request{Strategy: distribute.DynamicWeight, Replicas: 4}
	got := []distribute.Assignment{{Cluster: "serving-sh", Replicas: 1}, {Cluster: "edge-1", Replicas: 3}}
	_ = dividebench.WriteTable(os.Stdout, "fleetkit Divide", req, got)
	// Output:
	// fleetkit Divide: strategy DynamicWeight, 4 replicas (4 divided)
	// CLUSTER     REPLICAS
	// edge-1      3
	// serving-sh  1
}
