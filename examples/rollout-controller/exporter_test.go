package main

import (
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// istioExporter serves the series Istio's sidecars report for one workload. Every scrape adds a
// batch of requests, so rate() over the counters is what the batch says: ok 2xx and bad 5xx
// responses, each taking latencyMs.
type istioExporter struct {
	*httptest.Server
	mu        sync.Mutex
	requests  *prometheus.CounterVec
	durations *prometheus.HistogramVec
	batches   map[[2]string]batch // by namespace, workload
}

type batch struct {
	ok, bad   int
	latencyMs float64
}

func newIstioExporter() *istioExporter {
	reg := prometheus.NewRegistry()
	e := &istioExporter{batches: map[[2]string]batch{},
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "istio_requests_total"},
			[]string{"reporter", "destination_workload_namespace", "destination_workload", "response_code"}),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "istio_request_duration_milliseconds",
			Buckets: []float64{5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000}},
			[]string{"reporter", "destination_workload_namespace", "destination_workload"}),
	}
	reg.MustRegister(e.requests, e.durations)
	metrics := promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	e.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.serveBatch()
		metrics.ServeHTTP(w, r)
	}))
	return e
}

func (e *istioExporter) set(namespace, workload string, b batch) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.batches[[2]string{namespace, workload}] = b
}

func (e *istioExporter) serveBatch() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for key, b := range e.batches {
		e.requests.WithLabelValues("destination", key[0], key[1], "200").Add(float64(b.ok))
		e.requests.WithLabelValues("destination", key[0], key[1], "503").Add(float64(b.bad))
		h := e.durations.WithLabelValues("destination", key[0], key[1])
		for i := 0; i < b.ok+b.bad; i++ {
			h.Observe(b.latencyMs)
		}
	}
}
