package prometheus_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe/prometheus"
)

// Every bad replica label and empty store selector is reported (was the
// first only).
func TestThanosOptionsValidateReportsEveryProblem(t *testing.T) {
	err := prometheus.ThanosOptions{ReplicaLabels: []string{"ok", "not ok", "1x"}, StoreMatch: []string{""}}.Validate()
	require.Error(t, err)
	for _, f := range []string{"thanos.replicaLabels[1]", "thanos.replicaLabels[2]", "thanos.storeMatch[0]"} {
		assert.Contains(t, err.Error(), f)
	}
	assert.NotContains(t, err.Error(), "replicaLabels[0]")
}
