package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/internal/strictyaml/strictyamltest"
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
	out, stderr, err := runCLI(t, "divide", "-f", path, "-o", "json")
	require.Error(t, err)
	assert.Empty(t, out, "stdout carries results only")
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(stderr), &got))
	assert.Equal(t, "Unschedulable", got["reason"])
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

// TestDivideRefusesWhatItUsedToDropSilently: a key written twice kept its last value, a second document
// was ignored, a Deployment passed as --policy failed on an unknown field; each is now named.
func TestDivideRefusesWhatItUsedToDropSilently(t *testing.T) {
	pp := writeDivideFile(t, "pp.yaml", "apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: p}\n"+
		"spec:\n  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: web}]\n  placement: {clusterAffinity: {clusterNames: [serving-sh]}}\n")
	deploy := "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n"
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"duplicate key", []string{"-f", writeDivideFile(t, "req.yaml", "strategy: Duplicated\nreplicas: 3\nreplicas: 30\nclusters: [{name: a}]\n")},
			`replicas: duplicate key "replicas" (first at line 2) (line 3)`},
		{"second document", []string{"-f", writeDivideFile(t, "req.yaml", "strategy: Duplicated\nreplicas: 3\nclusters: [{name: a}]\n---\nreplicas: 4\n")},
			"a second document where one is expected (line 5)"},
		{"a Deployment as the policy", []string{"--policy", writeDivideFile(t, "deploy.yaml", deploy), "--workload", writeDivideFile(t, "w.yaml", deploy)},
			"expected a PropagationPolicy or ClusterPropagationPolicy (policy.karmada.io/v1alpha1), got apps/v1 Deployment"},
		{"a ConfigMap as the workload", []string{"--policy", pp, "--workload", writeDivideFile(t, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")},
			"got v1 ConfigMap"},
		{"an empty workload", []string{"--policy", pp, "--workload", writeDivideFile(t, "empty.yaml", "# nothing\n")}, "no document in the input"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, err := runCLI(t, append([]string{"divide"}, c.args...)...)
			require.Error(t, err)
			assert.Contains(t, err.Error()+stderr, c.want)
		})
	}
}

// TestDivideRequiresAWorkloadThePolicySelects: --policy without --workload used to divide one replica,
// and a StatefulSet passed where the policy selects a Deployment was divided as if Karmada applied the
// policy to it.
func TestDivideRequiresAWorkloadThePolicySelects(t *testing.T) {
	policy := func(kind string) string {
		return writeDivideFile(t, "pp.yaml", "apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: p, namespace: shop}\n"+
			"spec:\n  resourceSelectors: [{apiVersion: apps/v1, kind: "+kind+", name: web}]\n  placement: {clusterAffinity: {clusterNames: [serving-sh]}}\n")
	}
	workload := func(kind, namespace string) string {
		return writeDivideFile(t, "w.yaml", "apiVersion: apps/v1\nkind: "+kind+"\nmetadata: {name: web, namespace: "+namespace+"}\nspec: {replicas: 3}\n")
	}
	request := writeDivideFile(t, "req.yaml", "strategy: Duplicated\nreplicas: 3\nclusters: [{name: a}]\n")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no workload", []string{"--policy", policy("Deployment")}, "--workload is required with --policy"},
		{"a null workload", []string{"--policy", policy("Deployment"), "--workload", writeDivideFile(t, "null.yaml", "null\n")},
			"no document in the input"},
		{"a StatefulSet where the policy selects a Deployment", []string{"--policy", policy("Deployment"), "--workload", workload("StatefulSet", "shop")},
			"apps/v1 StatefulSet shop/web is not selected by PropagationPolicy p (resourceSelectors: apps/v1 Deployment web): Karmada would not divide it with this policy"},
		{"a workload of another namespace", []string{"--policy", policy("Deployment"), "--workload", workload("Deployment", "other")},
			"apps/v1 Deployment other/web is not in namespace shop: PropagationPolicy shop/p applies only to workloads of its own namespace"},
		{"a workload with a request file", []string{"-f", request, "--workload", workload("Deployment", "shop")}, "--workload and --fleet go with --policy"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, err := runCLI(t, append([]string{"divide"}, c.args...)...)
			require.Error(t, err)
			assert.Contains(t, stderr, c.want)
		})
	}
	out, stderr, err := runCLI(t, "divide", "--policy", policy("StatefulSet"), "--workload", workload("StatefulSet", "shop"), "-o", "json")
	require.NoError(t, err, "a policy that selects the StatefulSet divides it: %s", stderr)
	assert.Contains(t, out, `"replicas": 3`)
}

// TestDivideRefusesAnAliasBomb: `fleetctl divide -f` died out of memory after ~5 s at 1.1 GB on a 1 MiB
// string referenced 2,000 times; it is refused in well under a second.
func TestDivideRefusesAnAliasBomb(t *testing.T) {
	path := writeDivideFile(t, "bomb.yaml", string(strictyamltest.AliasBomb("strategy: Duplicated\n")))
	cost, err := strictyamltest.Measure(func() error { _, _, err := runCLI(t, "divide", "-f", path); return err })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "decoded size exceeds the limit")
	assert.True(t, cost.Within(strictyamltest.Budget), "refusing cost %v and %d MB", cost.Duration, cost.Alloc>>20)
}
