package rollout

import "github.com/fleetkit/fleetkit/traffic"

// gate asks every webhook of type h; the first that does not pass closes the
// gate and its name is returned. No webhook of that type is an open gate.
func (t *tick) gate(h HookType) (string, bool) {
	for i := range t.spec.Webhooks {
		w := &t.spec.Webhooks[i]
		if w.EffectiveType() == h && t.hook(w) != HookPass {
			return w.Name, false
		}
	}
	return "", true
}

// rollback routes all traffic to the primary, scales the canary to zero and
// marks the run Failed with zeroed counters.
func (t *tick) rollback(why Event, sev Severity) {
	t.setRoutes(traffic.PrimaryOnly())
	t.act(Action{Kind: ScaleCanaryToZero})
	t.st.LastAppliedRevision = t.obs.Revision
	t.st.FailedChecks = 0
	t.st.Measurements = nil
	t.setPhase(Failed)
	t.runHooks(PostRollout, Failed)
	t.emitAlert(sev, why)
}

// failForward handles a primary that failed after the canary spec was
// copied to it: the canary keeps running and takes all traffic.
func (t *tick) failForward() {
	t.setRoutes(traffic.Split{Canary: totalWeight})
	t.st.LastAppliedRevision = t.obs.Revision
	t.st.FailedChecks = 0
	t.setPhase(Failed)
	t.st.CanaryWeight = totalWeight
	e := Event{Type: Warning, Reason: ReasonPrimaryFailedLate}
	t.emitAlert(SeverityError, e)
}

// promote copies the canary spec to the primary and starts promotion.
func (t *tick) promote() {
	t.act(Action{Kind: PromoteCanarySpec, Revision: t.obs.Revision})
	t.setPhase(Promoting)
	t.emit(Event{Type: Normal, Reason: ReasonPromote})
}

// confirmPromotion asks the confirm-promotion gates. A closed gate moves
// the run to WaitingPromotion (alerting once) and sets iterations to N-1 on
// every refusal, so A/B and blue/green take one more iteration first.
func (t *tick) confirmPromotion() bool {
	if t.obs.Intents.Skip {
		return true
	}
	name, ok := t.gate(ConfirmPromotion)
	if ok {
		return true
	}
	e := Event{Type: Warning, Reason: ReasonWaitingPromotion, Subject: name}
	if t.st.Phase != WaitingPromotion {
		t.emitAlert(SeverityWarn, e)
	} else {
		t.emit(e)
	}
	t.setPhase(WaitingPromotion)
	return false
}

// failCheck adds the tick's one failed check.
func (t *tick) failCheck(e Event) {
	t.st.FailedChecks++
	e.Type = Warning
	e.Count = t.st.FailedChecks
	t.emit(e)
}

// passCheck is called when a tick's checks pass.
func (t *tick) passCheck() {
	if t.spec.Options.ConsecutiveFailures {
		t.st.FailedChecks = 0
	}
}
