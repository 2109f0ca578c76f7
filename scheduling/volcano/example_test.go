package volcano_test

import (
	"fmt"

	"github.com/fleetkit/fleetkit/scheduling/volcano"
)

// Turn a Volcano Job manifest into the gang the feasibility engine checks: an init container's
// larger request counts, as it does for the kube-scheduler.
func ExampleFromJob() {
	job, err := volcano.ParseJob([]byte(`
apiVersion: batch.volcano.sh/v1alpha1
kind: Job
metadata: {name: llm-finetune, namespace: training}
spec:
  minAvailable: 3
  queue: research
  tasks:
  - name: ps
    replicas: 1
    template:
      spec:
        containers: [{name: ps, image: trainer:1, resources: {requests: {cpu: "2", memory: 8Gi}}}]
  - name: worker
    replicas: 4
    minAvailable: 2
    template:
      spec:
        initContainers: [{name: fetch, image: fetch:1, resources: {requests: {cpu: "6"}}}]
        containers: [{name: w, image: trainer:1, resources: {limits: {nvidia.com/gpu: "2"}, requests: {cpu: "4"}}}]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	gang, err := volcano.FromJob(job)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s in queue %s, minAvailable %d\n", gang.Name, gang.Queue, gang.MinAvailable)
	for _, g := range gang.Groups {
		gpu := g.PodRequests["nvidia.com/gpu"]
		fmt.Printf("  %s: %d pods, min %d, cpu %s, gpu %s\n", g.Name, g.Replicas, *g.Min, g.PodRequests.Cpu(), gpu.String())
	}
	// Output:
	// llm-finetune in queue research, minAvailable 3
	//   ps: 1 pods, min 1, cpu 2, gpu 0
	//   worker: 4 pods, min 2, cpu 6, gpu 2
}
