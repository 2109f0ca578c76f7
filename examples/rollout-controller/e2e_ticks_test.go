package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/util/retry"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

// The tick-driven harness of the fault suite: the controller's Reconciler is called directly, one
// analysis interval at a time on a fake clock, through a client whose transport counts the
// controller's API writes and injects faults at a chosen one. Nothing runs in the background, so
// a step is exactly "advance the clock, reconcile until quiet, check the world".

// errKilled is what a killed controller's requests fail with: the process is gone.
var errKilled = errors.New("controller killed")

// faults is the fault plan of one controller replica and its count of API writes.
type faults struct {
	mu         sync.Mutex
	writes     int
	killAt     int // the controller dies just before this write (1-based); 0: never
	conflictAt int // this write is answered 409 Conflict without reaching the server; 0: never
	dead       bool
	record     bool     // keep log
	log        []string // the writes, "method path", when record is set
}

func (f *faults) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.writes
}

func (f *faults) isDead() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.dead
}

// decide counts req when it is a write and says what happens to it.
func (f *faults) decide(req *http.Request) (killed, conflict bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.dead && isWrite(req) {
		f.writes++
		if f.record {
			f.log = append(f.log, fmt.Sprintf("%2d %s %s", f.writes, req.Method, req.URL.Path))
		}
		f.dead = f.writes == f.killAt
		conflict = f.writes == f.conflictAt
	}
	return f.dead, conflict
}

func isWrite(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return !strings.Contains(req.URL.Path, "/events")
}

// faultTransport applies a replica's faults to its requests.
type faultTransport struct {
	next http.RoundTripper
	f    *faults
}

func (t *faultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	killed, conflict := t.f.decide(req)
	switch {
	case killed:
		return nil, errKilled
	case conflict:
		body := `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Conflict","code":409,` +
			`"message":"injected conflict: the object has been modified"}`
		return &http.Response{StatusCode: http.StatusConflict, Status: "409 Conflict", Request: req,
			Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body)),
			ContentLength: int64(len(body)), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}, nil
	}
	return t.next.RoundTrip(req)
}

// fakeClock is the controllers' clock: it moves only when the harness says so.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// flakyMetrics is the metric source of the suite: the real Prometheus, unless the test stopped it,
// when every query fails as an unreachable server does.
type flakyMetrics struct {
	next runner.MetricSource
	down atomic.Bool
}

func (m *flakyMetrics) Query(ctx context.Context, q observe.Query) observe.Sample {
	if m.down.Load() {
		return observe.Sample{Kind: observe.QueryError, Err: "connection refused (Prometheus stopped by the test)"}
	}
	return m.next.Query(ctx, q)
}

// replica is one controller process: a Reconciler and the faults of its transport.
type replica struct {
	r *Reconciler
	f *faults
}

// tickWorld is one rollout target driven tick by tick, with the invariants checked after every step.
type tickWorld struct {
	t        *testing.T
	ns       string
	interval time.Duration
	clock    *fakeClock
	metrics  runner.MetricSource
	observer *istio.Router // reads the routes for the checks, without faults
	check    *invariantChecker
	replicas []*replica
	kills    int
	onKill   func() // runs between a kill and the start of the fresh replica
	step     int
}

// newTickWorld creates the namespace and the annotated target (analysis is its spec) and one
// replica with faults f.
func newTickWorld(t *testing.T, ns, analysis string, metrics runner.MetricSource, f *faults) *tickWorld {
	spec, err := decodeSpec(analysis)
	require.NoError(t, err)
	w := &tickWorld{t: t, ns: ns, interval: spec.EffectiveInterval(), metrics: metrics,
		clock: &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, check: newInvariantChecker(spec.MaxWeight)}
	ctx := context.Background()
	require.NoError(t, env.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}))
	target := recommender(ns)
	target.Annotations[kube.AnnotationAnalysis] = analysis
	require.NoError(t, env.Create(ctx, target))
	w.observer, err = istio.New(env.Client, istio.Options{Service: service(target)})
	require.NoError(t, err)
	w.replicas = []*replica{w.newReplica(f)}
	return w
}

// newReplica starts a controller process whose API client carries the faults f (nil: none).
func (w *tickWorld) newReplica(f *faults) *replica {
	if f == nil {
		f = &faults{}
	}
	cfg := rest.CopyConfig(env.Config)
	cfg.QPS, cfg.Burst = 1000, 2000
	cfg.WrapTransport = func(rt http.RoundTripper) http.RoundTripper { return &faultTransport{next: rt, f: f} }
	c, err := client.New(cfg, client.Options{Scheme: env.Scheme})
	require.NoError(w.t, err)
	return &replica{f: f, r: &Reconciler{Client: c, Reader: c, Metrics: w.metrics, Provider: observe.Istio, Now: w.clock.Now}}
}

