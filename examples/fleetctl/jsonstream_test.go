package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/scheduling"
)

// TestWriteJSONIsTheEncodersOutput: the streamed document is byte for byte what json.Encoder prints.
func TestWriteJSONIsTheEncodersOutput(t *testing.T) {
	plan, err := distribute.Divide(distribute.Request{Strategy: distribute.DynamicWeight, Replicas: 7,
		Candidates: []distribute.Candidate{{Name: "a", Available: distribute.Replicas(5)}, {Name: "b<&>", Available: distribute.Replicas(4)}}})
	require.NoError(t, err)
	for _, v := range []any{plan, distribute.Plan{}, scheduling.Report{Clusters: []scheduling.ClusterResult{{Cluster: "c"}}, Warnings: []string{}},
		versionInfo{Module: "m"}, errorOutput{Error: "e", Problems: []fieldProblem{{Field: "f", Reason: "r"}}}, map[string]int{"a": 1},
		struct {
			A []byte `json:"a"`
			B int    `json:",omitempty"`
			C *int   `json:"c,omitempty"`
			d int
		}{A: []byte("x")}} {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		require.NoError(t, enc.Encode(v))
		require.NoError(t, writeJSON(&got, v))
		assert.Equal(t, want.String(), got.String())
	}
}
