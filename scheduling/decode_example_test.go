package scheduling_test

import (
	"fmt"

	"github.com/fleetkit/fleetkit/scheduling"
)

// Read a gang check file and check it; a malformed quantity is reported with its field.
func ExampleDecodeCheckInput() {
	in, err := scheduling.DecodeCheckInput([]byte(`
clusters:
- name: training-bj
  nodes:
  - {name: gpu-01, allocatable: {nvidia.com/gpu: 2}}
  - {name: gpu-02, allocatable: {nvidia.com/gpu: 2}}
- name: serving-sh
  nodes:
  - {name: gpu-01, allocatable: {nvidia.com/gpu: 8}, requested: {nvidia.com/gpu: 4}}
gang:
  name: trainer
  groups:
  - {name: worker, replicas: 1, podRequests: {nvidia.com/gpu: 4}}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	report, err := scheduling.Check(*in.Gang, in.Clusters, scheduling.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("best:", report.Best)

	_, err = scheduling.DecodeCheckInput([]byte("clusters:\n- name: c\n  nodes:\n  - {name: n, allocatable: {nvidia.com/gpu: lots}}\ngang: {}\n"))
	fmt.Println(err)
	// Output:
	// best: serving-sh
	// scheduling: clusters[0].nodes[0].allocatable[nvidia.com/gpu]: invalid value string "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (line 4)
}

// Read a Gang on its own: the task groups, with per-pod requests.
func ExampleDecodeGang() {
	g, err := scheduling.DecodeGang([]byte(`
name: trainer
minAvailable: 3
groups:
- {name: ps, replicas: 1, podRequests: {cpu: "4"}}
- {name: worker, replicas: 4, min: 2, podRequests: {nvidia.com/gpu: 4}}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	worker := g.Groups[1].PodRequests["nvidia.com/gpu"]
	fmt.Println(g.Name, g.MinAvailable, len(g.Groups), *g.Groups[1].Min, worker.String())
	// Output:
	// trainer 3 2 2 4
}
