package rollout

import (
	"time"

	"github.com/fleetkit/fleetkit/traffic"
)

// Result is the outcome of one tick: the next status and the effects the
// runner must carry out, in order.
type Result struct {
	Status  Status
	Actions []Action
	Events  []Event
	// Needs lists what the tick consulted but the observation lacked (see Needs).
	Needs Needs
}

// Step advances the analysis by one tick. It is a pure function: the same
// inputs always give the same Result, and nothing outside the arguments is
// read or written. The guards below run in order and the first that fires
// ends the tick (see the package documentation for the rules).
//
// An invalid spec, status or observation returns a *ValidationError and the
// unchanged status; an observation keyed by a metric or webhook name the
// spec does not declare is invalid (Spec.CheckNames).
func Step(spec Spec, status Status, obs Observation) (Result, error) {
	if err := spec.validateEngine(); err != nil {
		return Result{Status: status}, err
	}
	if err := status.Validate(); err != nil {
		return Result{Status: status}, err
	}
	if err := obs.validate(&spec); err != nil {
		return Result{Status: status}, err
	}
	t := tick{spec: spec, obs: obs, st: status, routes: status.Routes}
	if obs.Routes != nil {
		t.routes = *obs.Routes
		t.st.Routes = *obs.Routes
	}
	t.guards()
	if spec.Options.TruthfulWeight {
		t.st.CanaryWeight = t.st.Routes.Canary
	}
	t.res.Status = t.st
	return t.res, nil
}

// guards applies the rules of a tick in order until one ends the tick:
// Flagger's order (rules 1-13 of the package documentation) with the rules
// of fleetkit's options and operator intents in between. The rules are
// called directly rather than through a slice of functions, whose indirect
// calls would move the tick to the heap (measured: twice the CPU per tick).
//
//nolint:gocyclo // one ordered list: each || reads "or else the next rule", not a branch to follow
func (t *tick) guards() bool {
	return guardSuspended(t) || // 1: suspended, do nothing
		guardInitialize(t) || // never ran: Initialized
		guardIdle(t) || // 2: Initialized, Succeeded, Failed wait for a new revision
		guardAbort(t) || // intent Abort rolls back
		guardRevert(t) || // reverted to the promoted revision: the run ends
		guardGateTimeout(t) || // option GateTimeout rolls back a run stuck at a gate
		guardPrimaryReadiness(t) || // 3: wait for the primary
		guardStartRun(t) || // 4: new revision: confirm-rollout, scale the canary up
		guardRestart(t) || // 5: new revision during analysis: restart
		guardCanaryReadiness(t) || // 6: wait for the canary
		guardOperatorPromote(t) || // intent Promote promotes
		guardSkipAnalysis(t) || // 7: skipAnalysis promotes at once
		guardRollbackHook(t) || // 8: a passing rollback webhook rolls back
		guardPromoting(t) || // 9: route traffic back to the primary
		guardFinalising(t) || // 10: scale the canary down, Succeeded
		guardInconclusive(t) || // measurement mode: wait for an intent
		guardThreshold(t) || // 11: failed checks at the threshold roll back
		guardChecks(t) || // 12: webhooks, then metrics
		guardAdvance(t) // 13: move traffic by the strategy
}

// tick is the working state of one Step call.
type tick struct {
	spec Spec
	obs  Observation
	// routes are the routes in force at the start of the tick.
	routes traffic.Split
	st     Status
	res    Result
	buf    *effects
}

// effects backs the Actions and Events of a Result, so that a tick with
// effects costs one small allocation and a tick without none; rare ticks
// with more effects grow the slices.
type effects struct {
	actions [2]Action
	events  [2]Event
}

func (t *tick) grow() {
	if t.buf == nil {
		t.buf = new(effects)
		t.res.Actions = t.buf.actions[:0]
		t.res.Events = t.buf.events[:0]
	}
}

func (t *tick) act(a Action) {
	t.grow()
	t.res.Actions = append(t.res.Actions, a)
}

func (t *tick) emit(e Event) {
	t.grow()
	t.res.Events = append(t.res.Events, e)
}

// emitAlert records e and asks the runner to alert on it. The alert points
// at the recorded event instead of copying it, which keeps Action small.
func (t *tick) emitAlert(sev Severity, e Event) {
	t.emit(e)
	t.act(Action{Kind: Alert, Severity: sev, Event: &t.res.Events[len(t.res.Events)-1]})
}

// setRoutes records and requests new routes.
func (t *tick) setRoutes(r traffic.Split) {
	t.st.Routes = r
	t.act(Action{Kind: SetRoutes, Routes: r})
}

// setPhase changes the phase with Flagger's side effects on the status:
// leaving for any phase but Progressing or Waiting zeroes the reported
// weight and iterations (WaitingPromotion sets iterations to N-1), and
// Initialized or Succeeded records the promoted revision.
func (t *tick) setPhase(p Phase) {
	if t.st.Phase != p {
		t.st.LastTransitionTime = t.obs.Time
		t.st.GateWait.Duration, t.st.GateCheckedTime = 0, time.Time{}
	}
	t.st.Phase = p
	if p != Progressing && p != Waiting {
		t.st.CanaryWeight = 0
		t.st.Iterations = 0
		if p == WaitingPromotion {
			t.st.Iterations = t.spec.Iterations - 1
		}
	}
	if p == Initialized || p == Succeeded {
		t.st.LastPromotedRevision = t.st.LastAppliedRevision
	}
}

// runHooks asks the runner to call the hooks of type h, if there are any.
func (t *tick) runHooks(h HookType, phase Phase) {
	if t.spec.hasHooks(h) {
		t.act(Action{Kind: RunHooks, Hooks: h, Phase: phase})
	}
}

// isNewRevision is Flagger's change detection: a revision is new when it
// differs from both the last applied and the last promoted one, so
// reverting to the promoted spec is not a new rollout.
func (t *tick) isNewRevision() bool {
	rev := t.obs.Revision
	if t.st.LastAppliedRevision == "" {
		return true
	}
	if rev == t.st.LastPromotedRevision {
		return false
	}
	return rev != t.st.LastAppliedRevision
}
