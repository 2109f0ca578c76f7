package prometheus_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
)

// querier is a stand-in Thanos Query: each query answers the body set for
// it, /api/v1/stores answers stores, and every request's form is kept.
type querier struct {
	answers map[string]string
	stores  string

	mu   sync.Mutex
	seen []url.Values
}

func (q *querier) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	q.mu.Lock()
	q.seen = append(q.seen, r.Form)
	q.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case strings.HasSuffix(r.URL.Path, "/api/v1/stores") && q.stores != "":
		_, _ = w.Write([]byte(q.stores))
	case strings.HasSuffix(r.URL.Path, "/api/v1/query"):
		body, ok := q.answers[r.Form.Get("query")]
		if !ok {
			body = `{"status":"success","data":{"resultType":"vector","result":[]}}`
		}
		_, _ = w.Write([]byte(body))
	default:
		http.NotFound(w, r)
	}
}

func (q *querier) forms() []url.Values {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]url.Values(nil), q.seen...)
}

// byCluster is a vector answer with one series per cluster=value pair.
func byCluster(pairs ...string) string {
	var series []string
	for i := 0; i+1 < len(pairs); i += 2 {
		series = append(series, `{"metric":{"cluster":"`+pairs[i]+`"},"value":[1700000000,"`+pairs[i+1]+`"]}`)
	}
	return `{"status":"success","data":{"resultType":"vector","result":[` + strings.Join(series, ",") + `]}}`
}

const fleetSum = `sum(rate(http_requests_total[1m]))`

// withWarnings adds warnings to an answer's body.
func withWarnings(body string, warnings ...string) string {
	quoted := make([]string, len(warnings))
	for i, w := range warnings {
		quoted[i] = strconv.Quote(w)
	}
	return strings.Replace(body, `"status":"success",`, `"status":"success","warnings":[`+strings.Join(quoted, ",")+`],`, 1)
}

// storeFailed is the warning Thanos Query v0.42.4 adds when the store at addr fails while sending series.
func storeFailed(addr string) string {
	return "receive series from Addr: " + addr + " MinTime: 0 MaxTime: 1: rpc error: code = Unavailable desc = connection reset"
}

func storesBody(entries ...string) string {
	return `{"status":"success","data":{"sidecar":[` + strings.Join(entries, ",") + `]}}`
}

func store(name, cluster string, lastError string) string {
	e := "null"
	if lastError != "" {
		e = `"` + lastError + `"`
	}
	return `{"name":"` + name + `","lastCheck":"2026-01-01T00:00:00Z","lastError":` + e +
		`,"labelSets":[{"cluster":"` + cluster + `","fleet":"f"}],"minTime":0,"maxTime":1}`
}

func newGlobal(t *testing.T, q *querier, opts prometheus.GlobalOptions) *prometheus.Global {
	t.Helper()
	srv := httptest.NewServer(q)
	t.Cleanup(srv.Close)
	if opts.Clusters == nil {
		opts.Clusters = []string{"a", "b", "c"}
	}
	g, err := prometheus.NewGlobalForAddress(srv.URL, opts)
	require.NoError(t, err)
	return g
}

