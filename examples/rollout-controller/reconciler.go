package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/client-go/tools/events"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

// conflictRetry is how soon a reconcile that lost a write race re-reads and decides again.
const conflictRetry = 100 * time.Millisecond

// Reconciler runs one runner.Runner tick per analysis interval for every Deployment annotated with
// kube.AnnotationAnalysis. All state lives on the cluster (the record annotation, the Deployments,
// the VirtualService), so the controller can be restarted at any point.
type Reconciler struct {
	Client client.Client
	// Reader reads what decisions depend on being current; the manager's API reader.
	Reader   client.Reader
	Metrics  runner.MetricSource
	Hooks    runner.HookCaller
	Provider observe.Provider
	// IngressSuffix names a Deployment's canary ingress for the NGINX queries: the Deployment's name
	// plus IngressSuffix. Empty leaves Variables.Ingress unset, which runner.New refuses for them.
	IngressSuffix string
	Recorder      events.EventRecorder
	// Now is the clock; tests may replace it.
	Now func() time.Time
	// Ticked, when set, is told about every tick that ran to its end (for metrics; the load
	// benchmark counts ticks with it).
	Ticked func(target client.ObjectKey, rep runner.TickReport)
}

// ports are the adapters of one target.
type ports struct {
	target   client.ObjectKey
	router   *istio.Router
	workload *kube.Workload
	store    *kube.Store
	intents  *kube.Intents
}

// Reconcile implements reconcile.Reconciler.
func (r *Reconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	target := &appsv1.Deployment{}
	if err := r.Client.Get(ctx, req.NamespacedName, target); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	raw, ok := target.Annotations[kube.AnnotationAnalysis]
	if !ok {
		return r.letGo(ctx, target)
	}
	spec, err := decodeSpec(raw)
	if err != nil {
		return r.invalid(target, err)
	}
	p, err := r.portsOf(target)
	if err != nil {
		r.event(target, "Warning", "SetupFailed", err.Error())
		return ctrl.Result{}, reconcile.TerminalError(err)
	}
	// runner.New checks what decoding cannot (a metric without a query or whose template does not
	// render, a missing variable): such a spec is refused before anything is set up for it.
	run, err := runner.New(spec, r.runnerTarget(target),
		runner.Ports{Workload: p.workload, Router: p.router, Metrics: r.Metrics, Hooks: r.Hooks, Store: p.store})
	if err != nil {
		return r.invalid(target, fmt.Errorf("annotation %s: %w", kube.AnnotationAnalysis, err))
	}
	rec, err := r.prepare(ctx, target, p)
	if errors.Is(err, kube.ErrConflict) {
		return ctrl.Result{RequeueAfter: conflictRetry}, nil
	}
	if err != nil {
		// An unowned primary, routes another tool owns, RBAC: retried with backoff, and said on
		// the Deployment each time, not only in the controller's logs.
		r.event(target, "Warning", "SetupFailed", err.Error())
		return ctrl.Result{}, err
	}
	return r.tick(ctx, target, spec, run, p, rec)
}

// letGo makes safe a target whose analysis annotation was removed while it has a record
// (kube.Release) and says what it did in an event. A missing primary is left to the user: nothing
// changes until they restore the annotation or delete the record, and either edit reconciles
// again, so it is not retried.
func (r *Reconciler) letGo(ctx context.Context, target *appsv1.Deployment) (ctrl.Result, error) {
	if _, ok := target.Annotations[kube.AnnotationRecord]; !ok {
		return ctrl.Result{}, nil
	}
	p, err := r.portsOf(target)
	if err != nil {
		r.event(target, "Warning", "SetupFailed", err.Error())
		return ctrl.Result{}, reconcile.TerminalError(err)
	}
	rel, err := kube.Release(ctx, p.workload, absentRoutesSendNothing{p.router}, p.store)
	switch {
	case errors.Is(err, kube.ErrConflict) ||
		errors.Is(err, traffic.ErrRoutesChanged) && !errors.Is(err, istio.ErrUnrecognizedRoutes): // edited meanwhile
		log.FromContext(ctx).Info("another writer changed the record or the routes; deciding again", "error", err.Error())
		return ctrl.Result{RequeueAfter: conflictRetry}, nil
	case err != nil:
		r.event(target, "Warning", "ReleaseFailed", fmt.Sprintf("annotation %s removed: %v", kube.AnnotationAnalysis, err))
		if errors.Is(err, kube.ErrPrimaryMissing) {
			return ctrl.Result{}, reconcile.TerminalError(err)
		}
		return ctrl.Result{}, err
	case rel.Removed:
		r.event(target, "Normal", "AnalysisRemoved", fmt.Sprintf("annotation %s removed: %s", kube.AnnotationAnalysis, rel.Message()))
	}
	return ctrl.Result{}, nil
}

