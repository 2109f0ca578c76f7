package prometheus_test

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	promclient "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// workload is the traffic one Istio workload receives, per second: requests
// by response code and the cumulative latency histogram (upper bound in
// milliseconds → requests at or below it). Rates are whole numbers.
type workload struct {
	namespace, name string
	codes           map[string]float64
	buckets         map[float64]float64
}

func (w workload) total() float64 {
	var n float64
	for _, v := range w.codes {
		n += v
	}
	return n
}

// successRate is the percentage of non-5xx requests, what
// request-success-rate measures.
func (w workload) successRate() float64 {
	var ok float64
	for code, v := range w.codes {
		if !strings.HasPrefix(code, "5") {
			ok += v
		}
	}
	return ok / w.total() * 100
}

// quantile is histogram_quantile's documented linear interpolation inside
// the bucket holding rank q*total, written out independently as the test's
// oracle.
func (w workload) quantile(q float64) float64 {
	bounds := slices.Sorted(func(yield func(float64) bool) {
		for b := range w.buckets {
			if !yield(b) {
				return
			}
		}
	})
	rank := q * w.total()
	lower, below := 0.0, 0.0
	for _, b := range bounds {
		if c := w.buckets[b]; c >= rank {
			return lower + (b-lower)*(rank-below)/(c-below)
		}
		lower, below = b, w.buckets[b]
	}
	return lower
}

// istioExporter serves istio_requests_total and
// istio_request_duration_milliseconds as a sidecar would, with counters that
// grow linearly from the start: every rate() over them is exact.
type istioExporter struct {
	start     time.Time
	workloads []workload
	requests  *promclient.Desc
	duration  *promclient.Desc
}

func newIstioExporter(workloads ...workload) *istioExporter {
	labels := []string{"reporter", "destination_workload", "destination_workload_namespace"}
	return &istioExporter{
		start:     time.Now(),
		workloads: workloads,
		requests:  promclient.NewDesc("istio_requests_total", "Requests.", append(labels, "response_code"), nil),
		duration:  promclient.NewDesc("istio_request_duration_milliseconds", "Request duration.", labels, nil),
	}
}

func (e *istioExporter) Describe(ch chan<- *promclient.Desc) {
	ch <- e.requests
	ch <- e.duration
}

func (e *istioExporter) Collect(ch chan<- promclient.Metric) {
	// Whole milliseconds times integer per-second rates give exact integer
	// counts, so every bucket keeps the same proportion at every scrape.
	ms := uint64(time.Since(e.start).Milliseconds())
	elapsed := float64(ms) / 1000
	for _, w := range e.workloads {
		for code, perSec := range w.codes {
			ch <- promclient.MustNewConstMetric(e.requests, promclient.CounterValue, perSec*elapsed,
				"destination", w.name, w.namespace, code)
		}
		buckets := map[float64]uint64{}
		for le, perSec := range w.buckets {
			buckets[le] = uint64(perSec) * ms
		}
		count := uint64(w.total()) * ms
		ch <- promclient.MustNewConstHistogram(e.duration, count, 0, buckets, "destination", w.name, w.namespace)
	}
}

// serveExporter serves e over promhttp and returns its host:port.
func serveExporter(t *testing.T, e *istioExporter) string {
	t.Helper()
	reg := promclient.NewRegistry()
	reg.MustRegister(e)
	srv := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}
