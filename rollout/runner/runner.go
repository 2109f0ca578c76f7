package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
)

// Ports are the adapters a Runner drives. Workload, Router and Store are required; Metrics is
// required when the spec has metrics, Hooks when it has webhooks.
type Ports struct {
	Workload Workload
	Router   TrafficRouter
	Metrics  MetricSource
	Hooks    HookCaller
	Store    StatusStore
}

// Target names the rollout's workload and how its metric templates are rendered.
type Target struct {
	Name      string
	Namespace string
	// Provider selects the built-in metric templates (observe.Istio, observe.NGINX).
	Provider observe.Provider
	// Variables are the template variables; Name, Target and Namespace default to the target's.
	// The NGINX templates also need Ingress, the canary ingress they select (New refuses them without it).
	Variables observe.Variables
}

// Runner executes rollout.Step's decisions through the ports, one Tick per analysis interval. It
// holds no state between ticks beyond the ports: everything it needs is in the StatusStore, so a
// Runner created after a restart continues where the last one stopped. A Runner is not safe for
// concurrent Ticks on the same target; controllers serialise reconciles per object.
type Runner struct {
	spec   rollout.Spec
	target Target
	ports  Ports
}

// New validates the spec and the ports, and renders every metric once for the target, so that a
// rollout that could not be analysed is refused before any traffic moves. A missing port is a
// *rollout.ValidationError matching ErrInvalidPorts; a metric that does not render (an unknown
// template, no provider for a built-in one, a query that does not parse or uses a variable the
// target does not set) is one matching ErrInvalidMetric, naming the metric, for each such metric.
func New(spec rollout.Spec, target Target, ports Ports) (*Runner, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	missing := func(field string) error {
		return &rollout.ValidationError{Kind: ErrInvalidPorts, Field: "ports." + field, Reason: "is required"}
	}
	switch {
	case ports.Workload == nil:
		return nil, missing("workload")
	case ports.Router == nil:
		return nil, missing("router")
	case ports.Store == nil:
		return nil, missing("store")
	case len(spec.Metrics) > 0 && ports.Metrics == nil:
		return nil, missing("metrics")
	case len(spec.Webhooks) > 0 && ports.Hooks == nil:
		return nil, missing("hooks")
	}
	if target.Variables.Name == "" {
		target.Variables.Name = target.Name
	}
	if target.Variables.Target == "" { // Flagger's {{ target }} is the target workload's name
		target.Variables.Target = target.Name
	}
	if target.Variables.Namespace == "" {
		target.Variables.Namespace = target.Namespace
	}
	if err := checkMetrics(&spec, &target); err != nil {
		return nil, err
	}
	return &Runner{spec: spec, target: target, ports: ports}, nil
}

// TickReport is what one Tick decided and did. Its Events are the engine's
// plus the Runner's own: PromotionRefused (a promotion not carried out, the
// run analysing again), RoutesDrifted and RoutesReasserted (routes changed
// by someone else, see the package documentation). Its Status is the one
// stored, which a refused promotion changes after the decision.
type TickReport struct {
	rollout.Result
	// Replayed counts pending actions of an interrupted earlier tick carried out first.
	Replayed int
	// HookErrors explains webhook calls that failed, by webhook name (the failure itself is already
	// a HookFail result the engine acted on).
	HookErrors map[string]string
}

// Tick runs one analysis interval at time now: finish any interrupted tick, observe, decide, persist
// the decision, carry it out. A port error returns ErrPort wrapped with what failed; the decided
// status is kept and its remaining actions are replayed by the next Tick. A promotion the workload
// refuses because the canary's template moved on (ErrRevisionChanged) is not an error: the run is
// analysing again (rollout.RefusedPromotion) and the report has a PromotionRefused event. Routes
// changed by someone else stop the tick with a *DriftError, or are re-asserted, as the spec's
// Options.RouteDrift says (see the package documentation).
func (r *Runner) Tick(ctx context.Context, now time.Time, intents rollout.Intents) (TickReport, error) {
	var rep TickReport
	rec, err := r.load(ctx)
	if err != nil {
		return rep, err
	}
	if rep.Replayed, rep.Events, err = r.finish(ctx, &rec); err != nil {
		return rep, err
	}
	obs, note, err := r.observe(ctx, now, intents, rec.Status.Routes)
	if note != nil {
		rep.Events = append(rep.Events, *note)
	}
	if err != nil {
		return rep, err
	}
	if rec.Status.Phase == rollout.Initializing {
		rec.Status = rollout.InitialStatus(obs.Revision)
	}
	res, hookErrs, err := r.decide(ctx, rec.Status, obs)
	if err != nil {
		return rep, err
	}
	replayNotes := rep.Events
	rep.Result, rep.HookErrors = res, hookErrs
	rep.Events = append(replayNotes, res.Events...)
	next := Record{Status: res.Status, Pending: pendingOf(res.Actions, *obs.Routes), LastTick: now}
	if unchanged(rec, next) {
		rep.Status = rec.Status
		return rep, nil // an idle tick: nothing to save, nothing to carry out
	}
	rec = next
	if err := r.save(ctx, rec); err != nil {
		return rep, err
	}
	_, notes, err := r.finish(ctx, &rec)
	rep.Events = append(rep.Events, notes...)
	rep.Status = rec.Status
	return rep, err
}