func TestGlobalCoverage(t *testing.T) {
	allStores := storesBody(store("s-a", "a", ""), store("s-b", "b", ""), store("s-c", "c", ""))
	tests := []struct {
		name    string
		answers map[string]string
		stores  string
		lenient bool
		query   string
		present []string
		missing []string
		warn    string
		partial bool
	}{
		{name: "a fleet sum covered by the probe",
			answers: map[string]string{fleetSum: vectorBody("12"), "count by (cluster) (up)": byCluster("a", "1", "b", "1", "c", "2")},
			stores:  allStores, query: fleetSum, present: []string{"a", "b", "c"}},
		{name: "a fleet sum missing a cluster is a partial error",
			answers: map[string]string{fleetSum: vectorBody("8"), "count by (cluster) (up)": byCluster("a", "1", "c", "2")},
			stores:  allStores, query: fleetSum, present: []string{"a", "c"}, missing: []string{"b"}, partial: true},
		{name: "lenient mode returns the partial answer",
			answers: map[string]string{fleetSum: vectorBody("8"), "count by (cluster) (up)": byCluster("a", "1", "c", "2")},
			stores:  allStores, lenient: true, query: fleetSum, present: []string{"a", "c"}, missing: []string{"b"}},
		{name: "a labelled answer covers its clusters",
			answers: map[string]string{`sum by (cluster) (up)`: byCluster("a", "1", "b", "1", "c", "1")},
			stores:  allStores, query: `sum by (cluster) (up)`, present: []string{"a", "b", "c"}},
		{name: "an unhealthy store makes its cluster missing, with a warning",
			answers: map[string]string{`sum by (cluster) (up)`: byCluster("a", "1", "b", "1", "c", "1")},
			stores:  storesBody(store("s-a", "a", ""), store("s-b", "b", "rpc error: connection refused"), store("s-c", "c", "")),
			query:   `sum by (cluster) (up)`, present: []string{"a", "c"}, missing: []string{"b"},
			warn: "sidecar s-b (cluster=b) is unhealthy: rpc error: connection refused", partial: true},
		{name: "a plain Prometheus without stores is checked by the answer, with a warning",
			answers: map[string]string{`sum by (cluster) (up)`: byCluster("a", "1", "b", "1", "c", "1")},
			query:   `sum by (cluster) (up)`, present: []string{"a", "b", "c"}, warn: "store health not checked"},
		{name: "a store that failed while answering makes its cluster missing, though the probe reached it",
			answers: map[string]string{fleetSum: withWarnings(vectorBody("8"), storeFailed("s-b")),
				"count by (cluster) (up)": byCluster("a", "1", "b", "1", "c", "2")},
			stores: allStores, query: fleetSum, present: []string{"a", "c"}, missing: []string{"b"},
			warn: "receive series from Addr: s-b", partial: true},
		{name: "a store that timed out while answering makes its cluster missing",
			answers: map[string]string{fleetSum: withWarnings(vectorBody("8"),
				"failed to receive any data in 5s from Addr: s-c MinTime: 0 MaxTime: 1: context deadline exceeded"),
				"count by (cluster) (up)": byCluster("a", "1", "b", "1", "c", "2")},
			stores: allStores, query: fleetSum, present: []string{"a", "b"}, missing: []string{"c"}, partial: true},
		{name: "a failed store that is not among the stores leaves no cluster known to be covered",
			answers: map[string]string{fleetSum: withWarnings(vectorBody("8"), storeFailed("s-x")),
				"count by (cluster) (up)": byCluster("a", "1", "b", "1", "c", "2")},
			stores: allStores, query: fleetSum, present: []string{}, missing: []string{"a", "b", "c"}, partial: true},
		{name: "other warnings of the query leave the coverage alone",
			answers: map[string]string{fleetSum: withWarnings(vectorBody("8"), "PromQL info: metric might not be a counter"),
				"count by (cluster) (up)": byCluster("a", "1", "b", "1", "c", "2")},
			stores: allStores, query: fleetSum, present: []string{"a", "b", "c"}, warn: "PromQL info"},
		{name: "a reachable cluster without series in a labelled answer is present, not missing",
			answers: map[string]string{`sum by (cluster) (rate(x[1m]))`: byCluster("a", "1", "b", "1"),
				"count by (cluster) (up)": byCluster("a", "1", "b", "1", "c", "1")},
			stores: allStores, query: `sum by (cluster) (rate(x[1m]))`, present: []string{"a", "b", "c"}},
		{name: "clusters outside the fleet are a warning",
			answers: map[string]string{`sum by (cluster) (up)`: byCluster("a", "1", "b", "1", "c", "1", "z", "1")},
			stores:  allStores, query: `sum by (cluster) (up)`, present: []string{"a", "b", "c"},
			warn: "answer covers clusters outside the fleet: z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGlobal(t, &querier{answers: tt.answers, stores: tt.stores}, prometheus.GlobalOptions{Lenient: tt.lenient})
			a, err := g.Eval(context.Background(), tt.query)
			assert.Equal(t, []string{"a", "b", "c"}, a.Coverage.Expected)
			assert.Equal(t, tt.present, a.Coverage.Present)
			assert.Equal(t, tt.missing, a.Coverage.Missing)
			if tt.warn != "" {
				assert.True(t, containsPrefix(a.Coverage.Warnings, tt.warn), "warnings %q lack %q", a.Coverage.Warnings, tt.warn)
			}
			if !tt.partial {
				require.NoError(t, err)
				assert.NotNil(t, a.Value)
				return
			}
			var pe *prometheus.PartialError
			require.ErrorAs(t, err, &pe)
			assert.ErrorIs(t, err, prometheus.ErrPartial)
			assert.Equal(t, tt.missing, pe.Coverage.Missing)
			assert.Contains(t, err.Error(), "missing clusters "+strings.Join(tt.missing, ", "))
		})
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// A rollout reads a strict partial answer as a failed query, never a value,
// and a lenient one as a value with a warning naming the missing cluster.
func TestGlobalQueryIsAMetricSource(t *testing.T) {
	answers := map[string]string{fleetSum: vectorBody("8"), "count by (cluster) (up)": byCluster("a", "1", "c", "2")}
	ctx := context.Background()

	strict := newGlobal(t, &querier{answers: answers}, prometheus.GlobalOptions{NoStores: true})
	s, warnings := strict.QueryWithWarnings(ctx, observe.Query{Metric: "rps", Expr: fleetSum})
	assert.Equal(t, observe.QueryError, s.Kind)
	assert.Contains(t, s.Err, "missing clusters b")
	assert.Empty(t, warnings)
	assert.Equal(t, observe.QueryError, strict.Query(ctx, observe.Query{Metric: "rps", Expr: fleetSum}).Kind)

	lenient := newGlobal(t, &querier{answers: answers}, prometheus.GlobalOptions{NoStores: true, Lenient: true})
	s, warnings = lenient.QueryWithWarnings(ctx, observe.Query{Metric: "rps", Expr: fleetSum})
	assert.Equal(t, observe.Value(8), s)
	assert.Equal(t, []string{"partial answer: 2/3 clusters (missing b)"}, warnings)
}

// A one-cluster query expects only its cluster and must select it.
func TestGlobalOneClusterQuery(t *testing.T) {
	q := `sum(rate(http_requests_total{cluster="a"}[1m]))`
	answers := map[string]string{q: vectorBody("3"), "count by (cluster) (up)": byCluster("a", "1")}
	g := newGlobal(t, &querier{answers: answers}, prometheus.GlobalOptions{NoStores: true})
	ctx := context.Background()
	assert.Equal(t, observe.Value(3), g.Query(ctx, observe.Query{Metric: "rps", Expr: q, Cluster: "a"}))
	s := g.Query(ctx, observe.Query{Metric: "rps", Expr: fleetSum, Cluster: "a"})
	assert.Equal(t, observe.QueryError, s.Kind)
	assert.Contains(t, s.Err, `has no matcher cluster="a"`)
}

// The probe of a one-cluster query sees the whole fleet: the other members are not "outside the
// fleet" (every tick of every metric warned so), a cluster that is not a member still is.
func TestGlobalOneClusterQueryWarnsOnlyAboutClustersOutsideTheFleet(t *testing.T) {
	q := `sum(rate(http_requests_total{cluster="a"}[1m]))`
	probe := "count by (cluster) (up)"
	ctx := context.Background()
	g := newGlobal(t, &querier{answers: map[string]string{q: vectorBody("3"), probe: byCluster("a", "1", "b", "1", "c", "1")}},
		prometheus.GlobalOptions{NoStores: true})
	s, warnings := g.QueryWithWarnings(ctx, observe.Query{Metric: "rps", Expr: q, Cluster: "a"})
	assert.Equal(t, observe.Value(3), s)
	assert.Empty(t, warnings)

	g = newGlobal(t, &querier{answers: map[string]string{q: vectorBody("3"), probe: byCluster("a", "1", "z", "1")}},
		prometheus.GlobalOptions{NoStores: true})
	_, warnings = g.QueryWithWarnings(ctx, observe.Query{Metric: "rps", Expr: q, Cluster: "a"})
	assert.Equal(t, []string{"answer covers clusters outside the fleet: z"}, warnings)
}

// With another cluster label, a one-cluster query must select the cluster with that label: one that
// selects cluster="b" reads nothing on a Querier whose external label is k8s_cluster, and was taken
// for a cluster without data.
func TestGlobalOneClusterQueryUsesTheClusterLabel(t *testing.T) {
	probe := "count by (k8s_cluster) (up)"
	wrong, right := `sum(rate(x{cluster="b"}[1m]))`, `sum(rate(x{k8s_cluster = "b"}[1m]))`
	g := newGlobal(t, &querier{answers: map[string]string{wrong: `{"status":"success","data":{"resultType":"vector","result":[]}}`,
		right: vectorBody("2"), probe: `{"status":"success","data":{"resultType":"vector","result":[{"metric":{"k8s_cluster":"b"},"value":[1,"1"]}]}}`}},
		prometheus.GlobalOptions{NoStores: true, ClusterLabel: "k8s_cluster"})
	ctx := context.Background()
	s := g.Query(ctx, observe.Query{Metric: "rps", Expr: wrong, Cluster: "b"})
	assert.Equal(t, observe.QueryError, s.Kind)
	assert.Contains(t, s.Err, `has no matcher k8s_cluster="b"`)
	assert.Equal(t, observe.Value(2), g.Query(ctx, observe.Query{Metric: "rps", Expr: right, Cluster: "b"}))
}

func TestGlobalThanosParameters(t *testing.T) {
	yes, no := true, false
	q := &querier{answers: map[string]string{fleetSum: vectorBody("1"), "count by (cluster) (up)": byCluster("a", "1")}}
	g := newGlobal(t, q, prometheus.GlobalOptions{Clusters: []string{"a"}, Source: prometheus.Options{Thanos: prometheus.ThanosOptions{
		Dedup: &yes, PartialResponse: &no, ReplicaLabels: []string{"replica", "prometheus_replica"}, StoreMatch: []string{`{fleet="f"}`}}}})
	_, _, err := g.Do(context.Background(), fleetSum)
	require.NoError(t, err)
	forms := q.forms()
	require.Len(t, forms, 3, "the query, the probe and the stores")
	for _, f := range forms {
		assert.Equal(t, "true", f.Get("dedup"))
		assert.Equal(t, "false", f.Get("partial_response"))
		assert.Equal(t, []string{"replica", "prometheus_replica"}, f["replicaLabels[]"])
		assert.Equal(t, []string{`{fleet="f"}`}, f["storeMatch[]"])
	}
}

func TestGlobalOptionsAreValidated(t *testing.T) {
	tests := []struct {
		name  string
		opts  prometheus.GlobalOptions
		field string
	}{
		{name: "no clusters", opts: prometheus.GlobalOptions{}, field: "clusters"},
		{name: "empty cluster", opts: prometheus.GlobalOptions{Clusters: []string{"a", ""}}, field: "clusters[1]"},
		{name: "duplicate", opts: prometheus.GlobalOptions{Clusters: []string{"a", "a"}}, field: "clusters[1]"},
		{name: "bad label", opts: prometheus.GlobalOptions{Clusters: []string{"a"}, ClusterLabel: "1x"}, field: "clusterLabel"},
		{name: "bad replica label", opts: prometheus.GlobalOptions{Clusters: []string{"a"},
			Source: prometheus.Options{Thanos: prometheus.ThanosOptions{ReplicaLabels: []string{"a-b"}}}}, field: "thanos.replicaLabels[0]"},
		{name: "empty store match", opts: prometheus.GlobalOptions{Clusters: []string{"a"},
			Source: prometheus.Options{Thanos: prometheus.ThanosOptions{StoreMatch: []string{""}}}}, field: "thanos.storeMatch[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := prometheus.NewGlobalForAddress("http://127.0.0.1:1", tt.opts)
			var ve *prometheus.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.ErrorIs(t, err, prometheus.ErrInvalid)
		})
	}
}

