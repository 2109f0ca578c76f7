package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeDivideFile(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	return path
}

func TestDivideFromRequestFile(t *testing.T) {
	path := writeDivideFile(t, "req.yaml", `
strategy: DynamicWeight
replicas: 20
clusters:
  - {name: a, availableReplicas: 10, previousReplicas: 3}
  - {name: b, availableReplicas: 4, previousReplicas: 7}
  - {name: c, availableReplicas: 6, previousReplicas: 2}
`)
	out, _, err := runCLI(t, "divide", "-f", path, "-o", "json")
	require.NoError(t, err)
	var got struct {
		Assignments []struct {
			Cluster  string `json:"cluster"`
			Replicas int32  `json:"replicas"`
		} `json:"assignments"`
		Explanation []map[string]any `json:"explanation"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Len(t, got.Assignments, 3)
	assert.Equal(t, []int32{7, 9, 4}, []int32{got.Assignments[0].Replicas, got.Assignments[1].Replicas, got.Assignments[2].Replicas})
	require.Len(t, got.Explanation, 3)
	assert.Contains(t, got.Explanation[0]["reason"], "kept 3")

	table, _, err := runCLI(t, "divide", "-f", path)
	require.NoError(t, err)
	assert.Contains(t, table, "ScaleUp")

	yml, _, err := runCLI(t, "divide", "-f", path, "-o", "yaml")
	require.NoError(t, err)
	assert.Contains(t, yml, "assignments:")
}

func TestDivideUnschedulableExitsNonZero(t *testing.T) {
	path := writeDivideFile(t, "req.json", `{"strategy":"DynamicWeight","replicas":30,
		"clusters":[{"name":"a","availableReplicas":10},{"name":"b","availableReplicas":15}]}`)
	out, _, err := runCLI(t, "divide", "-f", path, "-o", "table")
	require.Error(t, err)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, true, got["unschedulable"])
	assert.Contains(t, got["error"], "available replicas 25 are not enough")
}

func TestDivideRejectsBadInput(t *testing.T) {
	for name, body := range map[string]string{
		"unknown field":    "strategy: StaticWeight\nreplicas: 3\nclusters: [{name: a, wieght: 2}]\n",
		"unknown strategy": "strategy: Spread\nreplicas: 3\nclusters: [{name: a}]\n",
		"duplicate":        "strategy: StaticWeight\nreplicas: 3\nclusters: [{name: a}, {name: a}]\n",
		"negative":         "strategy: StaticWeight\nreplicas: -3\nclusters: [{name: a}]\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := runCLI(t, "divide", "-f", writeDivideFile(t, "req.yaml", body))
			require.Error(t, err)
		})
	}
	_, _, err := runCLI(t, "divide")
	require.Error(t, err)
}

func TestDivideFromKarmadaObjects(t *testing.T) {
	pp := writeDivideFile(t, "pp.yaml", `
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: recommender, namespace: inference}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: recommender}]
  placement:
    clusterAffinity: {clusterNames: [serving-sh, training-bj]}
    clusterTolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference:
        staticWeightList:
          - {targetCluster: {clusterNames: [serving-sh]}, weight: 10}
          - {targetCluster: {clusterNames: [training-bj]}, weight: 1}
`)
	deploy := writeDivideFile(t, "deploy.yaml", `
apiVersion: apps/v1
kind: Deployment
metadata: {name: recommender, namespace: inference, uid: 6a3e1c2b-0000-4000-8000-000000000001}
spec:
  replicas: 22
  selector: {matchLabels: {app: recommender}}
  template:
    metadata: {labels: {app: recommender}}
    spec:
      containers: [{name: server, image: recommender:1.0, resources: {requests: {cpu: "1"}}}]
`)
	out, _, err := runCLI(t, "divide", "--policy", pp, "--workload", deploy, "-o", "json")
	require.NoError(t, err)
	assert.Contains(t, out, `"cluster": "serving-sh",`+"\n      \"replicas\": 20")
	assert.Contains(t, out, `"cluster": "training-bj",`+"\n      \"replicas\": 2")
}

func TestDemoDividesTheRecommender(t *testing.T) {
	out, _, err := runCLI(t, "demo")
	require.NoError(t, err)
	assert.Contains(t, out, "Dividing the recommender by weight")
	assert.Regexp(t, `serving-sh\s+10\s+10`, out)
	assert.Regexp(t, `training-bj\s+1\s+1`, out)
	assert.Regexp(t, `serving-sh\s+8\s+10`, out, "capacity-capped spill-over")
	assert.Regexp(t, `training-bj\s+3\s+1`, out)
}
