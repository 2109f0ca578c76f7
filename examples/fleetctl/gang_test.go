package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/internal/strictyaml/strictyamltest"
	"github.com/fleetkit/fleetkit/scheduling"
)

const gangJob = `
job:
  apiVersion: batch.volcano.sh/v1alpha1
  kind: Job
  metadata: {name: train}
  spec:
    minAvailable: %s
    tasks:
    - name: worker
      replicas: %s
      template:
        spec:
          containers:
          - name: main
            image: trainer
            resources:
              limits: {nvidia.com/gpu: %s}
`

func writeGangFile(t *testing.T, clusters, minAvailable, replicas, gpus string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gang.yaml")
	content := clusters + sprintfJob(minAvailable, replicas, gpus)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func sprintfJob(minAvailable, replicas, gpus string) string {
	return fmt.Sprintf(gangJob, minAvailable, replicas, gpus)
}

func TestGangCheckJSONContract(t *testing.T) {
	clusters := `clusters:
- name: c1
  nodes:
  - {name: n1, allocatable: {nvidia.com/gpu: 8}}
  - {name: n2, allocatable: {nvidia.com/gpu: 4}}
- name: c2
  nodes:
  - {name: n1, allocatable: {nvidia.com/gpu: 2}}
  - {name: n2, allocatable: {nvidia.com/gpu: 2}, notReady: true}
`
	out, _, err := runCLI(t, "gang", "check", "-f", writeGangFile(t, clusters, "6", "8", "2"), "-o", "json")
	require.NoError(t, err)
	var got scheduling.Report
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Len(t, got.Clusters, 2)
	assert.Equal(t, "train", got.Gang)
	assert.Equal(t, "c1", got.Clusters[0].Cluster)
	assert.Equal(t, scheduling.Feasible, got.Clusters[0].Verdict)
	assert.Equal(t, scheduling.Placement{"n1": {"worker": 4}, "n2": {"worker": 2}}, got.Clusters[0].Placement)
	assert.Nil(t, got.Clusters[0].Certificate)
	assert.Equal(t, scheduling.Infeasible, got.Clusters[1].Verdict)
	assert.Contains(t, got.Clusters[1].Message, "group capacity 1 of 6")
	require.NotNil(t, got.Clusters[1].Certificate)
	assert.Equal(t, scheduling.CheckGroupCapacity, got.Clusters[1].Certificate.Check)
	assert.Equal(t, "c1", got.Best)
	assert.Equal(t, []string{"c1", "c2"}, []string{got.Ranking[0].Cluster, got.Ranking[1].Cluster})
}

func TestGangCheckNoneFitsExitsZero(t *testing.T) {
	clusters := "clusters:\n- name: c1\n  nodes:\n  - {name: n1, allocatable: {nvidia.com/gpu: 2}}\n"
	out, _, err := runCLI(t, "gang", "check", "-f", writeGangFile(t, clusters, "0", "1", "4"), "-o", "json")
	require.NoError(t, err)
	assert.Contains(t, out, "need 4 per pod, largest free 2")
	assert.Contains(t, out, `"best": ""`)
}

func TestGangCheckBadInput(t *testing.T) {
	ok := "clusters:\n- name: c1\n  nodes:\n  - {name: n1, allocatable: {nvidia.com/gpu: 2}}\n"
	tests := []struct {
		name, clusters, min, replicas, gpus, want string
	}{
		{"unparseable node quantity", "clusters:\n- name: c1\n  nodes:\n  - {name: n1, allocatable: {nvidia.com/gpu: lots}}\n", "0", "1", "1",
			"clusters[0].nodes[0].allocatable[nvidia.com/gpu]"},
		{"unparseable job quantity", ok, "0", "1", "four", "spec.tasks[0].template.spec.containers[0].resources.limits[nvidia.com/gpu]"},
		{"minAvailable above replicas", ok, "3", "2", "1", "spec.minAvailable"},
		{"negative request", ok, "0", "1", "-1", "resources.limits[nvidia.com/gpu]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := runCLI(t, "gang", "check", "-f", writeGangFile(t, tt.clusters, tt.min, tt.replicas, tt.gpus), "-o", "json")
			require.Error(t, err)
			assert.Contains(t, err.Error()+stderr, tt.want)
		})
	}
	_, _, err := runCLI(t, "gang", "check", "-f", filepath.Join(t.TempDir(), "missing.yaml"))
	require.Error(t, err)
}

