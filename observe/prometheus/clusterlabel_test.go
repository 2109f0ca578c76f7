package prometheus_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe/prometheus"
)

// unlabelled adds a series without any label (what count by (cluster) makes of the series of a store
// whose external labels lack cluster) to a byCluster answer.
func unlabelled(body, value string) string {
	return body[:len(body)-3] + `,{"metric":{},"value":[1700000000,"` + value + `"]}]}}`
}

// A member whose Prometheus names its cluster with another external label (k8s_cluster: c) shows in
// the probe as series without the cluster label. Only that member is missing, with a warning saying
// why: the probe's other clusters answered. (All three were reported missing, leaving the operator
// to look for an outage in a and b.)
func TestGlobalProbeSeriesWithoutTheClusterLabel(t *testing.T) {
	probe := "count by (cluster) (up)"
	answers := map[string]string{fleetSum: vectorBody("12"), probe: unlabelled(byCluster("a", "1", "b", "1"), "3")}
	g := newGlobal(t, &querier{answers: answers}, prometheus.GlobalOptions{NoStores: true, Lenient: true})
	a, err := g.Eval(context.Background(), fleetSum)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, a.Coverage.Present)
	assert.Equal(t, []string{"c"}, a.Coverage.Missing)
	assert.Contains(t, a.Coverage.Warnings,
		`coverage probe "count by (cluster) (up)": 1 series without label "cluster" `+
			`(a store whose external labels name the cluster otherwise? see GlobalOptions.ClusterLabel)`)

	// When no series carries it, every cluster is missing and the strict error's coverage says why.
	answers[probe] = `{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"3"]}]}}`
	g = newGlobal(t, &querier{answers: answers}, prometheus.GlobalOptions{NoStores: true})
	_, err = g.Eval(context.Background(), fleetSum)
	var pe *prometheus.PartialError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, []string{"a", "b", "c"}, pe.Coverage.Missing)
	assert.True(t, containsPrefix(pe.Coverage.Warnings, `coverage probe "count by (cluster) (up)": 1 series without label "cluster"`),
		"%q", pe.Coverage.Warnings)
}
