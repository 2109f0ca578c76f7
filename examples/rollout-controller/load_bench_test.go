package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/config"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/fleetkit/fleetkit/internal/testenv"
	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
)

// The load benchmark (make bench-load): one controller, many concurrent rollouts on the test
// environment, one Prometheus serving every workload's series, 2 s analysis intervals. It is a
// benchmark, run once (-benchtime 1x), never part of the timed test run.
var (
	loadRollouts = flag.Int("load-rollouts", 300, "BenchmarkLoad: concurrent rollouts")
	loadWindow   = flag.Duration("load-window", 60*time.Second, "BenchmarkLoad: measured window")
	loadSetup    = flag.Duration("load-setup", 2*time.Minute, "BenchmarkLoad: longest wait for the first setup of every rollout")
	loadIdle     = flag.Int("load-idle", 0, "BenchmarkLoad: rollouts at rest besides the progressing ones (initialised, never released)")
	loadWorkers  = flag.Int("load-workers", 8, "BenchmarkLoad: MaxConcurrentReconciles (the controller's --workers, 8 by default)")
	loadCtrlProf = flag.String("load-controller-profile", "", "BenchmarkLoad: write a CPU profile of the controller (this process) over the window to this file")
	loadProfile  = flag.String("load-apiserver-profile", "", "BenchmarkLoad: write a CPU profile of kube-apiserver over the window to this file")
	loadQPS      = flag.Float64("load-qps", -1, "BenchmarkLoad: client QPS (burst twice that); -1, as ctrl.GetConfig sets, disables client-side limits")
)

// loadAnalysis is long enough (50 steps of 1%) that every rollout is still progressing at the
// end of the window.
const loadAnalysis = `{"interval":"2s","threshold":5,"maxWeight":50,"stepWeight":1,
 "metrics":[{"name":"request-success-rate","interval":"30s","thresholdRange":{"min":99}},
            {"name":"request-duration","interval":"30s","thresholdRange":{"max":500}}]}`

const loadNamespace = "load"

func BenchmarkLoad(b *testing.B) {
	n := *loadRollouts
	names := make([]string, n+*loadIdle)
	for i := range names {
		names[i] = fmt.Sprintf("svc-%03d", i)
	}
	meter := &tickMeter{last: map[string]time.Time{}, queries: map[string]int{}, tickedNow: map[string]bool{}}
	requests := &requestCounter{writes: &atomic.Int64{}, byKind: map[string]int{}}
	writes := requests.writes
	source := startLoadPrometheus(b, names)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	require.NoError(b, env.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: loadNamespace}}))
	for _, name := range names {
		require.NoError(b, env.Create(ctx, loadTarget(name)))
	}
	stop := startLoadController(b, ctx, &meteredMetrics{next: source, meter: meter}, meter, requests)
	defer stop()
	initialized := waitAllPhase(b, len(names), *loadSetup, rollout.Initialized)
	for _, name := range names[:n] {
		releaseLoadTarget(b, name)
	}
	progressing := waitAllPhase(b, n, *loadSetup/2, rollout.Progressing)
	b.Logf("before the window: %d of %d rollouts initialised, %d progressing, %d at rest", initialized, len(names), progressing, *loadIdle)
	meter.reset()
	w0 := writes.Load()
	requests.snapshot()
	cpu0 := cpuTimes()
	b.ResetTimer()
	if *loadProfile != "" {
		go profileAPIServer(b, *loadProfile, *loadWindow)
	}
	stopProfile := profileController(b, *loadCtrlProf)
	time.Sleep(*loadWindow)
	stopProfile()
	b.StopTimer()
	meter.report(b, *loadWindow, writes.Load()-w0)
	meter.reportRequests(b, requests.snapshot())
	meter.reportCPU(b, cpu0, cpuTimes())

}

func loadTarget(name string) *appsv1.Deployment {
	d := recommender(loadNamespace)
	labels := map[string]string{"app": name}
	d.Name, d.Annotations[kube.AnnotationAnalysis] = name, loadAnalysis
	d.Spec.Selector.MatchLabels, d.Spec.Template.Labels = labels, labels
	return d
}

func releaseLoadTarget(b *testing.B, name string) {
	ctx := context.Background()
	for {
		d := &appsv1.Deployment{}
		require.NoError(b, env.Client.Get(ctx, client.ObjectKey{Namespace: loadNamespace, Name: name}, d))
		d.Spec.Template.Spec.Containers[0].Image = newImage
		if err := env.Client.Update(ctx, d); err == nil {
			return
		}
	}
}

