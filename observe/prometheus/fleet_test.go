package prometheus_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
)

var perCluster = observe.Template{Name: "errors", Query: `sum(rate(errors_total{cluster="{{ cluster }}"}[{{ interval }}]))`}

func TestFleetSharedEndpointRendersOneQueryPerCluster(t *testing.T) {
	f := &fakeAPI{body: vectorBody("0.5")}
	shared := serve(t, f, prometheus.Options{})
	fleet, err := prometheus.NewFleet(prometheus.FleetOptions{Shared: shared})
	require.NoError(t, err)

	got, err := fleet.Sample(context.Background(), perCluster, observe.Variables{}, []string{"serving-sh", "training-bj"})
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "serving-sh", got[0].Cluster)
	assert.Equal(t, "training-bj", got[1].Cluster)
	for _, cs := range got {
		assert.Equal(t, observe.Value(0.5), cs.Sample)
	}
	var queries []string
	for _, q := range f.seen() {
		queries = append(queries, q.Get("query"))
	}
	assert.ElementsMatch(t, []string{
		`sum(rate(errors_total{cluster="serving-sh"}[1m]))`,
		`sum(rate(errors_total{cluster="training-bj"}[1m]))`,
	}, queries)
}

func TestFleetSharedEndpointRefusesTemplateWithoutCluster(t *testing.T) {
	f := &fakeAPI{body: vectorBody("1")}
	fleet, err := prometheus.NewFleet(prometheus.FleetOptions{Shared: serve(t, f, prometheus.Options{})})
	require.NoError(t, err)
	tmpl, err := observe.Builtin(observe.Istio, observe.RequestSuccessRate)
	require.NoError(t, err)
	_, err = fleet.Sample(context.Background(), tmpl, observe.Variables{Namespace: "n", Target: "t"}, []string{"a", "b"})
	assert.ErrorIs(t, err, prometheus.ErrNoClusterSelector)
	assert.Empty(t, f.seen())
}

func TestFleetSharedEndpointRefusesAQueryThatOnlyContainsTheName(t *testing.T) {
	f := &fakeAPI{body: vectorBody("1")}
	fleet, err := prometheus.NewFleet(prometheus.FleetOptions{Shared: serve(t, f, prometheus.Options{})})
	require.NoError(t, err)
	// "a" occurs in the metric name, but no label selects cluster "a": the answer would be fleet-wide.
	s := fleet.Query(context.Background(), observe.Query{Metric: "m", Expr: `sum(rate(http_requests_total[1m]))`, Cluster: "a"})
	assert.Equal(t, observe.QueryError, s.Kind)
	assert.Contains(t, s.Err, `has no matcher cluster="a"`)
	s = fleet.Query(context.Background(), observe.Query{Metric: "m", Expr: `sum(rate(http_requests_total{cluster="a"}[1m]))`, Cluster: "a"})
	assert.Equal(t, observe.HasValue, s.Kind)
}

func TestFleetPerClusterEndpointsKeepFailuresApart(t *testing.T) {
	good := serve(t, &fakeAPI{body: vectorBody("99")}, prometheus.Options{})
	slow := serve(t, &fakeAPI{body: vectorBody("99"), delay: 5 * time.Second}, prometheus.Options{Timeout: 100 * time.Millisecond})
	empty := serve(t, &fakeAPI{body: vectorBody()}, prometheus.Options{})
	fleet, err := prometheus.NewFleet(prometheus.FleetOptions{Members: map[string]*prometheus.Source{
		"serving-sh": good, "edge-store-001": slow, "edge-store-002": empty,
	}})
	require.NoError(t, err)
	tmpl := observe.Template{Name: "sr", Query: "up"}
	got, err := fleet.Sample(context.Background(), tmpl, observe.Variables{}, []string{"edge-store-002", "serving-sh", "edge-store-001"})
	require.NoError(t, err)
	kinds := map[string]observe.SampleKind{}
	for _, cs := range got {
		kinds[cs.Cluster] = cs.Sample.Kind
	}
	assert.Equal(t, map[string]observe.SampleKind{
		"serving-sh": observe.HasValue, "edge-store-001": observe.QueryError, "edge-store-002": observe.NoData,
	}, kinds)
	assert.Equal(t, "edge-store-002", got[0].Cluster, "results follow the requested order")
	cov := prometheus.SampleCoverage(got)
	assert.Equal(t, []string{"edge-store-001"}, cov.Missing, "a failed query is a missing cluster")
	assert.Equal(t, []string{"edge-store-002", "serving-sh"}, cov.Present, "no data is an answer")
	require.Len(t, cov.Warnings, 1)
	assert.Contains(t, cov.Warnings[0], "edge-store-001: ")
}