func TestDemoShowsTheGangTrap(t *testing.T) {
	out, _, err := runCLI(t, "demo")
	require.NoError(t, err)
	assert.Contains(t, out, "training-bj   6 free → fits")
	assert.Contains(t, out, "training-bj  Infeasible  Insufficient nvidia.com/gpu: need 4 per pod, largest free 2")
	assert.Contains(t, out, "serving-sh   Feasible    serving-sh-gpu-01: trainer×1")
	assert.Contains(t, out, "best: serving-sh")
}

func TestGangCheckReadsAGang(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gang.yaml")
	require.NoError(t, os.WriteFile(path, []byte(`clusters:
- name: c1
  nodes: [{name: n1, allocatable: {nvidia.com/gpu: 8}}]
gang:
  name: train
  groups: [{name: worker, replicas: 2, podRequests: {nvidia.com/gpu: 4}}]
`), 0o600))
	out, _, err := runCLI(t, "gang", "check", "-f", path, "-o", "json")
	require.NoError(t, err)
	assert.Contains(t, out, `"best": "c1"`)
}

// TestGangCheckRefusesWhatItUsedToDropSilently: a key written twice kept its last value and a second
// document was ignored; both are named now.
func TestGangCheckRefusesWhatItUsedToDropSilently(t *testing.T) {
	ok := "clusters:\n- name: c1\n  nodes:\n  - {name: n1, allocatable: {nvidia.com/gpu: 2}}\n"
	cases := map[string]struct{ content, want string }{
		"duplicate node key": {"clusters:\n- name: c1\n  nodes:\n  - {name: n1, notReady: false, notReady: true}\n" + sprintfJob("0", "1", "1"),
			`clusters[0].nodes[0].notReady: duplicate key "notReady"`},
		"duplicate job key": {ok + sprintfJob("0", "1", "1") + "    minAvailable: 1\n", `job.spec.minAvailable: duplicate key "minAvailable"`},
		"second document":   {ok + sprintfJob("0", "1", "1") + "---\n" + ok, "a second document where one is expected"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "gang.yaml")
			require.NoError(t, os.WriteFile(path, []byte(c.content), 0o600))
			_, stderr, err := runCLI(t, "gang", "check", "-f", path)
			require.Error(t, err)
			assert.Contains(t, err.Error()+stderr, c.want)
		})
	}
}

// TestGangCheckRefusesWhatItUsedToPass: no cluster at all answered "best: (none fits)" with exit 0, and
// half a GPU, which the API server refuses, was checked as if it could be scheduled.
func TestGangCheckRefusesWhatItUsedToPass(t *testing.T) {
	ok := "clusters:\n- name: c1\n  nodes:\n  - {name: n1, allocatable: {nvidia.com/gpu: 2}}\n"
	cases := map[string]struct{ content, want string }{
		"no clusters":         {"clusters: []\n" + sprintfJob("0", "1", "1"), "clusters: at least one cluster snapshot is required"},
		"no clusters at all":  {sprintfJob("0", "1", "1"), "clusters: at least one cluster snapshot is required"},
		"half a GPU per pod":  {ok + sprintfJob("0", "1", `"0.5"`), "spec.tasks[0].template.spec.containers[0].resources.limits[nvidia.com/gpu]: 500m: must be an integer"},
		"half a GPU per node": {"clusters:\n- name: c1\n  nodes:\n  - {name: n1, allocatable: {nvidia.com/gpu: 2.5}}\n" + sprintfJob("0", "1", "1"), "clusters[0].nodes[0].allocatable[nvidia.com/gpu]: 2500m: must be an integer"},
		"half a GPU in a gang": {ok + "gang: {groups: [{name: w, replicas: 1, podRequests: {nvidia.com/gpu: 0.5}}]}\n",
			"groups[0].podRequests[nvidia.com/gpu]: 500m: must be an integer: nvidia.com/gpu is an extended resource"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "gang.yaml")
			require.NoError(t, os.WriteFile(path, []byte(c.content), 0o600))
			out, stderr, err := runCLI(t, "gang", "check", "-f", path)
			require.Error(t, err)
			assert.Empty(t, out)
			assert.Contains(t, stderr, c.want)
		})
	}
}

// TestGangCheckRefusesAnAliasBomb: a 1 MiB string referenced 2,000 times used to be expanded to 2 GiB.
func TestGangCheckRefusesAnAliasBomb(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bomb.yaml")
	require.NoError(t, os.WriteFile(path, strictyamltest.AliasBomb("clusters: []\n"), 0o600))
	cost, err := strictyamltest.Measure(func() error { _, _, err := runCLI(t, "gang", "check", "-f", path); return err })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "decoded size exceeds the limit")
	assert.True(t, cost.Within(strictyamltest.Budget), "refusing cost %v and %d MB", cost.Duration, cost.Alloc>>20)
}
