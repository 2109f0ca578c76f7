package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/util/retry"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/config"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	"github.com/fleetkit/fleetkit/internal/testenv"
	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

var env *testenv.Env

func TestMain(m *testing.M) {
	testenv.Main(m, testenv.Options{CRDs: []testenv.CRDSet{testenv.Istio}}, &env)
}

const analysis = `{"interval":"1s","threshold":2,"maxWeight":50,"stepWeight":10,
 "metrics":[{"name":"request-success-rate","interval":"15s","thresholdRange":{"min":99}},
            {"name":"request-duration","interval":"15s","thresholdRange":{"max":500}}]}`

// stage is one test's world: a namespace with the recommender Deployment, a Prometheus scraping an
// Istio-like exporter, the controller running in a manager, and a fake kubelet.
type stage struct {
	ns       string
	stop     context.CancelFunc // stops the running controller
	exporter *istioExporter
	metrics  *prometheus.Source
	router   *istio.Router
}

// newStage builds the stage; before are created ahead of the target (leftovers of an earlier attempt).
func newStage(t *testing.T, ns string, b batch, before ...client.Object) *stage {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	require.NoError(t, env.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}))
	s := &stage{ns: ns, exporter: newIstioExporter()}
	t.Cleanup(s.exporter.Close)
	s.exporter.set(ns, "recommender", b)
	prom := testenv.StartPrometheus(t, testenv.PrometheusOptions{ScrapeTargets: []testenv.ScrapeTarget{
		{Address: strings.TrimPrefix(s.exporter.URL, "http://")}}})
	var err error
	s.metrics, err = prometheus.NewForAddress(prom.URL, prometheus.Options{Provider: observe.Istio})
	require.NoError(t, err)
	s.startController(t)
	go fakeKubelet(ctx, env.Client, ns)
	for _, obj := range before {
		require.NoError(t, env.Create(ctx, obj))
	}
	require.NoError(t, env.Create(ctx, recommender(ns)))
	s.router, err = istio.New(env.Client, istio.Options{Service: service(recommender(ns))})
	require.NoError(t, err)
	t.Cleanup(func() {
		if t.Failed() {
			s.dumpEvents(t)
		}
	})
	return s
}

// dumpEvents logs the controller's events, the story of the rollout, when a test fails.
func (s *stage) dumpEvents(t *testing.T) {
	var list eventsv1.EventList
	if err := env.Client.List(context.Background(), &list, client.InNamespace(s.ns)); err != nil {
		t.Logf("list events: %v", err)
		return
	}
	for _, e := range list.Items {
		t.Logf("event %s %s: %s", e.Type, e.Reason, e.Note)
	}
}

// startController runs the controller in a manager of its own until s.stop or the test's end.
func (s *stage) startController(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s.stop = cancel
	s.stop = s.runController(t, ctx, cancel, false)
}

// runController starts a manager with the controller's options (leader election when elect is set,
// with the Lease in the stage's namespace) and returns the function that stops it and waits.
func (s *stage) runController(t *testing.T, ctx context.Context, cancel context.CancelFunc, elect bool) func() {
	opts := managerOptions(env.Scheme, elect, s.ns)
	opts.Metrics, opts.HealthProbeBindAddress = metricsserver.Options{BindAddress: "0"}, "0"
	// Each test runs its own manager in this process: controller names repeat across them.
	opts.Controller = config.Controller{SkipNameValidation: ptr.To(true)}
	// Watch only the stage's namespace: the fault suite's rollouts stay behind in theirs, and a
	// cluster-wide controller here would queue them all ahead of the stage's own target.
	opts.Cache = cache.Options{DefaultNamespaces: map[string]cache.Config{s.ns: {}}}
	mgr, err := ctrl.NewManager(env.Config, opts)
	require.NoError(t, err)
	require.NoError(t, setup(mgr, newReconciler(mgr, s.metrics, nil, observe.Istio)))
	done := make(chan struct{})
	go func() { _ = mgr.Start(ctx); close(done) }()
	return func() { cancel(); <-done }
}

func recommender(ns string) *appsv1.Deployment {
	labels := map[string]string{"app": "recommender"}
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "recommender", Namespace: ns, Annotations: map[string]string{kube.AnnotationAnalysis: analysis}},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To(int32(2)),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "registry.corp.example/recommender:1.0"}}},
			},
		},
	}
}

