package prometheus_test

import (
	"context"
	"strings"
	"testing"
	"time"

	promv1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/internal/testenv"
	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
)

// The canary answers 2% 5xx with a P99 in the 50–100 ms bucket; the primary
// is much worse, so a query that selected it by mistake would show.
var (
	canary = workload{namespace: "test", name: "podinfo",
		codes:   map[string]float64{"200": 95, "201": 3, "503": 2},
		buckets: map[float64]float64{10: 60, 25: 90, 50: 98, 100: 100, 250: 100}}
	primary = workload{namespace: "test", name: "podinfo-primary",
		codes:   map[string]float64{"200": 50, "500": 50},
		buckets: map[float64]float64{10: 0, 25: 0, 50: 10, 100: 20, 250: 100}}
	idle = workload{namespace: "test", name: "idle",
		codes:   map[string]float64{"200": 0},
		buckets: map[float64]float64{10: 0, 100: 0}}
	// badCanary is the same canary in another cluster, failing.
	badCanary = workload{namespace: "test", name: "podinfo",
		codes:   map[string]float64{"200": 80, "500": 20},
		buckets: map[float64]float64{10: 10, 25: 20, 50: 40, 100: 60, 250: 100}}
)

// TestRealPrometheus scrapes a test exporter with a real Prometheus and
// reads the built-in Istio metrics back through the real query path. One
// Prometheus serves every subtest: the first scrape of a new target becomes
// queryable only after about 5.6 s.
func TestRealPrometheus(t *testing.T) {
	sh := serveExporter(t, newIstioExporter(canary, primary, idle))
	bj := serveExporter(t, newIstioExporter(badCanary))
	prom := testenv.StartPrometheus(t, testenv.PrometheusOptions{ScrapeTargets: []testenv.ScrapeTarget{
		{Address: sh, Labels: map[string]string{"cluster": "serving-sh"}},
		{Address: bj, Labels: map[string]string{"cluster": "training-bj"}},
	}})
	src, err := prometheus.NewForAddress(prom.URL, prometheus.Options{Timeout: 5 * time.Second})
	require.NoError(t, err)
	ctx := context.Background()
	successRate, err := observe.Builtin(observe.Istio, observe.RequestSuccessRate)
	require.NoError(t, err)
	duration, err := observe.Builtin(observe.Istio, observe.RequestDuration)
	require.NoError(t, err)
	// The single-cluster view: only serving-sh's canary series.
	vars := observe.Variables{Namespace: "test", Target: "podinfo", Interval: 30 * time.Second}
	scoped := clusterScoped(successRate, "serving-sh")
	waitForValue(t, src, scoped, vars)
	waitForValue(t, src, clusterScoped(successRate, "training-bj"), vars)

	t.Run("request-success-rate", func(t *testing.T) {
		got := src.Sample(ctx, scoped, vars)
		require.Equal(t, observe.HasValue, got.Kind, got.Err)
		assert.InDelta(t, canary.successRate(), got.Value, 1e-6)
		assert.InDelta(t, 98.0, got.Value, 1e-6, "sanity: 95+3 of 100 are not 5xx")
	})
	t.Run("request-duration P99", func(t *testing.T) {
		got := src.Sample(ctx, clusterScoped(duration, "serving-sh"), vars)
		require.Equal(t, observe.HasValue, got.Kind, got.Err)
		assert.InDelta(t, canary.quantile(0.99), got.Value, 0.01)
		assert.InDelta(t, 75.0, got.Value, 0.01, "sanity: rank 99 of 100 is halfway through the 50-100 bucket")
	})
	t.Run("built-in templates unchanged", func(t *testing.T) {
		// podinfo-primary runs only in serving-sh, so Flagger's queries need
		// no cluster matcher to select it.
		v := vars
		v.Target = "podinfo-primary"
		sr := src.Sample(ctx, successRate, v)
		require.Equal(t, observe.HasValue, sr.Kind, sr.Err)
		assert.InDelta(t, primary.successRate(), sr.Value, 1e-6)
		p99 := src.Sample(ctx, duration, v)
		require.Equal(t, observe.HasValue, p99.Kind, p99.Err)
		assert.InDelta(t, primary.quantile(0.99), p99.Value, 0.01)
		assert.InDelta(t, 248.125, p99.Value, 0.01, "sanity: rank 99 is 79/80 through the 100-250 bucket")
	})
	t.Run("no traffic is NoData", func(t *testing.T) {
		v := vars
		v.Target = "idle"
		assert.Equal(t, observe.NoData, src.Sample(ctx, successRate, v).Kind, "0/0 is NaN")
		v.Target = "does-not-exist"
		assert.Equal(t, observe.NoData, src.Sample(ctx, successRate, v).Kind, "no series is an empty vector")
	})
	t.Run("bad PromQL is an error", func(t *testing.T) {
		_, err := src.Do(ctx, "sum(rate(istio_requests_total[1m]")
		var pe *promv1.Error
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, promv1.ErrBadData, pe.Type)
	})
	t.Run("several series are ambiguous", func(t *testing.T) {
		got := src.Query(ctx, observe.Query{Expr: `sum by (cluster) (rate(istio_requests_total[30s]))`})
		assert.Equal(t, observe.QueryError, got.Kind)
		assert.Contains(t, got.Err, "2 series")
	})
	t.Run("fleet over one endpoint with a cluster label", func(t *testing.T) {
		fleet, err := prometheus.NewFleet(prometheus.FleetOptions{Shared: src})
		require.NoError(t, err)
		got, err := fleet.Sample(ctx, clusterScoped(successRate, "{{ cluster }}"), vars, []string{"serving-sh", "training-bj", "edge-store-001"})
		require.NoError(t, err)
		require.Len(t, got, 3)
		assert.InDelta(t, canary.successRate(), got[0].Sample.Value, 1e-6)
		assert.InDelta(t, badCanary.successRate(), got[1].Sample.Value, 1e-6)
		// edge-store-001 has no series on the endpoint at all, not even up: the endpoint cannot see it
		// (a store Thanos dropped answers so), which is a missing cluster, not no data.
		assert.Equal(t, observe.QueryError, got[2].Sample.Kind, "a cluster the endpoint cannot see: %v", got[2].Sample)
		assert.Contains(t, got[2].Sample.Err, "missing clusters edge-store-001")
		assert.Equal(t, []string{"edge-store-001"}, prometheus.SampleCoverage(got).Missing)

		unchecked, err := prometheus.NewFleet(prometheus.FleetOptions{Shared: src, NoPresenceCheck: true})
		require.NoError(t, err)
		got, err = unchecked.Sample(ctx, clusterScoped(successRate, "{{ cluster }}"), vars, []string{"edge-store-001"})
		require.NoError(t, err)
		assert.Equal(t, observe.NoData, got[0].Sample.Kind, "without the presence check an empty answer is no data")
	})
	t.Run("fleet with one endpoint per cluster", func(t *testing.T) {
		down, err := prometheus.NewForAddress("http://127.0.0.1:1", prometheus.Options{Timeout: time.Second})
		require.NoError(t, err)
		fleet, err := prometheus.NewFleet(prometheus.FleetOptions{Members: map[string]*prometheus.Source{
			"serving-sh": src, "edge-store-001": down}, Parallelism: 2})
		require.NoError(t, err)
		// A member-direct query carries no cluster matcher: podinfo-primary runs only in serving-sh.
		v := vars
		v.Target = "podinfo-primary"
		_, err = fleet.Sample(ctx, clusterScoped(duration, "{{ cluster }}"), v, []string{"serving-sh"})
		require.ErrorIs(t, err, prometheus.ErrClusterOnMember)
		got, err := fleet.Sample(ctx, duration, v, []string{"serving-sh", "edge-store-001"})
		require.NoError(t, err)
		assert.InDelta(t, primary.quantile(0.99), got[0].Sample.Value, 0.01)
		assert.Equal(t, observe.QueryError, got[1].Sample.Kind, "an unreachable member is an error, not a pass")
		cov := prometheus.SampleCoverage(got)
		assert.Equal(t, []string{"edge-store-001"}, cov.Missing)
		assert.Equal(t, []string{"serving-sh"}, cov.Present)
	})
	t.Run("prometheus stopped", func(t *testing.T) {
		require.NoError(t, prom.Stop())
		got := src.Sample(ctx, scoped, vars)
		assert.Equal(t, observe.QueryError, got.Kind)
	})
}

// clusterScoped adds a cluster matcher to every selector of a built-in
// Istio template, the way a fleet-wide template is written for Thanos.
func clusterScoped(t observe.Template, cluster string) observe.Template {
	t.Query = strings.ReplaceAll(t.Query, `reporter="destination",`, `reporter="destination", cluster="`+cluster+`",`)
	return t
}

// waitForValue polls until the query has enough samples for rate().
func waitForValue(t *testing.T, src *prometheus.Source, tmpl observe.Template, vars observe.Variables) {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for {
		got := src.Sample(context.Background(), tmpl, vars)
		if got.Kind == observe.HasValue {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no value from Prometheus in 45s: last sample %v %s", got, got.Err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
