package rollout

import (
	"time"

	"github.com/fleetkit/fleetkit/traffic"
)

// The guards of a tick, in the order of the table in step.go. Each returns
// true when it ends the tick.

// guardSuspended: a suspended rollout does nothing (rule 1).
func guardSuspended(t *tick) bool {
	if !t.spec.Suspend && !t.obs.Intents.Suspend {
		return false
	}
	t.emit(Event{Type: Normal, Reason: ReasonSuspended})
	return true
}

// guardInitialize takes a rollout that never ran to Initialized: the
// observed revision is what the primary runs, all traffic goes to it and
// the canary is scaled to zero.
func guardInitialize(t *tick) bool {
	if t.st.Phase != Initializing {
		return false
	}
	t.st = InitialStatus(t.obs.Revision)
	t.st.LastTransitionTime = t.obs.Time
	t.setRoutes(t.st.Routes)
	t.act(Action{Kind: ScaleCanaryToZero})
	t.emit(Event{Type: Normal, Reason: ReasonInitialized, Subject: t.obs.Revision})
	return true
}

// guardIdle: Initialized, Succeeded and Failed wait for a new revision
// (rule 2). While Failed the applied revision follows the observed one, so
// re-applying the failed spec does not retrigger. A Retry intent restarts a
// Failed run of the same revision.
func guardIdle(t *tick) bool {
	if !t.st.Phase.idle() {
		return false
	}
	fresh := t.isNewRevision()
	if t.st.Phase == Failed {
		t.st.LastAppliedRevision = t.obs.Revision
		if !fresh && t.obs.Intents.Retry {
			t.emit(Event{Type: Normal, Reason: ReasonOperatorRetry})
			return false
		}
	}
	return !fresh
}

// guardAbort rolls back an active run on the operator's Abort intent.
func guardAbort(t *tick) bool {
	active := t.st.Phase.analysing() || t.st.Phase == Waiting
	if !t.obs.Intents.Abort || !active {
		return false
	}
	t.rollback(Event{Type: Warning, Reason: ReasonAborted}, SeverityWarn)
	return true
}

// guardRevert ends a run whose target was reverted to the revision the
// primary runs: there is nothing left to analyse or promote. Everything is
// routed to the primary, the canary is scaled to zero and the status is
// Initialized at the promoted revision, so applying the abandoned revision
// again starts a new run. Flagger does not notice (it analyses the reverted
// template under the new revision's name, then records that revision as
// promoted and never ships it when it comes back).
func guardRevert(t *tick) bool {
	st := &t.st
	active := st.Phase.analysing() || st.Phase == Waiting
	if !active || t.obs.Revision != st.LastPromotedRevision || st.LastAppliedRevision == st.LastPromotedRevision {
		return false
	}
	abandoned := st.LastAppliedRevision
	t.setRoutes(traffic.PrimaryOnly())
	t.act(Action{Kind: ScaleCanaryToZero})
	st.LastAppliedRevision = t.obs.Revision
	st.FailedChecks = 0
	st.Measurements = nil
	t.setPhase(Initialized)
	t.emitAlert(SeverityInfo, Event{Type: Normal, Reason: ReasonReverted, Subject: abandoned + " to " + t.obs.Revision})
	return true
}

// guardGateTimeout rolls back a run that waited at a confirm gate for
// longer than Options.GateTimeout, as counted by countGateWait.
func guardGateTimeout(t *tick) bool {
	limit := t.spec.Options.GateTimeout.Duration
	if limit <= 0 || (t.st.Phase != Waiting && t.st.Phase != WaitingPromotion) {
		return false
	}
	if t.countGateWait() < limit {
		return false
	}
	t.rollback(Event{Type: Warning, Reason: ReasonGateTimeout, Subject: string(t.st.Phase)}, SeverityError)
	return true
}

// countGateWait adds this tick to the wait at the gate: the time since the
// wait was last counted (the phase change, for the first tick at the gate),
// at most one interval and never less than zero. A clock jumping forward
// therefore counts as one interval, a clock jumping back as none.
func (t *tick) countGateWait() time.Duration {
	since := t.st.GateCheckedTime
	if since.IsZero() {
		since = t.st.LastTransitionTime
	}
	if !since.IsZero() {
		elapsed := min(max(t.obs.Time.Sub(since), 0), t.spec.EffectiveInterval())
		t.st.GateWait.Duration += elapsed
	}
	t.st.GateCheckedTime = t.obs.Time
	return t.st.GateWait.Duration
}

// guardPrimaryReadiness (rule 3): wait for the primary; if it is Fatal,
// roll back — unless the canary spec is already being promoted, in which
// case the canary is the only healthy version left and keeps all traffic.
func guardPrimaryReadiness(t *tick) bool {
	if t.spec.SkipAnalysis {
		return false
	}
	switch t.obs.Primary {
	case Ready:
		return false
	case Fatal:
		if t.st.Phase == Promoting || t.st.Phase == Finalising {
			t.failForward()
		} else {
			t.rollback(Event{Type: Warning, Reason: ReasonPrimaryFailed}, SeverityError)
		}
	default:
		t.emit(Event{Type: Normal, Reason: ReasonPrimaryNotReady})
	}
	return true
}

