package prometheus_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
)

const emptyVector = `{"status":"success","data":{"resultType":"vector","result":[]}}`

// A Thanos answer that says a store failed while answering lacks that store's series: a Source reads
// it as a failed query, never as a value or as no data (which NoDataPass would pass).
func TestSourceRefusesAnAnswerMissingAFailedStore(t *testing.T) {
	ctx := context.Background()
	for name, body := range map[string]string{
		"empty":     withWarnings(emptyVector, storeFailed("b-sidecar:10901")),
		"a value":   withWarnings(vectorBody("8"), storeFailed("b-sidecar:10901")),
		"timed out": withWarnings(vectorBody("8"), "failed to receive any data in 5s from Addr: b-sidecar:10901 MinTime: 0 MaxTime: 1: EOF"),
	} {
		t.Run(name, func(t *testing.T) {
			src := serve(t, &fakeAPI{body: body}, prometheus.Options{})
			s, warnings := src.QueryWithWarnings(ctx, observe.Query{Metric: "rps", Expr: "x"})
			assert.Equal(t, observe.QueryError, s.Kind)
			assert.Contains(t, s.Err, "b-sidecar:10901")
			assert.NotEmpty(t, warnings)
			_, err := src.Do(ctx, "x")
			assert.ErrorIs(t, err, prometheus.ErrPartial)
		})
	}

	// Other warnings leave the answer alone.
	src := serve(t, &fakeAPI{body: withWarnings(vectorBody("8"), "PromQL info: metric might not be a counter")}, prometheus.Options{})
	s, _ := src.QueryWithWarnings(ctx, observe.Query{Expr: "x"})
	assert.Equal(t, observe.Value(8), s)
}

// A Fleet over a shared Thanos reports a cluster whose store failed as not covered, not as present
// without data.
func TestFleetSharedCountsAFailedStoreAsMissing(t *testing.T) {
	shared := serve(t, &fakeAPI{body: withWarnings(emptyVector, storeFailed("b-sidecar:10901"))}, prometheus.Options{})
	fleet, err := prometheus.NewFleet(prometheus.FleetOptions{Shared: shared})
	require.NoError(t, err)
	tmpl := observe.Template{Name: "rps", Query: `sum(rate(x{ {{- clusterMatcher -}} }[1m]))`}
	samples, err := fleet.Sample(context.Background(), tmpl, observe.Variables{}, []string{"b"})
	require.NoError(t, err)
	require.Len(t, samples, 1)
	assert.Equal(t, observe.QueryError, samples[0].Sample.Kind)
	assert.Equal(t, []string{"b"}, prometheus.SampleCoverage(samples).Missing)
}

// The replicas of an HA pair are one group for store failures as for health: the Querier
// deduplicates them, so one replica failing while its twin answers leaves the answer complete. A
// cluster is missing when no healthy replica answered, and when a store of another type (a store
// gateway, a group alone) failed.
func TestGlobalCountsAFailedReplicaByItsGroup(t *testing.T) {
	sidecars := func(b0Err string) string {
		return entry("a:10901", `{"cluster":"a"}`, "") + "," +
			entry("b-0:10901", `{"cluster":"b","prometheus_replica":"0"}`, b0Err) + "," +
			entry("b-1:10901", `{"cluster":"b","prometheus_replica":"1"}`, "")
	}
	stores := func(b0Err string) string {
		return `{"status":"success","data":{"sidecar":[` + sidecars(b0Err) + `],` +
			`"store":[` + entry("gateway:10901", `{"cluster":"a"}`, "") + `]}}`
	}
	probe := byCluster("a", "1", "b", "1")
	for _, tt := range []struct {
		name    string
		b0Err   string
		failed  []string
		present []string
		missing []string
	}{
		{name: "one replica failed, its twin answered", failed: []string{"b-0:10901"},
			present: []string{"a", "b"}},
		{name: "both replicas failed", failed: []string{"b-0:10901", "b-1:10901"},
			present: []string{"a"}, missing: []string{"b"}},
		{name: "one replica unhealthy, not asked, the other failed", b0Err: "connection refused", failed: []string{"b-1:10901"},
			present: []string{"a"}, missing: []string{"b"}},
		{name: "a store gateway failed", failed: []string{"gateway:10901"},
			present: []string{"b"}, missing: []string{"a"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var warnings []string
			for _, addr := range tt.failed {
				warnings = append(warnings, storeFailed(addr))
			}
			answers := map[string]string{fleetSum: withWarnings(vectorBody("8"), warnings...), "count by (cluster) (up)": probe}
			g := newGlobal(t, &querier{answers: answers, stores: stores(tt.b0Err)},
				prometheus.GlobalOptions{Clusters: []string{"a", "b"}, Lenient: true})
			a, err := g.Eval(context.Background(), fleetSum)
			require.NoError(t, err)
			assert.Equal(t, tt.present, a.Coverage.Present)
			assert.Equal(t, tt.missing, a.Coverage.Missing)
		})
	}
}

// fetchFailed is the warning Thanos Query v0.42.4 (pkg/store/proxy.go, newAsyncRespSet) adds when it
// cannot even open the Series stream of the store at addr — a sidecar that just went down, before
// the next health check drops it: the store's label sets, then the store.
func fetchFailed(labels, addr string) string {
	return "fetch series for " + labels + " Addr: " + addr + " MinTime: 0 MaxTime: 1: rpc error: code = Unavailable " +
		`desc = connection error: desc = "transport: Error while dialing: dial tcp 10.0.0.7:10901: connect: connection refused"`
}

// A store whose Series stream could not be opened contributed no series, exactly like one that failed
// while sending them: a Source refuses the answer, and a Global counts the store's cluster as missing
// though the probe (asked a moment apart) reached it.
func TestAStoreThatCouldNotBeAskedMakesTheAnswerPartial(t *testing.T) {
	ctx := context.Background()
	warning := fetchFailed(`{cluster="b", fleet="f"}`, "s-b")

	src := serve(t, &fakeAPI{body: withWarnings(vectorBody("8"), warning)}, prometheus.Options{})
	s, _ := src.QueryWithWarnings(ctx, observe.Query{Metric: "rps", Expr: "x"})
	assert.Equal(t, observe.QueryError, s.Kind, "a sum without b's series is not a value: %v", s)
	assert.Contains(t, s.Err, "Addr: s-b")
	_, err := src.Do(ctx, "x")
	assert.ErrorIs(t, err, prometheus.ErrPartial)

	answers := map[string]string{fleetSum: withWarnings(vectorBody("8"), warning),
		"count by (cluster) (up)": byCluster("a", "1", "b", "1", "c", "1")}
	stores := storesBody(store("s-a", "a", ""), store("s-b", "b", ""), store("s-c", "c", ""))
	g := newGlobal(t, &querier{answers: answers, stores: stores}, prometheus.GlobalOptions{})
	a, err := g.Eval(ctx, fleetSum)
	var pe *prometheus.PartialError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, []string{"b"}, a.Coverage.Missing)
	assert.Equal(t, []string{"a", "c"}, a.Coverage.Present)

	// A store gateway without labels is "Store Gateway" in the warning; its address is what counts.
	answers[fleetSum] = withWarnings(vectorBody("8"), fetchFailed("Store Gateway", "gw:10901"))
	g = newGlobal(t, &querier{answers: answers, stores: stores}, prometheus.GlobalOptions{})
	a, err = g.Eval(ctx, fleetSum)
	require.ErrorAs(t, err, &pe, "a failed store the stores do not list leaves no cluster known to be covered")
	assert.Empty(t, a.Coverage.Present)
}