// absentRoutesSendNothing is the target's router for kube.Release: a VirtualService that does not
// exist sends no traffic to the canary (the Service's own routing does, which scaling the canary
// down ends), so it reads as all-to-the-primary and is not recreated.
type absentRoutesSendNothing struct{ *istio.Router }

func (a absentRoutesSendNothing) GetRoutes(ctx context.Context) (traffic.Split, error) {
	routes, err := a.Router.GetRoutes(ctx)
	if errors.Is(err, istio.ErrNotFound) {
		return traffic.PrimaryOnly(), nil
	}
	return routes, err
}

// invalid reports an analysis annotation that cannot run; retrying does not fix it, a change of
// the annotation does.
func (r *Reconciler) invalid(target *appsv1.Deployment, err error) (ctrl.Result, error) {
	r.event(target, "Warning", "InvalidAnalysis", err.Error())
	return ctrl.Result{}, reconcile.TerminalError(err)
}

func decodeSpec(raw string) (rollout.Spec, error) {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	var spec rollout.Spec
	if err := dec.Decode(&spec); err != nil {
		return spec, fmt.Errorf("annotation %s: %w", kube.AnnotationAnalysis, err)
	}
	if err := spec.Validate(); err != nil {
		return spec, fmt.Errorf("annotation %s: %w", kube.AnnotationAnalysis, err)
	}
	return spec, nil
}

// service is the traffic model of a target: clients address <name>; the primary and canary are the
// services <name>-primary and <name>-canary.
func service(target *appsv1.Deployment) traffic.Service {
	return traffic.Service{Name: target.Name, Namespace: target.Namespace, Hosts: []string{target.Name},
		Primary: traffic.Backend{Host: kube.PrimaryName(target.Name)}, Canary: traffic.Backend{Host: target.Name + "-canary"}}
}

// portsOf returns the adapters of one reconcile. They share a kube.Session: the target Deployment
// is read from the API server once per reconcile however many adapters read it, and the answers of
// the reconcile's own writes replace it.
func (r *Reconciler) portsOf(target *appsv1.Deployment) (ports, error) {
	p := ports{target: client.ObjectKeyFromObject(target)}
	session, err := kube.NewSession(r.Client, r.Reader)
	if err != nil {
		return p, err
	}
	c, opts := session.Client(), kube.Options{Target: client.ObjectKeyFromObject(target), Reader: session}
	if p.router, err = istio.New(r.Client, istio.Options{Service: service(target), Labels: map[string]string{"app": target.Name}}); err != nil {
		return p, err
	}
	if p.workload, err = kube.NewWorkload(c, opts); err != nil {
		return p, err
	}
	if p.store, err = kube.NewStore(c, opts); err != nil {
		return p, err
	}
	p.intents, err = kube.NewIntents(c, opts)
	return p, err
}

// prepare returns the target's record, after kube.Prepare when there is no readable one: on first
// sight, and when the record was lost mid-rollout, which it reports as a warning. Until a record
// exists every step is retried and each is idempotent; afterwards the runner owns the objects, and
// a VirtualService deleted mid-rollout is reported rather than silently recreated. A primary
// missing under a readable record is the exception (see recreatePrimary): without it every tick
// fails while the routes keep sending traffic to it.
func (r *Reconciler) prepare(ctx context.Context, target *appsv1.Deployment, p ports) (runner.Record, error) {
	rec, found, err := p.store.Load(ctx)
	unreadable := errors.Is(err, runner.ErrInvalidRecord) || (err == nil && found && rec.Status.Validate() != nil)
	if err != nil && !unreadable {
		return rec, err
	}
	if found && !unreadable {
		present, err := p.workload.PrimaryExists(ctx) // the tick's own read of the primary, through the session
		if err != nil || present {
			return rec, err
		}
		return r.recreatePrimary(ctx, target, p, rec)
	}
	prep, err := r.setUp(ctx, p)
	if err != nil {
		return rec, err
	}
	if prep.FirstSight {
		r.event(target, "Normal", "Initialized", prep.Message())
	} else {
		r.event(target, "Warning", "RecordLost", prep.Message())
	}
	rec, _, err = p.store.Load(ctx)
	return rec, err
}

