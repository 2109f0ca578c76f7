package prometheus_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/internal/testenv"
	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/rollouttest"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// The fleet's request rate: 100 requests/s in each cluster (every workload
// of the exporters serves 100/s), a and b one Prometheus each, c an HA pair.
const (
	fleetRate   = `sum(rate(istio_requests_total[10s]))`
	fleetOK     = `sum(rate(istio_requests_total{response_code!~"5.*"}[10s])) / sum(rate(istio_requests_total[10s])) * 100`
	seriesOfC   = `count(istio_requests_total{cluster="c"})`
	perWorkload = 100.0
)

// TestRealThanos runs three clusters' Prometheus (c as an HA pair) with a
// thanos sidecar each, a store gateway over their bucket and a thanos query
// over all of them, and reads fleet answers with their coverage; then it
// stops b's sidecar.
func TestRealThanos(t *testing.T) {
	ea, eb, ec := serveExporter(t, newIstioExporter(canary)), serveExporter(t, newIstioExporter(badCanary)),
		serveExporter(t, newIstioExporter(primary))
	th := testenv.StartThanos(t, testenv.ThanosOptions{Store: true, ExternalLabels: map[string]string{"fleet": "seed"},
		Members: []testenv.ThanosMember{
			{Cluster: "a", ScrapeTargets: []testenv.ScrapeTarget{{Address: ea}}},
			{Cluster: "b", ScrapeTargets: []testenv.ScrapeTarget{{Address: eb}}},
			{Cluster: "c", Replica: "0", ScrapeTargets: []testenv.ScrapeTarget{{Address: ec}}},
			{Cluster: "c", Replica: "1", ScrapeTargets: []testenv.ScrapeTarget{{Address: ec}}},
		}})
	clusters := []string{"a", "b", "c"}
	ctx := context.Background()
	strict, err := prometheus.NewGlobalForAddress(th.QueryURL, prometheus.GlobalOptions{Clusters: clusters})
	require.NoError(t, err)
	waitForFleet(t, strict, th)

	t.Run("fleet sums equal the member sums", func(t *testing.T) { fleetSumsMatchMembers(t, th, clusters) })
	t.Run("dedup of an HA pair", func(t *testing.T) { dedupOfHAPair(t, th, clusters) })
	t.Run("member-direct and shared fleet queries agree", func(t *testing.T) { scopesAgree(t, th) })
	t.Run("overhead of a fleet query", func(t *testing.T) { measureOverhead(t, th, strict) })
	t.Run("a rollout on the complete fleet advances", func(t *testing.T) {
		rep, d := rolloutOnFleet(t, strict)
		assert.Equal(t, 20, d.Router.Routes().Canary, "events: %v", rep.Events)
		assert.Zero(t, rep.Status.FailedChecks)
	})

	th.Members[1].StopSidecar()
	t.Run("a stopped sidecar: strict mode errors, naming the cluster", func(t *testing.T) {
		var pe *prometheus.PartialError
		var last error
		require.Eventually(t, func() bool {
			_, last = strict.Eval(ctx, fleetRate)
			return errors.As(last, &pe)
		}, 15*time.Second, 200*time.Millisecond, "last error: %v", last)
		assert.Equal(t, []string{"b"}, pe.Coverage.Missing)
		assert.Equal(t, []string{"a", "c"}, pe.Coverage.Present)
		assert.ErrorIs(t, pe, prometheus.ErrPartial)
	})
	t.Run("a stopped sidecar: lenient mode answers with a warning", func(t *testing.T) {
		at := time.Now().Add(-2 * time.Second)
		lenient, err := prometheus.NewGlobalForAddress(th.QueryURL, prometheus.GlobalOptions{Clusters: clusters, Lenient: true,
			Source: prometheus.Options{Now: func() time.Time { return at }}})
		require.NoError(t, err)
		v, cov, err := lenient.Do(ctx, fleetRate)
		require.NoError(t, err)
		m := memberRates(t, th, at) // b's Prometheus runs: only its sidecar stopped
		assert.InEpsilon(t, m[0]+m[2], v, 0.05, "a and c only (b's own rate is %g)", m[1])
		assert.Equal(t, []string{"b"}, cov.Missing)
		assert.NotEmpty(t, cov.Warnings, "the Querier or the store check says why")
		t.Logf("lenient coverage %s, warnings %q", cov, cov.Warnings)
	})
	t.Run("a rollout reading the Querier takes its no-data path while a member is missing", func(t *testing.T) {
		rep, d := rolloutOnFleet(t, strict)
		assert.Equal(t, 10, d.Router.Routes().Canary, "no advance on a partial answer")
		assert.Equal(t, 1, rep.Status.FailedChecks)
		var failed, warned bool
		for _, e := range rep.Events {
			failed = failed || (e.Reason == rollout.ReasonMetricError && assert.Contains(t, e.Message(), "missing clusters b"))
			warned = warned || e.Reason == rollout.ReasonMetricWarning
		}
		assert.True(t, failed, "a MetricError event names the missing cluster: %v", rep.Events)
		assert.True(t, warned, "the Querier's warnings are events: %v", rep.Events)
	})
}

