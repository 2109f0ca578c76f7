package testenv_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	promapi "github.com/prometheus/client_golang/api"
	promv1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/internal/testenv"
)

func TestPrometheusScrapesAnExporter(t *testing.T) {
	reg := prometheus.NewRegistry()
	requests := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "fleetkit_test_requests_total"}, []string{"code"})
	reg.MustRegister(requests)
	requests.WithLabelValues("200").Add(997)
	requests.WithLabelValues("500").Add(3)
	exporter := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	defer exporter.Close()

	p := testenv.StartPrometheus(t, testenv.PrometheusOptions{ScrapeTargets: []testenv.ScrapeTarget{{
		Address: strings.TrimPrefix(exporter.URL, "http://"), Labels: map[string]string{"cluster": "serving-sh"},
	}}})
	c, err := promapi.NewClient(promapi.Config{Address: p.URL})
	require.NoError(t, err)
	api := promv1.NewAPI(c)

	query := `sum(fleetkit_test_requests_total{cluster="serving-sh",code!~"5.."}) / sum(fleetkit_test_requests_total{cluster="serving-sh"}) * 100`
	var got model.Vector
	require.Eventually(t, func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		v, _, _, err := api.Query(ctx, query, time.Now())
		if err != nil {
			return false
		}
		got, _ = v.(model.Vector)
		return len(got) == 1
	}, 30*time.Second, 250*time.Millisecond, "the exporter's series never became queryable")
	require.InDelta(t, 99.7, float64(got[0].Value), 1e-9)
}

func TestPrometheusThatExitsAtOnceIsAnErrorNotAHang(t *testing.T) {
	t.Setenv("FLEETKIT_PROMETHEUS", "/bin/false")
	done := make(chan error, 1)
	go func() { _, err := testenv.LaunchPrometheus(testenv.PrometheusOptions{}); done <- err }()
	select {
	case err := <-done:
		require.ErrorContains(t, err, "prometheus exited")
	case <-time.After(20 * time.Second):
		t.Fatal("LaunchPrometheus hangs when the process exits before it is ready")
	}
}

func TestPrometheusRejectsUnknownBinary(t *testing.T) {
	t.Setenv("FLEETKIT_PROMETHEUS", "/nonexistent/prometheus")
	_, err := testenv.LaunchPrometheus(testenv.PrometheusOptions{})
	require.Error(t, err)
	require.Contains(t, err.Error(), "start prometheus")
}