// guardStartRun (rule 4): a new revision (or a Waiting run) asks the
// confirm-rollout gates; on approval the canary scales up and analysis
// starts on the next tick. The status weight is reset; routes are not.
func guardStartRun(t *tick) bool {
	if !t.st.Phase.idle() && t.st.Phase != Waiting {
		return false
	}
	t.st.LastAppliedRevision = t.obs.Revision
	t.st.CanaryWeight, t.st.FailedChecks, t.st.Iterations = 0, 0, 0
	t.st.Measurements = nil
	if name, ok := t.gate(ConfirmRollout); !ok {
		if t.st.Phase != Waiting {
			e := Event{Type: Warning, Reason: ReasonWaitingForApproval, Subject: name}
			t.setPhase(Waiting)
			t.emitAlert(SeverityWarn, e)
		}
		return true
	}
	t.setPhase(Progressing)
	t.act(Action{Kind: ScaleCanaryUp})
	e := Event{Type: Normal, Reason: ReasonNewRevision, Subject: t.obs.Revision}
	t.emitAlert(SeverityInfo, e)
	return true
}

// guardRestart (rule 5): a new revision during analysis routes everything
// back to the primary and restarts the analysis without asking
// confirm-rollout again.
func guardRestart(t *tick) bool {
	if !t.st.Phase.analysing() || !t.isNewRevision() {
		return false
	}
	t.setRoutes(traffic.PrimaryOnly())
	t.st.LastAppliedRevision = t.obs.Revision
	t.st.CanaryWeight, t.st.FailedChecks, t.st.Iterations = 0, 0, 0
	t.st.Measurements = nil
	t.setPhase(Progressing)
	t.emit(Event{Type: Normal, Reason: ReasonRestart, Subject: t.obs.Revision})
	return true
}

// guardCanaryReadiness (rule 6): wait for the canary; Fatal rolls back.
func guardCanaryReadiness(t *tick) bool {
	switch t.obs.Canary {
	case Ready:
		return false
	case Fatal:
		t.rollback(Event{Type: Warning, Reason: ReasonCanaryFailed}, SeverityError)
	default:
		t.emit(Event{Type: Normal, Reason: ReasonCanaryNotReady})
	}
	return true
}

// guardOperatorPromote promotes an analysing run on the Promote intent.
func guardOperatorPromote(t *tick) bool {
	if !t.obs.Intents.Promote || !t.st.Phase.analysing() {
		return false
	}
	t.emit(Event{Type: Normal, Reason: ReasonOperatorPromote})
	t.promote()
	return true
}

// guardSkipAnalysis (rule 7): promote at once.
func guardSkipAnalysis(t *tick) bool {
	if !t.spec.SkipAnalysis {
		return false
	}
	t.setRoutes(traffic.PrimaryOnly())
	t.act(Action{Kind: PromoteCanarySpec, Revision: t.obs.Revision})
	t.act(Action{Kind: ScaleCanaryToZero})
	t.st.LastAppliedRevision = t.obs.Revision
	t.setPhase(Succeeded)
	e := Event{Type: Normal, Reason: ReasonSkipAnalysis}
	t.emitAlert(SeverityInfo, e)
	return true
}

// guardRollbackHook (rule 8): a passing rollback webhook rolls back.
func guardRollbackHook(t *tick) bool {
	if !t.st.Phase.analysing() {
		return false
	}
	for i := range t.spec.Webhooks {
		w := &t.spec.Webhooks[i]
		if w.EffectiveType() == RollbackHook && t.hook(w) == HookPass {
			t.rollback(Event{Type: Warning, Reason: ReasonRollbackHook, Subject: w.Name}, SeverityWarn)
			return true
		}
	}
	return false
}

// guardPromoting (rule 9): move traffic back to the primary, at once or
// stepWeightPromotion points per tick, then Finalising.
func guardPromoting(t *tick) bool {
	if t.st.Phase != Promoting {
		return false
	}
	step := t.spec.StepWeightPromotion
	if step == 0 {
		t.setRoutes(traffic.PrimaryOnly())
		t.emit(Event{Type: Normal, Reason: ReasonRouteToPrimary})
		t.setPhase(Finalising)
		return true
	}
	if t.routes.Canary <= 0 {
		// Flagger only shifts while the canary has traffic; with nothing
		// routed to it the promotion waits here, as in Flagger.
		return true
	}
	r := traffic.Split{Primary: min(totalWeight, t.routes.Primary+step), Canary: max(0, t.routes.Canary-step)}
	t.setRoutes(r)
	t.emit(Event{Type: Normal, Reason: ReasonAdvancePrimary, Weight: r.Primary})
	if r.Primary == totalWeight {
		t.setPhase(Finalising)
	} else {
		t.st.CanaryWeight = r.Canary
	}
	return true
}

// guardFinalising (rule 10): scale the canary down, Succeeded.
func guardFinalising(t *tick) bool {
	if t.st.Phase != Finalising {
		return false
	}
	t.act(Action{Kind: ScaleCanaryToZero})
	t.setPhase(Succeeded)
	t.runHooks(PostRollout, Succeeded)
	e := Event{Type: Normal, Reason: ReasonSucceeded}
	t.emitAlert(SeverityInfo, e)
	return true
}

// guardInconclusive holds a measurement-mode run that exceeded an
// inconclusive limit until an operator intent (Promote and Abort are
// handled earlier; Retry resumes with fresh counters).
func guardInconclusive(t *tick) bool {
	if t.st.Phase != Inconclusive {
		return false
	}
	if t.obs.Intents.Retry {
		t.st.Measurements = nil
		t.setPhase(Progressing)
		t.emit(Event{Type: Normal, Reason: ReasonOperatorRetry})
	}
	return true
}

// guardThreshold (rule 11): failed checks at the threshold roll back — on
// the tick after the threshold-th failure.
func guardThreshold(t *tick) bool {
	if t.st.FailedChecks < t.spec.EffectiveThreshold() {
		return false
	}
	t.rollback(Event{Type: Warning, Reason: ReasonThresholdReached, Count: t.st.FailedChecks}, SeverityError)
	return true
}
