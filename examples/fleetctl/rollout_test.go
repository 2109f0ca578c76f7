package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runRolloutCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(&errOut)
	err := root.Execute()
	return out.String(), err
}

// TestRolloutSimulateJSONIsOneDocument: -o json prints the trace as one JSON array; -o jsonl streams one
// object per tick. Both carry the same records.
func TestRolloutSimulateJSONIsOneDocument(t *testing.T) {
	path := filepath.Join("..", "..", "rollout", "simulate", "testdata", "scenarios", "F05-threshold-rollback-nodata-counts-as-failure.yaml")
	out, err := runRolloutCmd(t, "rollout", "simulate", "-f", path, "-o", "json")
	require.NoError(t, err)
	var doc []map[string]any
	dec := json.NewDecoder(strings.NewReader(out))
	require.NoError(t, dec.Decode(&doc))
	assert.False(t, dec.More(), "a second JSON document follows the trace")
	require.Len(t, doc, 5)

	out, err = runRolloutCmd(t, "rollout", "simulate", "-f", path, "-o", "jsonl")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 5)
	wantPhase := []string{"Progressing", "Progressing", "Progressing", "Progressing", "Failed"}
	wantWeight := []int{0, 10, 10, 10, 0}
	wantFailed := []int{0, 0, 1, 2, 0}
	for i, line := range lines {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		assert.Equal(t, doc[i], rec, "jsonl line %d differs from the json document", i)
		for _, key := range []string{"tick", "phase", "canaryWeight", "primaryWeight", "mirror", "failedChecks", "iterations", "actions", "events"} {
			assert.Contains(t, rec, key)
		}
		assert.EqualValues(t, i+1, rec["tick"])
		assert.Equal(t, wantPhase[i], rec["phase"])
		assert.EqualValues(t, wantWeight[i], rec["canaryWeight"])
		assert.EqualValues(t, 100-wantWeight[i], rec["primaryWeight"])
		assert.EqualValues(t, wantFailed[i], rec["failedChecks"])
	}
}

func TestRolloutSimulateTableAndYAML(t *testing.T) {
	path := filepath.Join("..", "..", "rollout", "simulate", "testdata", "scenarios", "F01-canary-happy-path.yaml")
	out, err := runRolloutCmd(t, "rollout", "simulate", "-f", path)
	require.NoError(t, err)
	assert.Contains(t, out, "TICK")
	assert.Contains(t, out, "[#####.....]")
	assert.Contains(t, out, "Succeeded")

	out, err = runRolloutCmd(t, "rollout", "simulate", "-f", path, "-o", "yaml")
	require.NoError(t, err)
	assert.Contains(t, out, "phase: Finalising")
}

func TestRolloutSimulateFailsOnUnmetExpectation(t *testing.T) {
	path := writeRolloutScenario(t, `spec: {stepWeight: 10}
ticks: [{revision: r2}, {}]
expect: [{phase: Progressing}, {phase: Progressing, canaryWeight: 20}]
`)
	out, err := runRolloutCmd(t, "rollout", "simulate", "-f", path, "-o", "jsonl")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "tick 2: canaryWeight = 10, want 20")
	assert.Len(t, strings.Split(strings.TrimSpace(out), "\n"), 2, "the trace is still printed")
}

func TestRolloutSimulateBadInput(t *testing.T) {
	tests := []struct {
		name, scenario, want string
	}{
		{"unknown field", "spec: {stepWieght: 10}\nticks: [{}]\n", "stepWieght"},
		{"invalid weight", "spec: {maxWeight: 150}\nticks: [{}]\n", "maxWeight"},
		{"no ticks", "spec: {stepWeight: 10}\n", "ticks"},
		{"bad readiness", "spec: {}\nticks: [{canaryReady: maybe}]\n", "readiness"},
		{"bad metric", "spec: {}\nticks: [{metrics: {x: lots}}]\n", "sample"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runRolloutCmd(t, "rollout", "simulate", "-f", writeRolloutScenario(t, tt.scenario))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	_, err := runRolloutCmd(t, "rollout", "simulate")
	assert.ErrorContains(t, err, "-f")
}

func TestDemoRolloutSection(t *testing.T) {
	var buf bytes.Buffer
	env, err := newDemoEnv("")
	require.NoError(t, err)
	require.NoError(t, demoRollout(&buf, env))
	out := buf.String()
	assert.Contains(t, out, "istio_requests_total")
	assert.Contains(t, out, `destination_workload=~"recommender"`)
	assert.Contains(t, out, "Succeeded")
	assert.Contains(t, out, "rolling back: failed checks threshold reached 2")
	assert.Contains(t, out, "edge-store-001")
}

func writeRolloutScenario(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "scenario.yaml")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o644))
	return path
}

// A metric or webhook name the spec does not declare fails the command before any tick runs: nothing on
// stdout, every misspelt name on stderr with the declared name it is close to, exit non-zero. Before, the
// misspelt key was ignored, the real metric passed by default, and the rollout promoted.
func TestRolloutSimulateRefusesUndeclaredNames(t *testing.T) {
	path := writeRolloutScenario(t, `spec:
  stepWeight: 50
  metrics: [{name: request-success-rate, thresholdRange: {min: 99}}]
ticks:
- {revision: r2}
- {}
- {metrics: {request-sucess-rate: 10}}
- {hooks: {confirm-promotion: fail}}
`)
	var out, errOut bytes.Buffer
	require.Error(t, run([]string{"rollout", "simulate", "-f", path}, &out, &errOut))
	assert.Empty(t, out.String(), "no trace is printed")
	assert.Contains(t, errOut.String(), `ticks[2].metrics["request-sucess-rate"]: not declared in spec.metrics; did you mean "request-success-rate"?`)
	assert.Contains(t, errOut.String(), `ticks[3].hooks["confirm-promotion"]: no webhook of type confirm-promotion in spec.webhooks`)

	out.Reset()
	errOut.Reset()
	require.Error(t, run([]string{"rollout", "simulate", "-f", path, "-o", "json"}, &out, &errOut))
	assert.Empty(t, out.String())
	var doc struct {
		Reason   string `json:"reason"`
		Problems []struct{ Field, Reason string }
	}
	require.NoError(t, json.Unmarshal(errOut.Bytes(), &doc), errOut.String())
	assert.Equal(t, "Invalid", doc.Reason)
	require.Len(t, doc.Problems, 2)
	assert.Equal(t, `ticks[2].metrics["request-sucess-rate"]`, doc.Problems[0].Field)
	assert.Equal(t, `ticks[3].hooks["confirm-promotion"]`, doc.Problems[1].Field)
}

// A spec that can never advance is refused, naming the field to set.
func TestRolloutSimulateRefusesASpecThatNeverAdvances(t *testing.T) {
	path := writeRolloutScenario(t, "spec: {maxWeight: 50}\nticks: [{revision: r2}, {}]\n")
	var out, errOut bytes.Buffer
	require.Error(t, run([]string{"rollout", "simulate", "-f", path}, &out, &errOut))
	assert.Empty(t, out.String())
	assert.Contains(t, errOut.String(), "stepWeight: the canary never advances")
}