func TestFleetBoundsParallelism(t *testing.T) {
	f := &fakeAPI{body: vectorBody("1"), delay: 50 * time.Millisecond}
	src := serve(t, f, prometheus.Options{})
	members := map[string]*prometheus.Source{}
	var clusters []string
	for _, c := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		members[c] = src
		clusters = append(clusters, c)
	}
	fleet, err := prometheus.NewFleet(prometheus.FleetOptions{Members: members, Parallelism: 2})
	require.NoError(t, err)
	start := time.Now()
	got, err := fleet.Sample(context.Background(), observe.Template{Name: "x", Query: "up"}, observe.Variables{}, clusters)
	require.NoError(t, err)
	assert.Len(t, got, 8)
	assert.LessOrEqual(t, f.peak.Load(), int32(2), "never more than Parallelism queries in flight")
	assert.GreaterOrEqual(t, time.Since(start), 4*50*time.Millisecond, "8 queries two at a time take four rounds")
}

func TestFleetRejectsBadRequests(t *testing.T) {
	src := serve(t, &fakeAPI{body: vectorBody("1")}, prometheus.Options{})
	fleet, err := prometheus.NewFleet(prometheus.FleetOptions{Members: map[string]*prometheus.Source{"a": src}})
	require.NoError(t, err)
	tmpl := observe.Template{Name: "x", Query: "up"}

	_, err = fleet.Sample(context.Background(), tmpl, observe.Variables{}, nil)
	assertInvalid(t, err, "clusters")
	_, err = fleet.Sample(context.Background(), tmpl, observe.Variables{}, []string{"a", "a"})
	assertInvalid(t, err, "clusters[1]")
	_, err = fleet.Sample(context.Background(), tmpl, observe.Variables{}, []string{"a", "b"})
	assert.ErrorIs(t, err, prometheus.ErrUnknownCluster)
	assert.Contains(t, err.Error(), `"b"`)
}

func TestNewFleetRejectsBadOptions(t *testing.T) {
	src := serve(t, &fakeAPI{body: vectorBody("1")}, prometheus.Options{})
	cases := map[string]struct {
		opts  prometheus.FleetOptions
		field string
	}{
		"nothing":        {prometheus.FleetOptions{}, "shared"},
		"both":           {prometheus.FleetOptions{Shared: src, Members: map[string]*prometheus.Source{"a": src}}, "members"},
		"negative":       {prometheus.FleetOptions{Shared: src, Parallelism: -1}, "parallelism"},
		"nil member":     {prometheus.FleetOptions{Members: map[string]*prometheus.Source{"a": nil}}, "members[a]"},
		"unnamed member": {prometheus.FleetOptions{Members: map[string]*prometheus.Source{"": src}}, "members[]"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := prometheus.NewFleet(tc.opts)
			assertInvalid(t, err, tc.field)
		})
	}
}

