package prometheus_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe/prometheus"
	"github.com/fleetkit/fleetkit/observe/stack"
)

// entry is one store of an /api/v1/stores answer with one label set.
func entry(name, labels, lastError string) string {
	e := "null"
	if lastError != "" {
		e = `"` + lastError + `"`
	}
	return `{"name":"` + name + `","lastError":` + e + `,"labelSets":[` + labels + `]}`
}

// A cluster is covered when each of its Prometheus servers is reachable: one of an HA pair suffices,
// but a second server that is not a replica (a mesh Prometheus beside the platform one) being down
// leaves that cluster's answer without its series. A store gateway holds older blocks: its health
// does not decide an instant query's coverage.
func TestGlobalCoverageCountsEveryPrometheusOfACluster(t *testing.T) {
	stores := `{"status":"success","data":{"sidecar":[` +
		entry("a-k8s:10901", `{"cluster":"a","prometheus":"k8s"}`, "") + "," +
		entry("b-0:10901", `{"cluster":"b","prometheus_replica":"0"}`, "connection refused") + "," +
		entry("b-1:10901", `{"cluster":"b","prometheus_replica":"1"}`, "") + "," +
		entry("c:10901", `{"cluster":"c"}`, "") + `],` +
		`"receive":[` + entry("a-istio:10901", `{"cluster":"a","prometheus":"istio"}`, "connection refused") + `],` +
		`"store":[` + entry("gateway:10901", `{"cluster":"c"}`, "connection refused") + `]}}`
	answers := map[string]string{`sum by (cluster) (up)`: byCluster("a", "1", "b", "1", "c", "1"),
		"count by (cluster) (up)": byCluster("a", "1", "b", "1", "c", "1")}
	g := newGlobal(t, &querier{answers: answers, stores: stores}, prometheus.GlobalOptions{})
	a, err := g.Eval(context.Background(), `sum by (cluster) (up)`)
	var pe *prometheus.PartialError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, []string{"a"}, a.Coverage.Missing, "a's mesh Prometheus is down")
	assert.Equal(t, []string{"b", "c"}, a.Coverage.Present, "one of b's replicas is up; c's sidecar is up")
	assert.True(t, containsPrefix(a.Coverage.Warnings, "receive a-istio:10901 (cluster=a) is unhealthy"), "%q", a.Coverage.Warnings)

	// With the Querier's own replica label named, b's replicas are told apart by it instead.
	g = newGlobal(t, &querier{answers: answers, stores: stores},
		prometheus.GlobalOptions{Source: prometheus.Options{Thanos: prometheus.ThanosOptions{ReplicaLabels: []string{"r"}}}})
	a, _ = g.Eval(context.Background(), `sum by (cluster) (up)`)
	assert.Equal(t, []string{"a", "b"}, a.Coverage.Missing, "prometheus_replica is not a replica label here")
}

// The default replica labels are observe/stack's and Thanos', and a caller cannot change them.
func TestDefaultReplicaLabelsAreObserveStacksAndThanos(t *testing.T) {
	labels := prometheus.DefaultReplicaLabels()
	assert.Equal(t, []string{stack.DefaultReplicaLabel, "replica"}, labels)
	labels[0] = "changed"
	assert.Equal(t, []string{stack.DefaultReplicaLabel, "replica"}, prometheus.DefaultReplicaLabels())
}
