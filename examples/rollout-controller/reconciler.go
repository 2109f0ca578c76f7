package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/client-go/tools/events"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

// Reconciler runs one runner.Runner tick per analysis interval for every Deployment annotated with
// AnnotationAnalysis. All state lives on the cluster (the record annotation, the Deployments, the
// VirtualService), so the controller can be restarted at any point.
type Reconciler struct {
	Client   client.Client
	Metrics  runner.MetricSource
	Hooks    runner.HookCaller
	Provider observe.Provider
	Recorder events.EventRecorder
	// Now is the clock; tests may replace it.
	Now func() time.Time
}

// Reconcile implements reconcile.Reconciler.
func (r *Reconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	target := &appsv1.Deployment{}
	if err := r.Client.Get(ctx, req.NamespacedName, target); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	raw, ok := target.Annotations[AnnotationAnalysis]
	if !ok {
		return ctrl.Result{}, nil
	}
	spec, err := decodeSpec(raw)
	if err != nil {
		r.event(target, "Warning", "InvalidAnalysis", err.Error())
		return ctrl.Result{}, reconcile.TerminalError(err)
	}
	router, err := r.bootstrap(ctx, target)
	if err != nil {
		return ctrl.Result{}, err
	}
	return r.tick(ctx, target, spec, router)
}

func decodeSpec(raw string) (rollout.Spec, error) {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	var spec rollout.Spec
	if err := dec.Decode(&spec); err != nil {
		return spec, fmt.Errorf("annotation %s: %w", AnnotationAnalysis, err)
	}
	return spec, spec.Validate()
}

// service is the traffic model of a target: clients address <name>; the primary and canary are the
// services <name>-primary and <name>-canary.
func service(target *appsv1.Deployment) traffic.Service {
	return traffic.Service{Name: target.Name, Namespace: target.Namespace, Hosts: []string{target.Name},
		Primary: traffic.Backend{Host: primaryName(target.Name)}, Canary: traffic.Backend{Host: target.Name + "-canary"}}
}

// bootstrap sets a target up on first sight: the primary (a copy of the target), the routes, and
// the target, which serves as the canary, scaled to zero until a rollout needs it. Until the first
// tick has written the record every step is retried and each is idempotent, so a failure halfway
// is finished by the next reconcile; afterwards the runner owns these objects, and a VirtualService
// deleted mid-rollout is reported rather than silently recreated.
func (r *Reconciler) bootstrap(ctx context.Context, target *appsv1.Deployment) (*istio.Router, error) {
	router, err := istio.New(r.Client, istio.Options{Service: service(target), Labels: map[string]string{"app": target.Name}})
	if err != nil {
		return nil, err
	}
	if _, set := target.Annotations[AnnotationRecord]; set {
		return router, nil
	}
	if err := r.Client.Create(ctx, newPrimary(target)); client.IgnoreAlreadyExists(err) != nil {
		return nil, fmt.Errorf("create primary of %s/%s: %w", target.Namespace, target.Name, err)
	}
	if err := router.Ensure(ctx); err != nil {
		return nil, err
	}
	w := &deploymentWorkload{c: r.Client, target: client.ObjectKeyFromObject(target)}
	if err := w.ScaleCanary(ctx, false); err != nil {
		return nil, err
	}
	r.event(target, "Normal", "Initialized", "created "+primaryName(target.Name)+" and the routes; the canary waits at zero replicas")
	return router, nil
}

// tick runs the runner when a tick is due and asks to be woken for the next one.
func (r *Reconciler) tick(ctx context.Context, target *appsv1.Deployment, spec rollout.Spec, router *istio.Router) (ctrl.Result, error) {
	key := client.ObjectKeyFromObject(target)
	store := &annotationStore{c: r.Client, target: key}
	run, err := runner.New(spec, runner.Target{Name: target.Name, Namespace: target.Namespace, Provider: r.Provider},
		runner.Ports{Workload: &deploymentWorkload{c: r.Client, target: key}, Router: router,
			Metrics: r.Metrics, Hooks: r.Hooks, Store: store})
	if err != nil {
		return ctrl.Result{}, reconcile.TerminalError(err)
	}
	rec, _, err := store.Load(ctx)
	if err != nil {
		return ctrl.Result{}, err
	}
	now := r.Now()
	if wait := run.Due(rec, now); wait > 0 {
		return ctrl.Result{RequeueAfter: wait}, nil // woken by our own writes: not yet
	}
	intents := parseIntents(target.Annotations[AnnotationIntent])
	rep, err := run.Tick(ctx, now, intents)
	if err != nil {
		r.event(target, "Warning", "TickFailed", err.Error())
		return ctrl.Result{}, err
	}
	r.report(ctx, target, rep)
	if intents != (rollout.Intents{}) {
		if err := r.clearIntent(ctx, key); err != nil {
			return ctrl.Result{}, err
		}
	}
	return ctrl.Result{RequeueAfter: spec.EffectiveInterval()}, nil
}
