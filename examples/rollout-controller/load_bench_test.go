package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"maps"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/scheme"
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
	"github.com/fleetkit/fleetkit/rollout/runner"
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

// requestCounter counts the controller's API writes, and every request by verb and resource.
type requestCounter struct {
	writes *atomic.Int64
	mu     sync.Mutex
	byKind map[string]int
}

// countingTransport counts the requests of one client of the controller.
type countingTransport struct {
	next http.RoundTripper
	*requestCounter
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if isWrite(req) {
		t.writes.Add(1)
	}
	t.mu.Lock()
	t.byKind[req.Method+" "+resourceOf(req.URL.Path)]++
	t.mu.Unlock()
	return t.next.RoundTrip(req)
}

// snapshot returns the request counts so far and starts counting anew.
func (t *requestCounter) snapshot() map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.byKind
	t.byKind = map[string]int{}
	return s
}

// resourceOf is the resource a request path addresses: /apis/apps/v1/namespaces/load/deployments/x is
// "deployments" ("deployments primary" for a primary), and a list says so.
func resourceOf(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	for i, p := range parts {
		if p == "namespaces" && i+2 < len(parts) {
			rest := parts[i+2:]
			if len(rest) == 1 {
				return rest[0] + " (list)"
			}
			if strings.HasSuffix(rest[1], "-primary") {
				return rest[0] + " primary"
			}
			return strings.Join(append([]string{rest[0]}, rest[2:]...), "/")
		}
	}
	return path
}

// tickMeter counts the ticks the reconciler reports (Reconciler.Ticked), and those of them that
// analysed, by their metric queries: an analysing tick queries every metric once.
type tickMeter struct {
	mu         sync.Mutex
	queries    map[string]int       // by target, since the start
	tickedNow  map[string]bool      // the reconcile in progress of a target ticked
	last       map[string]time.Time // the last tick's start, by target
	gaps       []time.Duration      // between consecutive ticks of a target
	latencies  []time.Duration      // of the reconciles that ticked
	ticks      int
	analysed   int // ticks that queried metrics
	reconciles int // every reconcile, ticked or not
	statuses   int // status updates of the Deployment controller stand-in
}

// statusWritten counts a status update of the Deployment controller stand-in: one follows every
// record save, since a Deployment's generation counts annotation changes.
func (m *tickMeter) statusWritten() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.statuses++
}

func (m *tickMeter) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gaps, m.latencies, m.ticks, m.analysed, m.reconciles, m.statuses = nil, nil, 0, 0, 0, 0
	clear(m.last)
}

func (m *tickMeter) queried(target string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.queries[target]++
}

func (m *tickMeter) count(target string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.queries[target]
}

// tick is Reconciler.Ticked.
func (m *tickMeter) tick(target client.ObjectKey, _ runner.TickReport) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tickedNow[target.Name] = true
}

// reconciled records a reconcile of target that started at start and took took; whether it
// ticked, and whether it analysed (queried metrics since before).
func (m *tickMeter) reconciled(target string, start time.Time, took time.Duration, before int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reconciles++
	if !m.tickedNow[target] {
		return
	}
	delete(m.tickedNow, target)
	m.ticks++
	if m.queries[target] > before {
		m.analysed++
	}
	m.latencies = append(m.latencies, took)
	if last, ok := m.last[target]; ok {
		m.gaps = append(m.gaps, start.Sub(last))
	}
	m.last[target] = start
}

func (m *tickMeter) report(b *testing.B, window time.Duration, writes int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	ticks := float64(m.ticks)
	b.ReportMetric(ticks/window.Seconds(), "ticks/s")
	b.ReportMetric(float64(m.analysed)/window.Seconds(), "analysed-ticks/s")
	b.ReportMetric(ms2(percentile(m.latencies, 50)), "p50-tick-ms")
	b.ReportMetric(ms2(percentile(m.latencies, 99)), "p99-tick-ms")
	b.ReportMetric(ms2(percentile(m.gaps, 50)), "p50-interval-ms")
	b.ReportMetric(ms2(percentile(m.gaps, 99)), "p99-interval-ms")
	b.ReportMetric(float64(writes)/max(ticks, 1), "writes/tick")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(rssBytes())/(1<<20), "rss-MiB")
	b.Logf("%d rollouts (+%d at rest), %s window, workers %d, QPS %g: %d ticks (%.1f/s, want %.1f/s at 2 s; %d analysed), interval between ticks p50 %s p99 %s (limit 4s), "+
		"tick latency p50 %s p99 %s, %.1f API writes per tick, heap in use %d MiB, RSS %d MiB",
		*loadRollouts, *loadIdle, window, *loadWorkers, *loadQPS, m.ticks, ticks/window.Seconds(), float64(*loadRollouts+*loadIdle)/2, m.analysed,
		percentile(m.gaps, 50), percentile(m.gaps, 99), percentile(m.latencies, 50), percentile(m.latencies, 99),
		float64(writes)/max(ticks, 1), ms.HeapInuse>>20, rssBytes()>>20)
	if p99 := percentile(m.gaps, 99); p99 > 4*time.Second {
		b.Logf("p99 interval between ticks %s is later than twice the 2 s interval", p99)
	}
}

