package prometheus_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
)

// A Thanos Query whose health check dropped b's sidecar answers b's query with an empty vector and no
// warning (thanos-io/thanos#622). A Fleet over that shared endpoint read it as "b has no data", which
// NoDataPass passes and SampleCoverage counted as present. An empty answer for a cluster that has no
// series at all on the endpoint is now a partial answer missing that cluster; a cluster that is there
// but has no series for this query still reads as no data.
func TestFleetSharedEmptyAnswerOfAnAbsentClusterIsMissing(t *testing.T) {
	q := &querier{answers: map[string]string{
		`sum(rate(x{cluster="a"}[1m]))`: emptyVector, // a is up but serves no x
		`sum(rate(x{cluster="c"}[1m]))`: vectorBody("4"),
		`count(up{cluster="a"})`:        vectorBody("12"),
		`count(up{cluster="b"})`:        emptyVector, // b's store is gone
		`count(up{cluster="c"})`:        vectorBody("12"),
	}}
	srv := httptest.NewServer(q)
	t.Cleanup(srv.Close)
	shared, err := prometheus.NewForAddress(srv.URL, prometheus.Options{})
	require.NoError(t, err)
	fleet, err := prometheus.NewFleet(prometheus.FleetOptions{Shared: shared})
	require.NoError(t, err)
	tmpl := observe.Template{Name: "rps", Query: `sum(rate(x{cluster="{{ cluster }}"}[1m]))`}

	samples, err := fleet.Sample(context.Background(), tmpl, observe.Variables{}, []string{"a", "b", "c"})
	require.NoError(t, err)
	require.Len(t, samples, 3)
	assert.Equal(t, observe.Empty(), samples[0].Sample, "a is there: no data for this query")
	assert.Equal(t, observe.QueryError, samples[1].Sample.Kind, "b is not there: %v", samples[1].Sample)
	assert.Contains(t, samples[1].Sample.Err, "missing clusters b")
	assert.Equal(t, observe.Value(4), samples[2].Sample)
	cov := prometheus.SampleCoverage(samples)
	assert.Equal(t, []string{"b"}, cov.Missing)
	assert.Equal(t, []string{"a", "c"}, cov.Present)

	// The same through the MetricSource port, with the reason among the warnings.
	s, warnings := fleet.QueryWithWarnings(context.Background(),
		observe.Query{Metric: "rps", Expr: `sum(rate(x{cluster="b"}[1m]))`, Cluster: "b"})
	assert.Equal(t, observe.QueryError, s.Kind)
	assert.True(t, containsPrefix(warnings, `cluster "b" has no series on the shared endpoint: count(up{cluster="b"}) is empty`),
		"%q", warnings)
	assert.Equal(t, observe.QueryError, fleet.Query(context.Background(),
		observe.Query{Metric: "rps", Expr: `sum(rate(x{cluster="b"}[1m]))`, Cluster: "b"}).Kind)
}

// TestFleetSharedPresenceIsConfigurable: an endpoint that holds no up series (remote write of recorded
// series only, or write relabelling that drops up) names another metric every cluster has, or turns
// the check off; a malformed metric name is refused when the Fleet is built.
func TestFleetSharedPresenceIsConfigurable(t *testing.T) {
	q := &querier{answers: map[string]string{
		`sum(rate(x{cluster="a"}[1m]))`:      emptyVector,
		`count(up{cluster="a"})`:             emptyVector, // no up series here at all
		`count(kube_node_info{cluster="a"})`: vectorBody("3"),
		`count(kube_node_info{cluster="b"})`: emptyVector,
		`sum(rate(x{cluster="b"}[1m]))`:      emptyVector,
	}}
	srv := httptest.NewServer(q)
	t.Cleanup(srv.Close)
	shared, err := prometheus.NewForAddress(srv.URL, prometheus.Options{})
	require.NoError(t, err)
	query := func(opts prometheus.FleetOptions, cluster string) observe.Sample {
		opts.Shared = shared
		f, err := prometheus.NewFleet(opts)
		require.NoError(t, err)
		return f.Query(context.Background(), observe.Query{Metric: "rps", Expr: `sum(rate(x{cluster="` + cluster + `"}[1m]))`, Cluster: cluster})
	}
	assert.Equal(t, observe.QueryError, query(prometheus.FleetOptions{}, "a").Kind, "up by default")
	assert.Equal(t, observe.Empty(), query(prometheus.FleetOptions{PresenceMetric: "kube_node_info"}, "a"))
	assert.Equal(t, observe.QueryError, query(prometheus.FleetOptions{PresenceMetric: "kube_node_info"}, "b").Kind)
	assert.Equal(t, observe.Empty(), query(prometheus.FleetOptions{NoPresenceCheck: true}, "b"))

	_, err = prometheus.NewFleet(prometheus.FleetOptions{Shared: shared, PresenceMetric: `up{job="x"}`})
	var verr *prometheus.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "presenceMetric", verr.Field)
	_, err = prometheus.NewFleet(prometheus.FleetOptions{Members: map[string]*prometheus.Source{"a": shared}, NoPresenceCheck: true})
	require.ErrorAs(t, err, &verr, "presence options are for a shared endpoint")
	assert.Equal(t, "noPresenceCheck", verr.Field)
}
