package karmada_test

import (
	"fmt"

	"github.com/fleetkit/fleetkit/distribute/karmada"
)

// Read a real PropagationPolicy and the Deployment it propagates; a file of the wrong kind is refused by
// name.
func ExampleDecodePlacement() {
	placement, err := karmada.DecodePlacement([]byte(`
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: recommender, namespace: inference}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: recommender}]
  placement:
    clusterAffinity: {clusterNames: [serving-sh, training-bj]}
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference:
        staticWeightList:
        - {targetCluster: {clusterNames: [serving-sh]}, weight: 10}
        - {targetCluster: {clusterNames: [training-bj]}, weight: 1}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	strategy, _ := karmada.StrategyOf(placement)
	fmt.Println(placement.ClusterAffinity.ClusterNames, strategy)

	workload, err := karmada.DecodeWorkload([]byte(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: recommender, namespace: inference, uid: 6a3e1c2b-0000-4000-8000-000000000001}
spec:
  replicas: 22
  template:
    spec:
      containers: [{name: server, image: recommender:1.0, resources: {requests: {cpu: "1"}}}]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(workload.Replicas, workload.HasReplicaRequirements)

	_, err = karmada.DecodePlacement([]byte("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: recommender}\n"))
	fmt.Println(err)
	// Output:
	// [serving-sh training-bj] StaticWeight
	// 22 true
	// karmada: invalid kind: expected a PropagationPolicy or ClusterPropagationPolicy (policy.karmada.io/v1alpha1), got apps/v1 Deployment
}

// A Job's replicas are its parallelism capped by its completions, as Karmada's default interpreter reads
// them; a toleration is a node claim, so the Job has replica requirements.
func ExampleDecodeWorkload() {
	w, err := karmada.DecodeWorkload([]byte(`
apiVersion: batch/v1
kind: Job
metadata: {name: nightly, uid: 0c6f3c1e-0000-4000-8000-000000000002}
spec:
  parallelism: 8
  completions: 5
  template:
    spec:
      tolerations: [{key: nvidia.com/gpu, operator: Exists}]
      containers: [{name: run, image: batch:1}]
      restartPolicy: Never
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(w.UID, w.Replicas, w.HasReplicaRequirements)
	// Output:
	// 0c6f3c1e-0000-4000-8000-000000000002 5 true
}