// tick advances the clock one interval and lets every replica reconcile, concurrently; it checks
// the world before the fake kubelet catches up with the Deployments (the strictest moment for
// readiness) and returns what it saw.
func (w *tickWorld) tick() snapshot {
	w.clock.advance(w.interval)
	w.reconcileAll()
	s := w.snapshot()
	w.step++
	w.check.observe("tick "+strconv.Itoa(w.step), s)
	w.kubelet()
	return s
}

func (w *tickWorld) reconcileAll() {
	var wg sync.WaitGroup
	for _, rep := range w.replicas {
		wg.Go(func() { w.reconcileUntilQuiet(rep) })
	}
	wg.Wait()
	for i, rep := range w.replicas {
		if rep.f.isDead() { // killed: a fresh process takes over at once, knowing nothing
			w.kills++
			if w.onKill != nil {
				w.onKill()
			}
			w.replicas[i] = w.newReplica(nil)
			w.reconcileUntilQuiet(w.replicas[i])
		}
	}
}

// reconcileUntilQuiet reconciles as controller-runtime would: again after an error or a lost
// race, and again after the reconcile's own writes (the watch would wake it), until a reconcile
// writes nothing or the replica is dead.
func (w *tickWorld) reconcileUntilQuiet(rep *replica) {
	req := ctrl.Request{NamespacedName: types.NamespacedName{Namespace: w.ns, Name: "recommender"}}
	for range 6 {
		before := rep.f.count()
		res, err := rep.r.Reconcile(context.Background(), req)
		if rep.f.isDead() {
			return
		}
		if err == nil && res.RequeueAfter != conflictRetry && rep.f.count() == before {
			return
		}
	}
}

func (w *tickWorld) kubelet() {
	ctx := context.Background()
	var list appsv1.DeploymentList
	require.NoError(w.t, env.Client.List(ctx, &list, client.InNamespace(w.ns)))
	for i := range list.Items {
		markReady(ctx, env.Client, &list.Items[i])
	}
}

func (w *tickWorld) snapshot() snapshot {
	s, err := takeSnapshot(context.Background(), env.Client, w.observer, w.ns)
	require.NoError(w.t, err)
	return s
}

// until ticks until cond holds of the world, at most max ticks.
func (w *tickWorld) until(max int, what string, cond func(snapshot) bool) snapshot {
	w.t.Helper()
	for range max {
		if s := w.tick(); cond(s) {
			return s
		}
	}
	s := w.snapshot()
	w.t.Fatalf("%s: not reached in %d ticks; record %+v routes %s", what, max, s.record, s.routes)
	return s
}

// release is the developer pushing image: a new revision of the target, which it returns.
func (w *tickWorld) release(image string) string {
	ctx := context.Background()
	var rev string
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		d := &appsv1.Deployment{}
		if err := env.Client.Get(ctx, client.ObjectKey{Namespace: w.ns, Name: "recommender"}, d); err != nil {
			return err
		}
		d.Spec.Template.Spec.Containers[0].Image = image
		var err error
		if rev, err = rollout.RevisionOf(d.Spec.Template); err != nil {
			return err
		}
		return env.Client.Update(ctx, d)
	})
	require.NoError(w.t, err)
	return rev
}

// initialized ticks until the first setup is done.
func (w *tickWorld) initialized() snapshot {
	return w.until(8, "initialised", func(s snapshot) bool {
		return s.hasRecord && s.record.Status.Phase == rollout.Initialized && len(s.record.Pending) == 0
	})
}

// finished ticks until the run ends (Succeeded or Failed, its actions carried out).
func (w *tickWorld) finished(max int) runner.Record {
	s := w.until(max, "rollout finished", func(s snapshot) bool {
		p := s.record.Status.Phase
		return s.hasRecord && len(s.record.Pending) == 0 && (p == rollout.Succeeded || p == rollout.Failed)
	})
	return s.record
}

// deleteRecord is a human (or a GitOps replace) removing the record annotation from the target.
func (w *tickWorld) deleteRecord() {
	ctx := context.Background()
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		d := &appsv1.Deployment{}
		if err := env.Client.Get(ctx, client.ObjectKey{Namespace: w.ns, Name: "recommender"}, d); err != nil {
			return err
		}
		delete(d.Annotations, kube.AnnotationRecord)
		return env.Client.Update(ctx, d)
	})
	require.NoError(w.t, err)
}