// startLoadPrometheus serves every workload's series from one exporter, scraped by one Prometheus.
func startLoadPrometheus(b *testing.B, names []string) *prometheus.Source {
	exporter := newIstioExporter()
	b.Cleanup(exporter.Close)
	for _, name := range names {
		exporter.set(loadNamespace, name, batch{ok: 100, latencyMs: 40})
	}
	prom := testenv.StartPrometheus(b, testenv.PrometheusOptions{ScrapeTargets: []testenv.ScrapeTarget{
		{Address: strings.TrimPrefix(exporter.URL, "http://")}}})
	source, err := prometheus.NewForAddress(prom.URL, prometheus.Options{Provider: observe.Istio})
	require.NoError(b, err)
	return source
}

// startLoadController runs the controller as main wires it, with its API requests counted and
// every reconcile timed, and the kubelet stand-in; it returns the function that stops them.
func startLoadController(b *testing.B, ctx context.Context, metrics *meteredMetrics, meter *tickMeter, requests *requestCounter) func() {
	cfg := rest.CopyConfig(env.Config)
	cfg.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
		return &countingTransport{next: rt, requestCounter: requests}
	}
	cfg.QPS, cfg.Burst = float32(*loadQPS), max(int(2**loadQPS), 0)
	opts := managerOptions(env.Scheme, false, "")
	opts.Metrics, opts.HealthProbeBindAddress = metricsserver.Options{BindAddress: "0"}, "0"
	opts.Controller = config.Controller{SkipNameValidation: ptr.To(true), MaxConcurrentReconciles: *loadWorkers}
	mgr, err := ctrl.NewManager(cfg, opts)
	require.NoError(b, err)
	r := newReconciler(mgr, metrics, nil, observe.Istio)
	r.Ticked = meter.tick
	require.NoError(b, setup(mgr, &timedReconciler{next: r, meter: meter})) // the controller's own watch and predicates
	require.NoError(b, setupLoadKubelet(mgr, meter))
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { _ = mgr.Start(ctx); close(done) }()
	return func() { cancel(); <-done }
}

// waitAllPhase waits until n records in the namespace are in phase, at most timeout, and returns
// how many are. A controller that cannot keep up is measured all the same.
func waitAllPhase(b *testing.B, n int, timeout time.Duration, phase rollout.Phase) int {
	deadline := time.Now().Add(timeout)
	count := 0
	for time.Now().Before(deadline) {
		var list appsv1.DeploymentList
		require.NoError(b, env.Client.List(context.Background(), &list, client.InNamespace(loadNamespace)))
		count = 0
		for _, d := range list.Items {
			if strings.Contains(d.Annotations[kube.AnnotationRecord], `"phase":"`+string(phase)+`"`) {
				count++
			}
		}
		if count >= n {
			return count
		}
		time.Sleep(time.Second)
	}
	b.Logf("%d of %d rollouts reached %s in %s", count, n, phase, timeout)
	return count
}

// setupLoadKubelet plays the Deployment controller and the kubelet for the load: every Deployment
// whose status is behind its spec is marked ready at once, by four workers fed by the manager's
// informer (as the Deployment controller is), writing with the test's own client so that the
// controller's request counts stay its own. Polling with LISTs of every Deployment would cost the
// API server more than the rollouts, and a serial loop falls behind the record saves, whose
// generation bumps make canaries look not ready.
func setupLoadKubelet(mgr ctrl.Manager, meter *tickMeter) error {
	mark := reconcile.Func(func(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
		d := &appsv1.Deployment{}
		if err := mgr.GetClient().Get(ctx, req.NamespacedName, d); err != nil {
			return ctrl.Result{}, client.IgnoreNotFound(err)
		}
		n := ptr.Deref(d.Spec.Replicas, 1)
		if d.Status.ObservedGeneration == d.Generation && d.Status.Replicas == n {
			return ctrl.Result{}, nil
		}
		d.Status = appsv1.DeploymentStatus{ObservedGeneration: d.Generation, Replicas: n, UpdatedReplicas: n,
			ReadyReplicas: n, AvailableReplicas: n}
		err := env.Client.Status().Update(ctx, d)
		if err == nil {
			meter.statusWritten()
		}
		if apierrors.IsConflict(err) {
			return ctrl.Result{RequeueAfter: 10 * time.Millisecond}, nil
		}
		return ctrl.Result{}, err
	})
	return ctrl.NewControllerManagedBy(mgr).Named("load-kubelet").For(&appsv1.Deployment{}).
		WithOptions(controller.Options{MaxConcurrentReconciles: 4, SkipNameValidation: ptr.To(true)}).Complete(mark)
}
