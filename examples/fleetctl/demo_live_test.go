package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/internal/testenv"
	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

// TestDemoLiveAgainstRealEndpoints runs `fleetctl demo --prometheus --kubeconfig` against the real
// Prometheus and kube-apiserver: a service failing 5xx must roll back on the real VirtualService.
func TestDemoLiveAgainstRealEndpoints(t *testing.T) {
	ctx := context.Background()
	require.NoError(t, env.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "recsys-live"}}))

	reg := prometheus.NewRegistry()
	requests := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "istio_requests_total"},
		[]string{"reporter", "destination_workload_namespace", "destination_workload", "response_code"})
	reg.MustRegister(requests)
	handler := promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	exporter := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.WithLabelValues("destination", "recsys-live", "recommender", "200").Add(90)
		requests.WithLabelValues("destination", "recsys-live", "recommender", "503").Add(10)
		handler.ServeHTTP(w, r)
	}))
	defer exporter.Close()
	prom := testenv.StartPrometheus(t, testenv.PrometheusOptions{ScrapeTargets: []testenv.ScrapeTarget{
		{Address: strings.TrimPrefix(exporter.URL, "http://")}}})
	waitForRate(t, prom.URL)

	out, stderr, err := runCLI(t, "demo", "--prometheus", prom.URL, "--kubeconfig", writeKubeconfig(t, env.Config),
		"--namespace", "recsys-live", "--live-interval", "0s", "--live-ticks", "8")
	require.NoError(t, err, stderr)
	live := out[strings.Index(out, "Live run of recsys-live/recommender"):]
	assert.Contains(t, live, "request-success-rate=90")
	assert.Contains(t, live, "Failed")

	router, err := istio.New(env.Client, istio.Options{Service: traffic.Service{Name: "recommender", Namespace: "recsys-live",
		Hosts: []string{"recommender"}, Primary: traffic.Backend{Host: "recommender-primary"}, Canary: traffic.Backend{Host: "recommender-canary"}}})
	require.NoError(t, err)
	routes, err := router.GetRoutes(ctx)
	require.NoError(t, err, "the demo created the VirtualService")
	assert.Equal(t, traffic.PrimaryOnly(), routes, "the rollback is routed on the real VirtualService")
}

func TestDemoLiveRejectsBadFlags(t *testing.T) {
	_, stderr, err := runCLI(t, "demo", "--prometheus", "http://127.0.0.1:1", "--live-ticks", "0")
	require.Error(t, err)
	assert.Contains(t, stderr, "--live-ticks must be at least 1")
	_, stderr, err = runCLI(t, "demo", "--kubeconfig", "/nonexistent/kubeconfig")
	require.Error(t, err)
	assert.Contains(t, stderr, "--kubeconfig")
}

// waitForRate waits until Prometheus has two samples, so rate() has a value.
func waitForRate(t *testing.T, url string) {
	require.Eventually(t, func() bool {
		resp, err := http.Get(url + `/api/v1/query?query=sum(rate(istio_requests_total[15s]))`)
		if err != nil {
			return false
		}
		defer func() { _ = resp.Body.Close() }()
		var body strings.Builder
		_, _ = io.Copy(&body, resp.Body)
		return strings.Contains(body.String(), `"value":[`)
	}, 30*time.Second, 200*time.Millisecond)
}
