package rollout_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/fleetkit/fleetkit/rollout"
)

var update = flag.Bool("update", false, "rewrite golden traces under testdata/golden")

func loadScenario(t *testing.T, path string) rollout.Scenario {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var sc rollout.Scenario
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

func compareGolden(t *testing.T, path string, trace []rollout.TickRecord) {
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
	require.NoError(t, err, "golden trace missing; run go test ./rollout -run TestScenarios -update")
	assert.Equal(t, string(want), buf.String())
}