func TestFleetQueryRoutesByCluster(t *testing.T) {
	sh := serve(t, &fakeAPI{body: vectorBody("1")}, prometheus.Options{})
	bj := serve(t, &fakeAPI{body: vectorBody("2")}, prometheus.Options{})
	fleet, err := prometheus.NewFleet(prometheus.FleetOptions{
		Members: map[string]*prometheus.Source{"serving-sh": sh, "training-bj": bj}, Default: "serving-sh"})
	require.NoError(t, err)
	ctx := context.Background()
	assert.Equal(t, observe.Value(2), fleet.Query(ctx, observe.Query{Expr: "up", Cluster: "training-bj"}))
	assert.Equal(t, observe.Value(1), fleet.Query(ctx, observe.Query{Expr: "up"}), "no cluster means the default member")
	unknown := fleet.Query(ctx, observe.Query{Metric: "sr", Expr: "up", Cluster: "mars"})
	assert.Equal(t, observe.QueryError, unknown.Kind)
	assert.Contains(t, unknown.Err, `"mars"`)

	samples := fleet.QueryAll(ctx, []observe.Query{{Expr: "up", Cluster: "training-bj"}, {Expr: "up", Cluster: "serving-sh"}})
	assert.Equal(t, []observe.Sample{observe.Value(2), observe.Value(1)}, samples)
}

func TestFleetSharedQueryMustMentionItsCluster(t *testing.T) {
	f := &fakeAPI{body: vectorBody("1")}
	fleet, err := prometheus.NewFleet(prometheus.FleetOptions{Shared: serve(t, f, prometheus.Options{})})
	require.NoError(t, err)
	ctx := context.Background()
	ok := fleet.Query(ctx, observe.Query{Expr: `up{cluster="serving-sh"}`, Cluster: "serving-sh"})
	assert.Equal(t, observe.Value(1), ok)
	bad := fleet.Query(ctx, observe.Query{Metric: "sr", Expr: `up`, Cluster: "serving-sh"})
	assert.Equal(t, observe.QueryError, bad.Kind)
	assert.Contains(t, bad.Err, `has no matcher cluster="serving-sh"`)
	assert.Len(t, f.seen(), 1, "the unscoped query is never sent")
}

func TestFleetQueryWithWarnings(t *testing.T) {
	f := &fakeAPI{body: `{"status":"success","warnings":["slow store"],"data":{"resultType":"vector","result":[{"metric":{},"value":[1,"7"]}]}}`}
	fleet, err := prometheus.NewFleet(prometheus.FleetOptions{Members: map[string]*prometheus.Source{"a": serve(t, f, prometheus.Options{})}})
	require.NoError(t, err)
	s, warnings := fleet.QueryWithWarnings(context.Background(), observe.Query{Metric: "m", Expr: "up", Cluster: "a"})
	assert.Equal(t, observe.Value(7), s)
	assert.Equal(t, []string{"slow store"}, warnings)
	s, warnings = fleet.QueryWithWarnings(context.Background(), observe.Query{Metric: "m", Expr: "up", Cluster: "z"})
	assert.Equal(t, observe.QueryError, s.Kind)
	assert.Empty(t, warnings)
}

// On a shared endpoint a one-cluster query must select its cluster on the cluster label, with any
// matcher operator that names it exactly and any PromQL quote.
func TestFleetSharedEndpointAcceptsEveryQuotingOfTheClusterMatcher(t *testing.T) {
	f := &fakeAPI{body: vectorBody("1")}
	fleet, err := prometheus.NewFleet(prometheus.FleetOptions{Shared: serve(t, f, prometheus.Options{})})
	require.NoError(t, err)
	ctx := context.Background()
	for _, expr := range []string{`up{cluster="a"}`, `up{cluster =~ "a"}`, `up{cluster='a'}`, "up{cluster=`a`}", "up{\n\tcluster\n=\n'a'}"} {
		assert.Equal(t, observe.Value(1), fleet.Query(ctx, observe.Query{Metric: "m", Expr: expr, Cluster: "a"}), expr)
	}
	for _, expr := range []string{`up{k8s_cluster="a"}`, `up{cluster!="a"}`, `up{cluster="ab"}`, `up{cluster="a'}`,
		`up{cluster="b", job="a"}`, `up{cluster}`, `cluster`} {
		s := fleet.Query(ctx, observe.Query{Metric: "m", Expr: expr, Cluster: "a"})
		assert.Equal(t, observe.QueryError, s.Kind, expr)
	}
}
