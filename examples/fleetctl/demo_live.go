package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	istionetworkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/rollouttest"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

// liveOptions point the rollout demo at real endpoints.
type liveOptions struct {
	Prometheus string
	Kubeconfig string
	Namespace  string
	Target     string
	Ticks      int
	Every      time.Duration
}

func (o liveOptions) enabled() bool { return o.Prometheus != "" || o.Kubeconfig != "" }

func (o liveOptions) validate() error {
	switch {
	case o.Namespace == "":
		return fmt.Errorf("--namespace must not be empty")
	case o.Target == "":
		return fmt.Errorf("--target must not be empty")
	case o.Ticks < 1:
		return fmt.Errorf("--live-ticks must be at least 1, got %d", o.Ticks)
	case o.Every < 0:
		return fmt.Errorf("--live-interval must not be negative, got %s", o.Every)
	}
	return nil
}

// demoLive runs the recommender's canary with runner.Runner: metrics from a real Prometheus
// (--prometheus), routes on a real VirtualService (--kubeconfig). What is not pointed at a real
// endpoint is one of rollout/rollouttest's in-memory ports; the workload always is (a new revision
// that is always ready), so the demo never changes Deployments.
func demoLive(ctx context.Context, w io.Writer, o liveOptions) error {
	if err := o.validate(); err != nil {
		return err
	}
	metrics, err := liveMetrics(o)
	if err != nil {
		return err
	}
	router, where, err := liveRouter(ctx, o)
	if err != nil {
		return err
	}
	spec := recommenderSpec()
	spec.Webhooks = nil // the demo's load tester does not exist on real clusters
	wl := rollouttest.NewWorkload("v1")
	run, err := runner.New(spec, runner.Target{Name: o.Target, Namespace: o.Namespace, Provider: observe.Istio},
		runner.Ports{Workload: wl, Router: router, Metrics: metrics, Store: rollouttest.NewStore()})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nLive run of %s/%s: metrics from %s, routes on %s, workload simulated.\n",
		o.Namespace, o.Target, metricsWhere(o), where)
	return liveTicks(ctx, w, run, wl, metrics, o)
}

func liveTicks(ctx context.Context, w io.Writer, run *runner.Runner, wl *rollouttest.Workload, m *recordingSource, o liveOptions) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TICK\tPHASE\tCANARY WEIGHT\tSAMPLES\tWHAT HAPPENED")
	now := time.Now()
	for i := 1; i <= o.Ticks; i++ {
		if i == 2 {
			wl.SetRevision("v2") // the release under analysis
		}
		rep, err := run.Tick(ctx, now, rollout.Intents{})
		if err != nil {
			return err
		}
		st := rep.Status
		fmt.Fprintf(tw, "%d\t%s\t%s %3d%%\t%s\t%s\n", i, st.Phase, weightBar(st.Routes.Canary, st.Routes.Mirrored()),
			st.Routes.Canary, m.take(), eventList(rep.Events))
		if i > 2 && (st.Phase == rollout.Succeeded || st.Phase == rollout.Failed) {
			break
		}
		now = now.Add(time.Minute)
		if err := sleep(ctx, o.Every); err != nil {
			return err
		}
	}
	return tw.Flush()
}

func liveMetrics(o liveOptions) (*recordingSource, error) {
	if o.Prometheus == "" {
		// a healthy service: 99.9% success, 120 ms P99
		healthy := rollouttest.NewMetrics(map[string]float64{observe.RequestSuccessRate: 99.9, observe.RequestDuration: 120})
		return &recordingSource{src: healthy}, nil
	}
	src, err := prometheus.NewForAddress(o.Prometheus, prometheus.Options{Provider: observe.Istio})
	if err != nil {
		return nil, fmt.Errorf("--prometheus: %w", err)
	}
	return &recordingSource{src: src}, nil
}

func metricsWhere(o liveOptions) string {
	if o.Prometheus == "" {
		return "a healthy simulated trace"
	}
	return o.Prometheus
}

// liveRouter returns a VirtualService router on the kubeconfig's cluster, creating the
// VirtualService and DestinationRules when absent, or an in-memory router.
func liveRouter(ctx context.Context, o liveOptions) (runner.TrafficRouter, string, error) {
	if o.Kubeconfig == "" {
		return rollouttest.NewRouter(), "an in-memory router", nil
	}
	cfg, err := restConfig("--kubeconfig", o.Kubeconfig)
	if err != nil {
		return nil, "", err
	}
	scheme := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(scheme); err != nil {
		return nil, "", err
	}
	if err := istionetworkingv1.AddToScheme(scheme); err != nil {
		return nil, "", err
	}
	c, err := client.New(cfg, client.Options{Scheme: scheme})
	if err != nil {
		return nil, "", fmt.Errorf("--kubeconfig: %w", err)
	}
	svc := traffic.Service{Name: o.Target, Namespace: o.Namespace, Hosts: []string{o.Target},
		Primary: traffic.Backend{Host: o.Target + "-primary"}, Canary: traffic.Backend{Host: o.Target + "-canary"}}
	router, err := istio.New(c, istio.Options{Service: svc})
	if err != nil {
		return nil, "", err
	}
	if err := router.Ensure(ctx); err != nil {
		return nil, "", err
	}
	return router, "VirtualService " + o.Namespace + "/" + o.Target + " at " + cfg.Host, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// recordingSource remembers the samples of the current tick for the table.
type recordingSource struct {
	src  runner.MetricSource
	mu   sync.Mutex
	seen []string
}

func (r *recordingSource) Query(ctx context.Context, q observe.Query) observe.Sample {
	s := r.src.Query(ctx, q)
	r.mu.Lock()
	r.seen = append(r.seen, q.Metric+"="+sampleString(s))
	r.mu.Unlock()
	return s
}

func (r *recordingSource) take() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := dash(strings.Join(r.seen, ", "))
	r.seen = nil
	return out
}

// sampleString shows a value with four significant digits (Prometheus ratios carry float noise).
func sampleString(s observe.Sample) string {
	if s.Kind == observe.HasValue {
		return strconv.FormatFloat(s.Value, 'g', 4, 64)
	}
	return s.Kind.String()
}