// fakeKubelet plays the workload: no pods run in envtest, so Deployment status is set to "all
// replicas updated and available" whenever a Deployment's spec changes.
func fakeKubelet(ctx context.Context, c client.Client, ns string) {
	for ctx.Err() == nil {
		var list appsv1.DeploymentList
		if err := c.List(ctx, &list, client.InNamespace(ns)); err == nil {
			for i := range list.Items {
				markReady(ctx, c, &list.Items[i])
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func markReady(ctx context.Context, c client.Client, d *appsv1.Deployment) {
	n := ptr.Deref(d.Spec.Replicas, 1)
	if d.Status.ObservedGeneration == d.Generation && d.Status.Replicas == n {
		return
	}
	d.Status = appsv1.DeploymentStatus{ObservedGeneration: d.Generation, Replicas: n, UpdatedReplicas: n,
		ReadyReplicas: n, AvailableReplicas: n}
	_ = c.Status().Update(ctx, d)
}

// record reads the runner's record from the target's annotation; found is false until it exists.
// It never fails the test itself: it runs inside Eventually conditions, on another goroutine.
func (s *stage) record(t *testing.T) (runner.Record, bool) {
	d := &appsv1.Deployment{}
	if err := env.Client.Get(context.Background(), client.ObjectKey{Namespace: s.ns, Name: "recommender"}, d); err != nil {
		t.Logf("read record: %v", err)
		return runner.Record{}, false
	}
	raw, ok := d.Annotations[kube.AnnotationRecord]
	if !ok {
		return runner.Record{}, false
	}
	var rec runner.Record
	if err := json.Unmarshal([]byte(raw), &rec); err != nil {
		t.Errorf("record annotation is not a runner.Record: %v", err)
		return runner.Record{}, false
	}
	return rec, true
}

// waitForMetrics blocks until both built-in metrics have data for the workload through the real query path.
func (s *stage) waitForMetrics(t *testing.T) {
	vars := observe.Variables{Namespace: s.ns, Target: "recommender", Interval: 15 * time.Second}
	for _, name := range []string{observe.RequestSuccessRate, observe.RequestDuration} {
		tmpl, err := observe.Builtin(observe.Istio, name)
		require.NoError(t, err)
		expr, err := tmpl.Render(vars)
		require.NoError(t, err)
		require.Eventually(t, func() bool {
			return s.metrics.Query(context.Background(), observe.Query{Metric: name, Expr: expr}).Kind == observe.HasValue
		}, 30*time.Second, 200*time.Millisecond, "%s never had data", name)
	}
}

// release changes the target's image (a new revision) and records the canary weight of the
// VirtualService each time it changes, until the rollout ends in phase Succeeded or Failed.
func (s *stage) release(t *testing.T, image string) (weights []int, final runner.Record) {
	ctx := context.Background()
	// The controller writes the target's record concurrently: re-read and retry on a conflict, as a
	// user's kubectl apply would.
	require.NoError(t, retry.RetryOnConflict(retry.DefaultRetry, func() error {
		d := &appsv1.Deployment{}
		if err := env.Client.Get(ctx, client.ObjectKey{Namespace: s.ns, Name: "recommender"}, d); err != nil {
			return err
		}
		d.Spec.Template.Spec.Containers[0].Image = image
		return env.Client.Update(ctx, d)
	}))
	weights = []int{0}
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		if r, err := s.router.GetRoutes(ctx); err == nil && r.Canary != weights[len(weights)-1] {
			weights = append(weights, r.Canary)
		}
		// Finished: a final phase whose actions were carried out (the record is written ahead of them).
		if rec, ok := s.record(t); ok && len(weights) > 1 && len(rec.Pending) == 0 &&
			(rec.Status.Phase == rollout.Succeeded || rec.Status.Phase == rollout.Failed) {
			if r, err := s.router.GetRoutes(ctx); err == nil && r.Canary != weights[len(weights)-1] {
				weights = append(weights, r.Canary)
			}
			return weights, rec
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("rollout did not finish in time; weights so far %v", weights)
	return nil, runner.Record{}
}

func (s *stage) deployment(t *testing.T, name string) *appsv1.Deployment {
	d := &appsv1.Deployment{}
	require.NoError(t, env.Client.Get(context.Background(), client.ObjectKey{Namespace: s.ns, Name: name}, d))
	return d
}

// removeAnnotation removes one annotation of the target, as a person would with kubectl.
func (s *stage) removeAnnotation(t *testing.T, key string) {
	d := s.deployment(t, "recommender")
	patch := client.MergeFrom(d.DeepCopy())
	delete(d.Annotations, key)
	require.NoError(t, env.Client.Patch(context.Background(), d, patch))
}

func (s *stage) waitInitialized(t *testing.T) {
	require.Eventually(t, func() bool {
		rec, ok := s.record(t)
		return ok && rec.Status.Phase == rollout.Initialized
	}, 30*time.Second, 100*time.Millisecond, "the controller never initialised the target")
	assert.Equal(t, int32(0), ptr.Deref(s.deployment(t, "recommender").Spec.Replicas, -1), "the canary waits at zero replicas")
}

func TestGoodCanaryIsPromoted(t *testing.T) {
	s := newStage(t, "shop-good", batch{ok: 100, latencyMs: 40})
	s.waitInitialized(t)
	s.waitForMetrics(t)

	weights, rec := s.release(t, "registry.corp.example/recommender:1.1")
	assert.Equal(t, rollout.Succeeded, rec.Status.Phase)
	assert.Equal(t, []int{0, 10, 20, 30, 40, 50, 0}, weights, "VirtualService weights walk 10→50, then 100/0")
	primary := s.deployment(t, "recommender-primary")
	assert.Equal(t, "registry.corp.example/recommender:1.1", primary.Spec.Template.Spec.Containers[0].Image, "the canary spec was promoted")
	assert.Equal(t, int32(0), ptr.Deref(s.deployment(t, "recommender").Spec.Replicas, -1), "the canary is scaled to zero")
	routes, err := s.router.GetRoutes(context.Background())
	require.NoError(t, err)
	assert.Equal(t, traffic.PrimaryOnly(), routes)
}

func TestBadCanaryIsRolledBack(t *testing.T) {
	s := newStage(t, "shop-bad", batch{ok: 70, bad: 30, latencyMs: 40})
	s.waitInitialized(t)
	s.waitForMetrics(t)

	weights, rec := s.release(t, "registry.corp.example/recommender:1.2")
	assert.Equal(t, rollout.Failed, rec.Status.Phase)
	assert.Equal(t, []int{0, 10, 0}, weights, "the canary gets 10% until the 5xx rate fails the analysis twice")
	primary := s.deployment(t, "recommender-primary")
	assert.Equal(t, "registry.corp.example/recommender:1.0", primary.Spec.Template.Spec.Containers[0].Image, "the primary keeps the old version")
	assert.Equal(t, int32(0), ptr.Deref(s.deployment(t, "recommender").Spec.Replicas, -1), "the canary is scaled to zero")
}
