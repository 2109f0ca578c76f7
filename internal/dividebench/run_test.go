package dividebench_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/internal/dividebench"
)

// reversed is a divider that gives every cluster its weight, in reverse order, so the table's
// sorting is seen.
var reversed = dividebench.Divider{
	Name:   "test-divide",
	Engine: "test engine",
	Divide: func(req distribute.Request) ([]distribute.Assignment, error) {
		var got []distribute.Assignment
		for i := len(req.Candidates) - 1; i >= 0; i-- {
			got = append(got, distribute.Assignment{Cluster: req.Candidates[i].Name, Replicas: int32(req.Candidates[i].Weight)})
		}
		return got, nil
	},
}

const request = "strategy: StaticWeight\nreplicas: 5\nclusters:\n- name: a\n  weight: 3\n- name: long-cluster\n  weight: 2\n"

func TestRunWritesSortedTable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "request.yaml")
	require.NoError(t, os.WriteFile(path, []byte(request), 0o600))
	var out bytes.Buffer
	require.NoError(t, dividebench.Run([]string{"-f", path}, nil, &out, reversed))
	assert.Equal(t, "test engine: strategy StaticWeight, 5 replicas (5 divided)\n"+
		"CLUSTER       REPLICAS\n"+
		"a             3\n"+
		"long-cluster  2\n", out.String())
}

func TestRunReadsStdin(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, dividebench.Run([]string{"-f", "-"}, strings.NewReader(request), &out, reversed))
	assert.Contains(t, out.String(), "long-cluster  2\n")
	require.ErrorIs(t, dividebench.Run([]string{"-f", "-"}, nil, &out, reversed), dividebench.ErrNoInput)
}

// TestRunRefusesBadInvocations checks that a missing file, extra arguments, an invalid request and
// a divider's error are errors naming what failed, not an empty table.
func TestRunRefusesBadInvocations(t *testing.T) {
	var out bytes.Buffer
	require.ErrorContains(t, dividebench.Run(nil, nil, &out, reversed), "usage: test-divide -f FILE")
	require.ErrorContains(t, dividebench.Run([]string{"-f", "a", "extra"}, nil, &out, reversed), "usage")
	require.ErrorContains(t, dividebench.Run([]string{"-x"}, nil, &out, reversed), "-x")
	require.ErrorContains(t, dividebench.Run([]string{"-h"}, nil, &out, reversed), "usage: test-divide -f FILE")
	require.ErrorIs(t, dividebench.Run([]string{"-f", filepath.Join(t.TempDir(), "absent")}, nil, &out, reversed), os.ErrNotExist)

	err := dividebench.Run([]string{"-f", "-"}, strings.NewReader("strategy: StaticWeight\nreplicas: -1\n"), &out, reversed)
	require.ErrorIs(t, err, distribute.ErrInvalidRequest)
	assert.ErrorContains(t, err, "replicas")

	boom := errors.New("boom")
	failing := reversed
	failing.Divide = func(distribute.Request) ([]distribute.Assignment, error) { return nil, boom }
	require.ErrorIs(t, dividebench.Run([]string{"-f", "-"}, strings.NewReader(request), &out, failing), boom)
	assert.Empty(t, out.String())
}
