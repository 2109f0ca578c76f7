package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/internal/dividebench"
)

// TestTableIsDividePlan checks that the binary prints distribute.Divide's plan, every cluster and
// its replicas, for each strategy.
func TestTableIsDividePlan(t *testing.T) {
	for _, s := range []distribute.Strategy{distribute.DynamicWeight, distribute.StaticWeight, distribute.Aggregated, distribute.Duplicated} {
		t.Run(string(s), func(t *testing.T) {
			body := fmt.Sprintf("strategy: %s\nreplicas: 7\nclusters:\n"+
				"- {name: b, weight: 1, availableReplicas: 2}\n- {name: a, weight: 2, availableReplicas: 9}\n", s)
			var out bytes.Buffer
			require.NoError(t, dividebench.Run([]string{"-f", "-"}, strings.NewReader(body), &out, divider))

			req, err := distribute.DecodeRequest([]byte(body))
			require.NoError(t, err)
			plan, err := distribute.Divide(req)
			require.NoError(t, err)
			var want bytes.Buffer
			require.NoError(t, dividebench.WriteTable(&want, "fleetkit Divide", req, plan.Assignments))
			assert.Equal(t, want.String(), out.String())
			assert.Contains(t, out.String(), "\na  ")
		})
	}
}

// TestUnschedulableIsAnError checks that a request Divide refuses fails the binary instead of
// printing a partial table.
func TestUnschedulableIsAnError(t *testing.T) {
	body := "strategy: Aggregated\nreplicas: 10\nclusters:\n- {name: a, availableReplicas: 2}\n"
	var out bytes.Buffer
	err := dividebench.Run([]string{"-f", "-"}, strings.NewReader(body), &out, divider)
	require.ErrorIs(t, err, distribute.ErrUnschedulable)
	assert.Empty(t, out.String())
}