func TestReadStoresParsesThanosAnswer(t *testing.T) {
	q := &querier{stores: `{"status":"success","data":{"store":[{"name":"gw:10901","lastCheck":"2026-01-01T00:00:00Z","lastError":null,"labelSets":[],"minTime":0,"maxTime":1}],` +
		`"sidecar":[{"name":"b:10901","lastError":"down","labelSets":[{"cluster":"b"}]},{"name":"a:10901","lastError":null,"labelSets":[{"cluster":"a"}]}]}}`}
	srv := httptest.NewServer(q)
	t.Cleanup(srv.Close)
	c, err := newAPIClient(srv.URL)
	require.NoError(t, err)
	got, err := prometheus.ReadStores(context.Background(), c)
	require.NoError(t, err)
	assert.Equal(t, []prometheus.StoreStatus{
		{Type: "sidecar", Name: "a:10901", LabelSets: []map[string]string{{"cluster": "a"}}},
		{Type: "sidecar", Name: "b:10901", LastError: "down", LabelSets: []map[string]string{{"cluster": "b"}}},
		{Type: "store", Name: "gw:10901", LabelSets: []map[string]string{}},
	}, got)
	assert.True(t, got[0].Healthy())
	assert.False(t, got[1].Healthy())

	q.stores = ""
	_, err = prometheus.ReadStores(context.Background(), c)
	assert.ErrorContains(t, err, "404")
}
