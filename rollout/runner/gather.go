package runner

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

// maxGatherRounds bounds the observe-decide loop of one tick. Every round but the last fetches at
// least one kind of input not fetched before (a webhook type or the metrics), so no tick can need
// more rounds than there are kinds; a canary tick at max weight needs four (rollback and rollout
// webhooks, metrics, confirm-traffic-increase, confirm-promotion).
var maxGatherRounds = len(rollout.AllHookTypes.Types()) + 1

// observe reads what every tick needs: the workload's revision and readiness, and the routes really
// in force, checked against expected, the routes the Runner set last (see checkRoutes).
func (r *Runner) observe(ctx context.Context, now time.Time, intents rollout.Intents,
	expected traffic.Split) (rollout.Observation, *rollout.Event, error) {
	ws, err := r.ports.Workload.Observe(ctx)
	if err != nil {
		return rollout.Observation{}, nil, fmt.Errorf("%w: observe workload %s: %w", ErrPort, r.ref(), err)
	}
	routes, err := r.ports.Router.GetRoutes(ctx)
	note, err := r.checkRoutes(ctx, expected, &routes, err)
	if err != nil {
		return rollout.Observation{}, note, err
	}
	return rollout.Observation{Time: now, Revision: ws.Revision, Primary: ws.Primary, Canary: ws.Canary,
		Routes: &routes, Intents: intents}, note, nil
}

// decide steps, then calls the webhooks and queries the metrics the tick consulted but lacked, and
// steps again from the same status, until the tick needs nothing new. The metric source's warnings
// are appended to the decided events.
func (r *Runner) decide(ctx context.Context, st rollout.Status, obs rollout.Observation) (rollout.Result, map[string]string, error) {
	var hookErrs map[string]string
	var warnings []rollout.Event
	var asked rollout.Needs
	for round := 0; ; round++ {
		res, err := rollout.Step(r.spec, st, obs)
		if err != nil {
			return res, hookErrs, err
		}
		next := rollout.Needs{Hooks: res.Needs.Hooks &^ asked.Hooks, Metrics: res.Needs.Metrics && !asked.Metrics}
		if next.Empty() || round == maxGatherRounds {
			res.Events = append(res.Events, warnings...)
			return res, hookErrs, nil
		}
		if next.Hooks != 0 {
			obs.Hooks, hookErrs = r.callHooks(ctx, next.Hooks, st.Phase, obs.Revision, obs.Hooks, hookErrs)
		}
		if next.Metrics {
			obs.Metrics, warnings = r.queryMetrics(ctx)
		}
		asked.Hooks |= next.Hooks
		asked.Metrics = asked.Metrics || next.Metrics
	}
}

// callHooks calls every webhook of the given types and records each result by webhook name.
func (r *Runner) callHooks(ctx context.Context, types rollout.HookTypes, phase rollout.Phase, rev string,
	into map[string]rollout.HookResult, errs map[string]string) (map[string]rollout.HookResult, map[string]string) {
	if into == nil {
		into = make(map[string]rollout.HookResult)
	}
	for _, w := range r.spec.Webhooks {
		if !types.Has(w.EffectiveType()) {
			continue
		}
		res, err := r.callHook(ctx, w, phase, rev)
		into[w.Name] = res
		if err != nil {
			if errs == nil {
				errs = make(map[string]string)
			}
			errs[w.Name] = err.Error()
		}
	}
	return into, errs
}

// callHook calls one webhook; an error or a missing result counts as a failure (fail closed).
func (r *Runner) callHook(ctx context.Context, w rollout.Webhook, phase rollout.Phase, rev string) (rollout.HookResult, error) {
	res, err := r.ports.Hooks.Call(ctx, HookRequest{Webhook: w, Name: r.target.Name,
		Namespace: r.target.Namespace, Phase: phase, Revision: rev})
	if err != nil || res == rollout.HookMissing {
		return rollout.HookFail, err
	}
	return res, nil
}

// queryMetrics renders and queries every metric of the spec. A template that does not render is a
// query error sample, which the analysis counts like any failed query. The warnings of a
// WarningMetricSource become one ReasonMetricWarning event each.
func (r *Runner) queryMetrics(ctx context.Context) (map[string]observe.Sample, []rollout.Event) {
	out := make(map[string]observe.Sample, len(r.spec.Metrics))
	var events []rollout.Event
	warner, _ := r.ports.Metrics.(WarningMetricSource)
	for i := range r.spec.Metrics {
		m := &r.spec.Metrics[i]
		q, err := m.Render(r.target.Provider, r.target.Variables)
		if err != nil {
			out[m.Name] = observe.Failure(err)
			continue
		}
		if warner == nil {
			out[m.Name] = r.ports.Metrics.Query(ctx, q)
			continue
		}
		var ws []string
		out[m.Name], ws = warner.QueryWithWarnings(ctx, q)
		for _, w := range ws {
			events = append(events, rollout.Event{Type: rollout.Warning, Reason: rollout.ReasonMetricWarning, Subject: m.Name, Detail: w})
		}
	}
	return out, events
}

// execute carries out one pending action through its port. Hook results of RunHooks are not fed
// back (they are notifications), and alerts are reported in the tick's events, so neither can fail a
// tick. A step of the routes may come back with an event (routes changed by someone else).
func (r *Runner) execute(ctx context.Context, p PendingAction, a rollout.Action, st rollout.Status) (*rollout.Event, error) {
	var err error
	var note *rollout.Event
	switch a.Kind {
	case rollout.ScaleCanaryUp:
		err = r.ports.Workload.ScaleCanary(ctx, true)
	case rollout.ScaleCanaryToZero:
		err = r.ports.Workload.ScaleCanary(ctx, false)
	case rollout.SetRoutes:
		note, err = r.setRoutes(ctx, p.From, a.Routes)
	case rollout.PromoteCanarySpec:
		if a.Revision == "" {
			return nil, errUnnamedPromotion
		}
		err = r.ports.Workload.PromoteSpec(ctx, a.Revision)
	case rollout.RunHooks:
		if r.ports.Hooks != nil {
			r.callHooks(ctx, rollout.HookTypes(0).With(a.Hooks), a.Phase, st.LastAppliedRevision, nil, nil)
		}
	}
	var drift *DriftError
	if err == nil || errors.As(err, &drift) || errors.Is(err, ErrPort) {
		return note, err
	}
	return note, fmt.Errorf("%w: %s on %s: %w", ErrPort, a, r.ref(), err)
}
