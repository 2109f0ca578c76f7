package main

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/distribute"
	karmadacompat "github.com/fleetkit/fleetkit/internal/compat/karmada"
)

// request writes a request file of n clusters for strategy s and returns its path.
func request(t *testing.T, s distribute.Strategy, n int, replicas int32, seed uint64) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	var b strings.Builder
	fmt.Fprintf(&b, "strategy: %s\nreplicas: %d\nuid: d43fdeeb-d750-4e2b-bee3-64eb94534f4c\nclusters:\n", s, replicas)
	for i := range n {
		fmt.Fprintf(&b, "- name: c-%04d\n", (i*7919)%n)
		if s == distribute.StaticWeight {
			fmt.Fprintf(&b, "  weight: %d\n", rng.IntN(5))
		}
		fmt.Fprintf(&b, "  availableReplicas: %d\n", 1+rng.IntN(int(replicas)/n*3+2))
	}
	path := filepath.Join(t.TempDir(), "request.yaml")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o600))
	return path
}

// tableRows parses karmada-divide's table into assignments.
func tableRows(t *testing.T, out string) []distribute.Assignment {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(out))
	var rows []distribute.Assignment
	for line := 0; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		if line < 2 {
			continue
		}
		require.Len(t, f, 2, "row %q", sc.Text())
		r, err := strconv.Atoi(f[1])
		require.NoError(t, err)
		rows = append(rows, distribute.Assignment{Cluster: f[0], Replicas: int32(r)})
	}
	return rows
}

// TestSameAssignmentsAsDivide checks the binary's table against fleetkit's Divide on the same file:
// the whole-process benchmark compares two programs that give the same answer.
func TestSameAssignmentsAsDivide(t *testing.T) {
	cases := []struct {
		strategy distribute.Strategy
		clusters int
		replicas int32
	}{
		{distribute.DynamicWeight, 500, 100000},
		{distribute.DynamicWeight, 7, 10},
		{distribute.StaticWeight, 300, 12345},
		{distribute.Aggregated, 40, 200},
		{distribute.Duplicated, 5, 3},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/%d", c.strategy, c.clusters), func(t *testing.T) {
			path := request(t, c.strategy, c.clusters, c.replicas, 1)
			var out bytes.Buffer
			require.NoError(t, run([]string{"-f", path}, nil, &out))
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			req, err := distribute.DecodeRequest(data)
			require.NoError(t, err)
			plan, err := distribute.Divide(req)
			require.NoError(t, err)
			want := slices.DeleteFunc(slices.Clone(plan.Assignments), func(a distribute.Assignment) bool {
				return a.Replicas == 0 && c.strategy != distribute.Duplicated
			})
			slices.SortFunc(want, func(a, b distribute.Assignment) int { return strings.Compare(a.Cluster, b.Cluster) })
			got := slices.DeleteFunc(tableRows(t, out.String()), func(a distribute.Assignment) bool {
				return a.Replicas == 0 && c.strategy != distribute.Duplicated
			})
			assert.Equal(t, want, got)
			assert.True(t, strings.HasPrefix(out.String(), "karmada AssignReplicas: strategy "+string(c.strategy)))
		})
	}
}

// TestRefusesFleetkitExtensions checks that a request Karmada cannot express is refused, not divided
// differently.
func TestRefusesFleetkitExtensions(t *testing.T) {
	for name, body := range map[string]string{
		"capStaticWeights": "strategy: StaticWeight\nreplicas: 3\ncapStaticWeights: true\nclusters:\n- name: a\n  weight: 1\n",
		"maxReplicas":      "strategy: DynamicWeight\nreplicas: 3\nclusters:\n- name: a\n  availableReplicas: 5\n  maxReplicas: 2\n",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "request.yaml")
			require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
			err := run([]string{"-f", path}, nil, &bytes.Buffer{})
			require.ErrorIs(t, err, karmadacompat.ErrNotKarmada)
			assert.Contains(t, err.Error(), name)
		})
	}
}

// TestUsage checks that a missing -f is an error, not an empty table.
func TestUsage(t *testing.T) {
	require.ErrorContains(t, run(nil, nil, &bytes.Buffer{}), "usage: karmada-divide -f FILE")
	require.ErrorContains(t, run([]string{"-f", "a", "extra"}, nil, &bytes.Buffer{}), "usage")
}
