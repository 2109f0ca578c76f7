package simulate_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/simulate"
	"github.com/fleetkit/fleetkit/traffic"
)

var update = flag.Bool("update", false, "rewrite golden traces under testdata/golden")

func loadScenario(t *testing.T, path string) simulate.Scenario {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var sc simulate.Scenario
	require.NoError(t, yaml.UnmarshalStrict(data, &sc), "decode %s", path)
	return sc
}

// TestScenarios runs every scenario under testdata/scenarios: the trace must
// meet the scenario's expectations and match its golden trace.
func TestScenarios(t *testing.T) {
	paths, err := filepath.Glob("testdata/scenarios/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		t.Run(name, func(t *testing.T) {
			sc := loadScenario(t, path)
			require.NotEmpty(t, sc.Expect, "a scenario must state its expectations")
			trace, err := sc.Run()
			require.NoError(t, err)
			require.Len(t, trace, len(sc.Ticks))
			assert.NoError(t, sc.Check(trace))
			compareGolden(t, filepath.Join("testdata", "golden", name+".jsonl"), trace)
		})
	}
}

func compareGolden(t *testing.T, path string, trace []simulate.Record) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, r := range trace {
		require.NoError(t, enc.Encode(r))
	}
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden trace missing; run go test ./rollout/simulate -run TestScenarios -update")
	assert.Equal(t, string(want), buf.String())
}

func TestObservationJSONValues(t *testing.T) {
	var in simulate.Tick
	require.NoError(t, json.Unmarshal([]byte(`{"canaryReady":"fatal","primaryReady":false,
		"hooks":{"a":"pass","b":"fail"},"metrics":{"x":1.5,"y":"nodata","z":"error"}}`), &in))
	assert.Equal(t, rollout.Fatal, *in.CanaryReady)
	assert.Equal(t, rollout.NotReady, *in.PrimaryReady)
	assert.Equal(t, rollout.HookPass, in.Hooks["a"])
	assert.Equal(t, rollout.HookFail, in.Hooks["b"])
	assert.Equal(t, observe.Value(1.5), in.Metrics["x"])
	assert.Equal(t, observe.NoData, in.Metrics["y"].Kind)
	assert.Equal(t, observe.QueryError, in.Metrics["z"].Kind)
	assert.Error(t, json.Unmarshal([]byte(`{"hooks":{"a":"maybe"}}`), &in))
}

func TestDefaultStatusIsTheInitialStatusAtTheEpoch(t *testing.T) {
	st := simulate.DefaultStatus()
	assert.Equal(t, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), st.LastTransitionTime)
	st.LastTransitionTime = time.Time{}
	assert.Equal(t, rollout.InitialStatus("r1"), st)
}

func TestScenarioValidate(t *testing.T) {
	sc := simulate.Scenario{Spec: rollout.Spec{StepWeight: 10}}
	var ve *rollout.ValidationError
	require.ErrorAs(t, sc.Validate(), &ve)
	assert.ErrorIs(t, ve, simulate.ErrInvalidScenario)
	assert.Equal(t, "ticks", ve.Field)

	sc.Ticks = []simulate.Tick{{}}
	sc.Status = &rollout.Status{Phase: rollout.Progressing, Routes: traffic.Split{Primary: 60, Canary: 30}}
	assert.ErrorIs(t, sc.Validate(), rollout.ErrInvalidStatus)
}

func TestCheckListsEveryMismatch(t *testing.T) {
	sc := loadScenario(t, "testdata/scenarios/F01-canary-happy-path.yaml")
	trace, err := sc.Run()
	require.NoError(t, err)
	wrong := 42
	sc.Expect[0].CanaryWeight, sc.Expect[1].FailedChecks = &wrong, &wrong
	err = sc.Check(trace)
	require.ErrorIs(t, err, simulate.ErrExpectation)
	var xe *simulate.ExpectationError
	require.ErrorAs(t, err, &xe)
	assert.Len(t, xe.Mismatches, 2)
}