// unchanged reports whether a tick decided nothing new over the record it started from: no
// action, the same status. Such a tick (a rollout at rest, waiting for a new revision) saves
// nothing, so rollouts at rest cost no writes; its LastTick stays that of the last tick that changed
// the record, which makes the target due again at every wake-up, where a tick at rest only reads.
func unchanged(prev, next Record) bool {
	if prev.LastTick.IsZero() || len(prev.Pending) > 0 || len(next.Pending) > 0 {
		return false
	}
	a, errA := json.Marshal(prev.Status)
	b, errB := json.Marshal(next.Status)
	return errA == nil && errB == nil && bytes.Equal(a, b)
}

// Due reports how long until the next tick is due at time now: zero or less means now. A record
// with no tick yet, or with actions still pending from an interrupted tick, is due at once.
//
// Due tolerates clock jumps (see "Clocks" in the package documentation): it is never more than
// one interval away. A last tick up to one interval in the future (the clock went back a little,
// or another replica's clock is ahead) waits one interval; one further in the future is due at
// once, since waiting for the clock to catch up could stall the rollout for as long as the jump.
func (r *Runner) Due(rec Record, now time.Time) time.Duration {
	if rec.LastTick.IsZero() || len(rec.Pending) > 0 {
		return 0
	}
	interval := r.spec.EffectiveInterval()
	elapsed := now.Sub(rec.LastTick)
	switch {
	case elapsed < -interval:
		return 0
	case elapsed < 0:
		return interval
	}
	return interval - elapsed
}

func (r *Runner) load(ctx context.Context) (Record, error) {
	rec, found, err := r.ports.Store.Load(ctx)
	if err != nil {
		return Record{}, fmt.Errorf("%w: load status of %s: %w", ErrPort, r.ref(), err)
	}
	if !found {
		return Record{}, nil
	}
	if err := rec.Status.Validate(); err != nil {
		return Record{}, fmt.Errorf("%w: stored status of %s: %w", ErrInvalidRecord, r.ref(), err)
	}
	return rec, nil
}

func (r *Runner) save(ctx context.Context, rec Record) error {
	if err := r.ports.Store.Save(ctx, rec); err != nil {
		return fmt.Errorf("%w: save status of %s: %w", ErrPort, r.ref(), err)
	}
	return nil
}

// finish carries out rec's pending actions in order and, when there were any, saves the record
// without them. A failure leaves the saved record as it was, so the next Tick replays them all; the
// actions are idempotent. A promotion that is refused, or that a legacy record did not tie to a
// revision, ends the replay: the status goes back to analysing (rollout.RefusedPromotion), the
// actions after it are dropped, and the event saying so is returned. It returns how many actions it
// carried out.
func (r *Runner) finish(ctx context.Context, rec *Record) (int, []rollout.Event, error) {
	done := 0
	var notes []rollout.Event
	for len(rec.Pending) > 0 {
		a, err := rec.Pending[0].action()
		if err != nil {
			return done, notes, err
		}
		note, err := r.execute(ctx, rec.Pending[0], a, rec.Status)
		if note != nil {
			notes = append(notes, *note)
		}
		if errors.Is(err, ErrRevisionChanged) || errors.Is(err, errUnnamedPromotion) {
			notes = append(notes, r.refuse(rec, a.Revision))
			break
		}
		if err != nil {
			return done, notes, err
		}
		rec.Pending = rec.Pending[1:]
		done++
	}
	if done == 0 && notes == nil {
		return 0, nil, nil
	}
	return done, notes, r.save(ctx, *rec)
}

// refuse records that the promotion rec decided did not happen: nothing after it is carried out and
// the run analyses again.
func (r *Runner) refuse(rec *Record, rev string) rollout.Event {
	if rev == "" {
		rev = rec.Status.LastAppliedRevision
	}
	rec.Status = rollout.RefusedPromotion(rec.Status)
	rec.Pending = nil
	return rollout.Event{Type: rollout.Warning, Reason: rollout.ReasonPromotionRefused, Subject: rev}
}

func (r *Runner) ref() string { return r.target.Namespace + "/" + r.target.Name }