// waitForFleet polls until every cluster answers with two samples for rate().
func waitForFleet(t *testing.T, g *prometheus.Global, th *testenv.Thanos) {
	t.Helper()
	start := time.Now()
	var last error
	for time.Since(start) < 45*time.Second {
		v, _, err := g.Do(context.Background(), fleetRate)
		if err == nil && v > 3*perWorkload*0.9 {
			t.Logf("fleet answers after %s", time.Since(start).Round(time.Millisecond))
			return
		}
		last = err
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("the fleet did not answer in 45s: %v\n%s", last, th.Logs())
}

// fleetSumsMatchMembers evaluates at one instant on the Querier and on each
// member's own Prometheus: a cluster's answer is the member's, exactly, and
// the fleet sum is their sum.
func fleetSumsMatchMembers(t *testing.T, th *testenv.Thanos, clusters []string) {
	at := time.Now().Add(-2 * time.Second)
	now := func() time.Time { return at }
	ctx := context.Background()
	g, err := prometheus.NewGlobalForAddress(th.QueryURL, prometheus.GlobalOptions{Clusters: clusters, Source: prometheus.Options{Now: now}})
	require.NoError(t, err)
	fleet, cov, err := g.Do(ctx, fleetRate)
	require.NoError(t, err)
	assert.True(t, cov.Complete(), "%s", cov)
	// With dedup the Querier answers c from either replica of the HA pair, whichever it picks per series;
	// the replicas scrape at slightly different instants, so their rates differ a little. The fleet sum
	// must match a + b + one of the replicas.
	var ab float64
	var replicas []float64
	for _, m := range th.Members {
		member, err := prometheus.NewForAddress(m.PrometheusURL, prometheus.Options{Now: now})
		require.NoError(t, err)
		direct, err := member.Do(ctx, fleetRate)
		require.NoError(t, err)
		if m.Replica != "" {
			replicas = append(replicas, direct)
			continue
		}
		ab += direct
		scoped, _, err := g.Do(ctx, `sum(rate(istio_requests_total{cluster="`+m.Cluster+`"}[10s]))`)
		require.NoError(t, err)
		assert.InDelta(t, direct, scoped, 1e-9, "cluster %s through the Querier is its Prometheus' answer", m.Cluster)
	}
	require.Len(t, replicas, 2)
	sum := ab + replicas[0]
	if math.Abs(fleet-(ab+replicas[1])) < math.Abs(fleet-sum) {
		sum = ab + replicas[1]
	}
	assert.InEpsilon(t, sum, fleet, 0.01, "fleet %g, members %g (replicas of c: %v)", fleet, sum, replicas)
}

// memberRates evaluates fleetRate on every member's own Prometheus at one
// instant.
func memberRates(t *testing.T, th *testenv.Thanos, at time.Time) []float64 {
	t.Helper()
	var out []float64
	for _, m := range th.Members {
		src, err := prometheus.NewForAddress(m.PrometheusURL, prometheus.Options{Now: func() time.Time { return at }})
		require.NoError(t, err)
		v, err := src.Do(context.Background(), fleetRate)
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// dedupOfHAPair counts c's series with and without Thanos' dedup.
func dedupOfHAPair(t *testing.T, th *testenv.Thanos, clusters []string) {
	ctx := context.Background()
	yes, no := true, false
	count := func(dedup *bool) float64 {
		g, err := prometheus.NewGlobalForAddress(th.QueryURL, prometheus.GlobalOptions{Clusters: clusters,
			Source: prometheus.Options{Thanos: prometheus.ThanosOptions{Dedup: dedup, ReplicaLabels: []string{"replica"}}}})
		require.NoError(t, err)
		v, _, err := g.Do(ctx, seriesOfC)
		require.NoError(t, err)
		return v
	}
	series := float64(len(primary.codes))
	assert.Equal(t, series, count(&yes), "the pair reads as one Prometheus")
	assert.Equal(t, 2*series, count(&no), "without dedup each replica's series count")
	// The same instant on the Querier and the members: without dedup the fleet
	// sum is every Prometheus' own (the raw samples are the same); with dedup c
	// counts once (a merge of the pair's samples, so only about one replica).
	at := time.Now().Add(-2 * time.Second)
	sum := func(dedup *bool) float64 {
		g, err := prometheus.NewGlobalForAddress(th.QueryURL, prometheus.GlobalOptions{Clusters: clusters,
			Source: prometheus.Options{Now: func() time.Time { return at }, Thanos: prometheus.ThanosOptions{Dedup: dedup}}})
		require.NoError(t, err)
		v, _, err := g.Do(ctx, fleetRate)
		require.NoError(t, err)
		return v
	}
	m := memberRates(t, th, at)
	assert.InEpsilon(t, m[0]+m[1]+m[2]+m[3], sum(&no), 1e-9, "c counted twice without dedup")
	assert.InEpsilon(t, m[0]+m[1]+m[2], sum(&yes), 0.05, "c counted once with dedup")
}

// scopesAgree reads the per-cluster request rate template from each
// member's own Prometheus (no cluster matcher) and from the Querier (a
// cluster matcher): the same numbers.
func scopesAgree(t *testing.T, th *testenv.Thanos) {
	at := time.Now().Add(-2 * time.Second)
	opts := prometheus.Options{Now: func() time.Time { return at }}
	tmpl, err := observe.Builtin("", observe.ClusterRequestRate)
	require.NoError(t, err)
	vars := observe.Variables{Interval: 10 * time.Second}
	members := map[string]*prometheus.Source{}
	for _, m := range th.Members[:2] {
		members[m.Cluster], err = prometheus.NewForAddress(m.PrometheusURL, opts)
		require.NoError(t, err)
	}
	direct, err := prometheus.NewFleet(prometheus.FleetOptions{Members: members})
	require.NoError(t, err)
	querier, err := prometheus.NewForAddress(th.QueryURL, opts)
	require.NoError(t, err)
	shared, err := prometheus.NewFleet(prometheus.FleetOptions{Shared: querier})
	require.NoError(t, err)
	ctx := context.Background()
	a, err := direct.Sample(ctx, tmpl, vars, []string{"a", "b"})
	require.NoError(t, err)
	b, err := shared.Sample(ctx, tmpl, vars, []string{"a", "b"})
	require.NoError(t, err)
	for i := range a {
		require.Equal(t, observe.HasValue, a[i].Sample.Kind, a[i].Sample.Err)
		assert.InDelta(t, a[i].Sample.Value, b[i].Sample.Value, 1e-9, a[i].Cluster)
	}
}

// measureOverhead logs the mean latency of one query on a member's own
// Prometheus, on the Querier, and as a fleet query with its coverage (the
// query, the probe and /api/v1/stores at once).
func measureOverhead(t *testing.T, th *testenv.Thanos, g *prometheus.Global) {
	ctx := context.Background()
	member, err := prometheus.NewForAddress(th.Members[0].PrometheusURL, prometheus.Options{})
	require.NoError(t, err)
	querier, err := prometheus.NewForAddress(th.QueryURL, prometheus.Options{})
	require.NoError(t, err)
	const n = 20
	mean := func(run func() error) time.Duration {
		start := time.Now()
		for range n {
			require.NoError(t, run())
		}
		return time.Since(start) / n
	}
	single := mean(func() error { _, err := member.Do(ctx, fleetRate); return err })
	plain := mean(func() error { _, err := querier.Do(ctx, fleetRate); return err })
	covered := mean(func() error { _, _, err := g.Do(ctx, fleetRate); return err })
	t.Logf("mean of %d queries: one Prometheus %s, the Querier %s, the Querier with coverage %s (%.1fx one Prometheus)",
		n, single.Round(10*time.Microsecond), plain.Round(10*time.Microsecond), covered.Round(10*time.Microsecond),
		float64(covered)/float64(single))
}

// rolloutOnFleet drives a canary whose only metric is the fleet-wide
// success rate read from the Querier to its first analysis tick. The fleet
// rate is (98+80+50)/3 ≈ 76%, above the 50% threshold.
func rolloutOnFleet(t *testing.T, g *prometheus.Global) (runner.TickReport, *rollouttest.Doubles) {
	t.Helper()
	spec := rollout.Spec{Threshold: 2, MaxWeight: 30, StepWeight: 10,
		Metrics: []rollout.Metric{{Name: "fleet-success-rate", Query: fleetOK, ThresholdRange: observe.AtLeast(50)}}}
	d := rollouttest.New("v1")
	ports := d.Ports()
	ports.Metrics = g
	run, err := runner.New(spec, runner.Target{Name: "podinfo", Namespace: "test"}, ports)
	require.NoError(t, err)
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	var rep runner.TickReport
	for tick := 0; tick < 4; tick++ { // initialise, detect v2, start at 10%, analyse
		if tick == 1 {
			d.Workload.SetRevision("v2")
		}
		rep, err = run.Tick(context.Background(), now, rollout.Intents{})
		require.NoError(t, err)
		now = now.Add(spec.EffectiveInterval())
	}
	return rep, d
}