// reportRequests logs the API requests of the window per tick, by verb and resource.
func (m *tickMeter) reportRequests(b *testing.B, byKind map[string]int) {
	m.mu.Lock()
	ticks := max(float64(m.ticks), 1)
	defer m.mu.Unlock()
	keys := slices.Sorted(maps.Keys(byKind))
	var sb strings.Builder
	total := 0
	for _, k := range keys {
		total += byKind[k]
		fmt.Fprintf(&sb, "\n  %-40s %6d  %.2f/tick", k, byKind[k], float64(byKind[k])/ticks)
	}
	b.ReportMetric(float64(total)/ticks, "requests/tick")
	b.ReportMetric(float64(m.reconciles)/ticks, "reconciles/tick")
	b.Logf("the Deployment controller stand-in wrote %d statuses (%.2f per tick): a Deployment's generation counts annotation changes, "+
		"so every record save is followed by one (in a cluster, also by an update of the ReplicaSet, which copies the annotations)",
		m.statuses, float64(m.statuses)/ticks)
	b.Logf("API requests in the window: %d (%.2f per tick)%s", total, float64(total)/ticks, sb.String())
}

func ms2(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

// rssBytes is the process's resident set size (Linux), 0 where unknown.
func rssBytes() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer func() { _ = f.Close() }() // read-only: nothing is lost if closing fails
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// meteredMetrics tells the meter which target each query is for.
type meteredMetrics struct {
	next  *prometheus.Source
	meter *tickMeter
}

func (m *meteredMetrics) Query(ctx context.Context, q observe.Query) observe.Sample {
	if target, ok := ctx.Value(targetKey{}).(string); ok {
		m.meter.queried(target)
	}
	return m.next.Query(ctx, q)
}

type targetKey struct{}

// timedReconciler times each reconcile for the meter.
type timedReconciler struct {
	next  reconcile.Reconciler
	meter *tickMeter
}

func (r *timedReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	before := r.meter.count(req.Name)
	start := time.Now()
	res, err := r.next.Reconcile(context.WithValue(ctx, targetKey{}, req.Name), req)
	r.meter.reconciled(req.Name, start, time.Since(start), before)
	return res, err
}

// cpuTimes is the CPU time (user + system) of this process and of each of its child processes
// (kube-apiserver, etcd, Prometheus), by command name, from /proc (Linux; empty elsewhere).
func cpuTimes() map[string]time.Duration {
	out := map[string]time.Duration{}
	self := strconv.Itoa(os.Getpid())
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		name, ppid, cpu, ok := procStat(e.Name())
		if !ok || (e.Name() != self && ppid != self) {
			continue
		}
		if e.Name() == self {
			name = "controller (test process)"
		}
		out[name] += cpu
	}
	return out
}

// procStat reads the command name, parent pid and CPU time of a process from /proc/<pid>/stat.
func procStat(pid string) (name, ppid string, cpu time.Duration, ok bool) {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return "", "", 0, false
	}
	s := string(b)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return "", "", 0, false
	}
	fields := strings.Fields(s[end+1:]) // state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
	if len(fields) < 13 {
		return "", "", 0, false
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	const clockTicks = 100 // USER_HZ on Linux
	return s[open+1 : end], fields[1], time.Duration(utime+stime) * time.Second / clockTicks, true
}

// reportCPU logs the CPU time each process spent in the window, per tick.
func (m *tickMeter) reportCPU(b *testing.B, before, after map[string]time.Duration) {
	m.mu.Lock()
	ticks := max(float64(m.ticks), 1)
	m.mu.Unlock()
	var sb strings.Builder
	var total time.Duration
	for _, name := range slices.Sorted(maps.Keys(after)) {
		d := after[name] - before[name]
		total += d
		fmt.Fprintf(&sb, "\n  %-28s %8s  %.1f ms/tick", name, d.Round(10*time.Millisecond), ms2(d)/ticks)
	}
	b.ReportMetric(ms2(total)/ticks, "cpu-ms/tick")
	b.Logf("CPU time in the window: %s (%.1f ms per tick)%s", total.Round(10*time.Millisecond), ms2(total)/ticks, sb.String())
}

// profileAPIServer writes a CPU profile of kube-apiserver over window to path (its /debug/pprof).
func profileAPIServer(b *testing.B, path string, window time.Duration) {
	rc, err := rest.RESTClientFor(restConfigForRaw(env.Config))
	if err != nil {
		b.Logf("apiserver profile: %v", err)
		return
	}
	data, err := rc.Get().AbsPath("/debug/pprof/profile").Param("seconds", strconv.Itoa(int(window.Seconds())-1)).
		Timeout(window + 10*time.Second).DoRaw(context.Background())
	if err == nil {
		err = os.WriteFile(path, data, 0o600)
	}
	if err != nil {
		b.Logf("apiserver profile: %v", err)
	}
}

func restConfigForRaw(c *rest.Config) *rest.Config {
	cfg := rest.CopyConfig(c)
	cfg.GroupVersion = &corev1.SchemeGroupVersion
	cfg.NegotiatedSerializer = scheme.Codecs.WithoutConversion()
	return cfg
}

// profileController starts a CPU profile of this process into path, and returns what stops it.
func profileController(b *testing.B, path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	require.NoError(b, err)
	require.NoError(b, pprof.StartCPUProfile(f))
	return func() {
		pprof.StopCPUProfile()
		require.NoError(b, f.Close())
	}
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
