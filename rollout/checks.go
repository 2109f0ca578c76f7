package rollout

import "github.com/fleetkit/fleetkit/observe"

// guardChecks (rule 12) runs the tick's checks. While nothing reaches the
// canary yet (weight 0, iteration 0, not mirroring) only pre-rollout hooks
// run; a pass goes straight on to the advance step without metrics.
// Otherwise rollout hooks run, then metrics in order. The first failure adds
// one failed check and ends the tick. Gates never count as failures.
func guardChecks(t *tick) bool {
	if t.obs.Intents.Skip {
		t.emit(Event{Type: Normal, Reason: ReasonOperatorSkip})
		return false
	}
	if t.beforeTraffic() {
		if name, ok := t.gate(PreRollout); !ok {
			t.failCheck(Event{Reason: ReasonHookFailed, Subject: name})
			return true
		}
		t.passCheck()
		return false
	}
	if name, ok := t.gate(RolloutHook); !ok {
		t.failCheck(Event{Reason: ReasonHookFailed, Subject: name})
		return true
	}
	if t.spec.Options.measurement() {
		return t.measure()
	}
	return t.checkMetrics()
}

// beforeTraffic is Flagger's "no traffic is routed or mirrored to the
// canary" condition for running pre-rollout hooks.
func (t *tick) beforeTraffic() bool {
	mirroring := t.spec.Mirror && t.routes.Mirrored()
	return t.routes.Canary == 0 && t.st.Iterations == 0 && !mirroring
}

// checkMetrics is the threshold-mode metric check.
func (t *tick) checkMetrics() bool {
	for i := range t.spec.Metrics {
		m := &t.spec.Metrics[i]
		s := t.sample(m.Name)
		switch s.Kind {
		case observe.NoData:
			switch t.spec.Options.noData() {
			case NoDataPass:
				continue
			case NoDataHold:
				t.emit(Event{Type: Normal, Reason: ReasonNoDataHold, Subject: m.Name})
				return true
			}
			t.failCheck(Event{Reason: ReasonMetricNoData, Subject: m.Name, Sample: s})
			return true
		case observe.QueryError:
			t.failCheck(Event{Reason: ReasonMetricError, Subject: m.Name, Sample: s})
			return true
		}
		if !m.ThresholdRange.Contains(s.Value) {
			t.failCheck(Event{Reason: ReasonMetricFailed, Subject: m.Name, Sample: s, Range: m.ThresholdRange})
			return true
		}
	}
	t.passCheck()
	return false
}