// setUp ensures the routes and runs kube.Prepare.
func (r *Reconciler) setUp(ctx context.Context, p ports) (kube.Preparation, error) {
	if err := p.router.Ensure(ctx); err != nil {
		return kube.Preparation{}, err
	}
	return kube.Prepare(ctx, p.workload, p.router, p.store)
}

// recreatePrimary treats a record without its primary (deleted by hand, or garbage-collected after
// the target was recreated with a copied record) as a lost record: it removes the record first,
// so that a recovery interrupted halfway is finished by the lost-record path (which the primary
// it may have created no longer hides), then kube.Prepare recreates the primary, routes all
// traffic to it, scales the canary down and saves a new record. The only template left to
// recreate the primary from is the target's: when that is not the revision the record says the
// primary ran, it serves all traffic without analysis. The PrimaryMissing warning says so before
// the record is removed: once it is, a later reconcile sees only a lost record.
func (r *Reconciler) recreatePrimary(ctx context.Context, target *appsv1.Deployment, p ports, lost runner.Record) (runner.Record, error) {
	rev, err := kube.RevisionOf(target)
	if err != nil {
		return lost, err
	}
	msg := fmt.Sprintf("the primary %s was missing while the rollout record said %s: recreating it from the target's template, "+
		"routing all traffic to it and scaling the canary down", kube.PrimaryName(target.Name), lost.Status.Phase)
	if prev := lost.Status.LastPromotedRevision; rev != prev {
		msg += fmt.Sprintf("; the target's template is at revision %s, which then serves all traffic without analysis "+
			"(the primary ran %s): roll the target back to that version if this is not intended", rev, prev)
	}
	r.event(target, "Warning", "PrimaryMissing", msg)
	if err := p.store.Remove(ctx); err != nil {
		return lost, err
	}
	prep, err := r.setUp(ctx, p)
	if err != nil {
		return lost, err
	}
	r.event(target, "Normal", "PrimaryRecreated", prep.Message())
	rec, _, err := p.store.Load(ctx)
	return rec, err
}

// runnerTarget is what the runner renders a Deployment's metric templates for.
func (r *Reconciler) runnerTarget(d *appsv1.Deployment) runner.Target {
	t := runner.Target{Name: d.Name, Namespace: d.Namespace, Provider: r.Provider}
	if r.IngressSuffix != "" {
		t.Variables.Ingress = d.Name + r.IngressSuffix
	}
	return t
}

// tick runs the runner when a tick is due, consumes the intent it honoured, and asks to be woken
// for the next one. A write that lost a race with another writer is not a failure: the next
// reconcile re-reads and decides again.
func (r *Reconciler) tick(ctx context.Context, target *appsv1.Deployment, spec rollout.Spec, run *runner.Runner, p ports, rec runner.Record) (ctrl.Result, error) {
	now := r.Now()
	if wait := run.Due(rec, now); wait > 0 {
		return ctrl.Result{RequeueAfter: wait}, nil // woken by our own writes: not yet
	}
	intent, err := p.intents.Read(ctx)
	if err != nil {
		r.event(target, "Warning", "TickFailed", err.Error())
		return ctrl.Result{}, err
	}
	r.reportIntent(target, intent)
	rep, err := run.Tick(ctx, now, intent.Intents)
	if errors.Is(err, kube.ErrConflict) {
		log.FromContext(ctx).Info("another writer saved the record first; deciding again", "error", err.Error())
		return ctrl.Result{RequeueAfter: conflictRetry}, nil
	}
	if err != nil {
		r.event(target, "Warning", "TickFailed", err.Error())
		return ctrl.Result{}, err
	}
	r.report(ctx, target, rep)
	if r.Ticked != nil {
		r.Ticked(client.ObjectKeyFromObject(target), rep)
	}
	if _, err := p.intents.Consume(ctx, intent); err != nil {
		r.event(target, "Warning", "IntentNotConsumed", fmt.Sprintf("%v; the next tick honours %q again", err, intent.Raw))
		return ctrl.Result{}, err
	}
	return ctrl.Result{RequeueAfter: spec.EffectiveInterval()}, nil
}
