package prometheus_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
)

// Member-direct queries never carry a cluster matcher (a member's own
// series have no cluster label); shared-endpoint queries always select
// their cluster.
func TestFleetScopesByClusterOnlyOnASharedEndpoint(t *testing.T) {
	tmpl, err := observe.Builtin(observe.Istio, observe.ClusterRequestRate)
	require.NoError(t, err)
	vars := observe.Variables{}

	shared := &fakeAPI{body: vectorBody("1")}
	fleet, err := prometheus.NewFleet(prometheus.FleetOptions{Shared: serve(t, shared, prometheus.Options{})})
	require.NoError(t, err)
	_, err = fleet.Sample(context.Background(), tmpl, vars, []string{"a", "b"})
	require.NoError(t, err)
	var got []string
	for _, q := range shared.seen() {
		got = append(got, q.Get("query"))
	}
	assert.ElementsMatch(t, []string{
		`sum(rate(istio_requests_total{ cluster="a", reporter="destination"}[1m]))`,
		`sum(rate(istio_requests_total{ cluster="b", reporter="destination"}[1m]))`,
	}, got)

	member := &fakeAPI{body: vectorBody("1")}
	src := serve(t, member, prometheus.Options{})
	members, err := prometheus.NewFleet(prometheus.FleetOptions{Members: map[string]*prometheus.Source{"a": src, "b": src}})
	require.NoError(t, err)
	_, err = members.Sample(context.Background(), tmpl, vars, []string{"a", "b"})
	require.NoError(t, err)
	for _, q := range member.seen() {
		assert.Equal(t, `sum(rate(istio_requests_total{ reporter="destination"}[1m]))`, q.Get("query"))
	}

	_, err = members.Sample(context.Background(), perCluster, vars, []string{"a"})
	assert.ErrorIs(t, err, prometheus.ErrClusterOnMember, "{{ cluster }} would select nothing on a member")
	conditional := observe.Template{Name: "c", Query: `{{ if true }}up{cluster="{{ cluster }}"}{{ end }}`}
	_, err = members.Sample(context.Background(), conditional, vars, []string{"a"})
	assert.ErrorIs(t, err, prometheus.ErrClusterOnMember, "found inside a branch too")
	assert.Len(t, member.seen(), 2, "refused templates send nothing")
}

// The same rule on the rendered-query path a rollout runner uses.
func TestFleetQueryRefusesAClusterMatcherOnAMember(t *testing.T) {
	member := &fakeAPI{body: vectorBody("1")}
	src := serve(t, member, prometheus.Options{})
	fleet, err := prometheus.NewFleet(prometheus.FleetOptions{Members: map[string]*prometheus.Source{"a": src}, Default: "a"})
	require.NoError(t, err)
	ctx := context.Background()
	for _, expr := range []string{`sum(up{cluster="a"})`, `sum(up{ cluster = "a", job="x"})`, `sum(up{cluster=~"a"})`,
		`sum(up{cluster='a'})`, `sum(up{job="x",cluster =~ 'a'})`, "sum(up{cluster=`a`})"} {
		s := fleet.Query(ctx, observe.Query{Metric: "m", Expr: expr, Cluster: "a"})
		assert.Equal(t, observe.QueryError, s.Kind, expr)
		assert.Contains(t, s.Err, "member's own Prometheus")
	}
	assert.Equal(t, observe.Value(1), fleet.Query(ctx, observe.Query{Metric: "m", Expr: `sum(up{job="a"})`, Cluster: "a"}))
	assert.Equal(t, observe.Value(1), fleet.Query(ctx, observe.Query{Metric: "m", Expr: `sum(up{k8s_cluster="a"})`, Cluster: "a"}),
		"another label's matcher is the query's business")
	assert.Equal(t, observe.Value(1), fleet.Query(ctx, observe.Query{Metric: "m", Expr: `sum(up{cluster="b"})`}),
		"another cluster's matcher is the query's business")
	assert.Len(t, member.seen(), 3, "refused queries send nothing")
}
