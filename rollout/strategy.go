package rollout

import "github.com/fleetkit/fleetkit/traffic"

// guardAdvance (rule 13) moves traffic by the spec's strategy. It always
// ends the tick.
func guardAdvance(t *tick) bool {
	switch t.spec.Strategy() {
	case ABTesting:
		advanceABTesting(t)
	case BlueGreen:
		advanceBlueGreen(t)
	default:
		advanceCanary(t)
	}
	return true
}

// advanceCanary shifts weight step by step. Whenever a next step exists the
// confirm-traffic-increase gates are asked (unless traffic is mirrored or
// promotion is already awaited) — also at max weight, before
// confirm-promotion. Without any step weight the canary never advances.
func advanceCanary(t *tick) {
	next := t.spec.NextStepWeight(t.routes.Canary)
	if next <= 0 {
		return
	}
	if !t.routes.Mirrored() && t.st.Phase != WaitingPromotion && !t.obs.Intents.Skip {
		if name, ok := t.gate(ConfirmTrafficIncrease); !ok {
			t.emit(Event{Type: Normal, Reason: ReasonTrafficIncreaseHeld, Subject: name})
			return
		}
	}
	maxWeight := t.spec.EffectiveMaxWeight()
	if t.routes.Canary < maxWeight {
		t.increaseWeight(next, maxWeight)
		return
	}
	if t.confirmPromotion() {
		t.promote()
	}
}

// increaseWeight takes one canary step. With mirroring, the first step
// mirrors at weight 0 and the next sets the first weight. The weight may
// overshoot maxWeight unless Options.ClampToMaxWeight is set.
func (t *tick) increaseWeight(next, maxWeight int) {
	r := traffic.Split{Primary: t.routes.Primary, Canary: t.routes.Canary}
	switch {
	case t.spec.Mirror && r.Canary == 0 && !t.routes.Mirrored():
		r = traffic.Mirrored(t.spec.mirrorPercent())
	case t.spec.Mirror && r.Canary == 0:
		r = traffic.Weighted(next)
	default:
		r.Canary = min(totalWeight, r.Canary+next)
		r.Primary = max(0, r.Primary-next)
	}
	if t.spec.Options.ClampToMaxWeight && r.Canary > maxWeight {
		r.Canary = maxWeight
		r.Primary = totalWeight - maxWeight
	}
	t.setRoutes(r)
	t.st.CanaryWeight = r.Canary
	if r.Mirrored() {
		t.emit(Event{Type: Normal, Reason: ReasonMirror})
		return
	}
	t.emit(Event{Type: Normal, Reason: ReasonAdvance, Weight: r.Canary})
}

// advanceABTesting routes matching requests to the canary for N iterations,
// then asks confirm-promotion and promotes.
func advanceABTesting(t *tick) {
	n := t.spec.Iterations
	if t.st.Iterations < n {
		t.setRoutes(traffic.Split{Canary: totalWeight, Match: t.spec.Match})
		t.st.Iterations++
		t.emit(Event{Type: Normal, Reason: ReasonIteration, Count: t.st.Iterations, Limit: n})
		return
	}
	if !t.confirmPromotion() {
		return
	}
	if t.st.Iterations == n {
		t.promote()
	}
}

// advanceBlueGreen runs N iterations (mirroring if set), then after
// confirm-promotion routes all traffic to the canary for one more
// iteration, then promotes: metrics are checked N+1 times.
func advanceBlueGreen(t *tick) {
	n := t.spec.Iterations
	if t.st.Iterations < n {
		if t.spec.Mirror && !t.routes.Mirrored() {
			t.setRoutes(traffic.Mirrored(t.spec.mirrorPercent()))
			t.emit(Event{Type: Normal, Reason: ReasonMirror})
		}
		t.st.Iterations++
		t.emit(Event{Type: Normal, Reason: ReasonIteration, Count: t.st.Iterations, Limit: n})
		return
	}
	if !t.confirmPromotion() {
		return
	}
	if t.st.Iterations == n {
		t.setRoutes(traffic.Split{Canary: totalWeight})
		t.st.Iterations++
		t.emit(Event{Type: Normal, Reason: ReasonRouteToCanary})
		return
	}
	t.promote()
}
