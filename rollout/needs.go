package rollout

import "github.com/fleetkit/fleetkit/observe"

// Needs lists the inputs a tick consulted that its Observation did not hold: webhook results by type,
// and metric samples. A runner gathers observations lazily with it: Step with what is cheap to know
// (revision, readiness, routes), then call only the webhooks and queries the tick actually consulted,
// and Step again from the same status. Calling every webhook every tick would run load tests and
// gates the analysis never asked for.
//
// A missing input is still treated as the engine documents (a gate fails closed, no metric data
// fails), so a Result with non-empty Needs is the answer for an observation that lacks them.
type Needs struct {
	// Hooks are the webhook types the tick asked for and found no result for.
	Hooks HookTypes
	// Metrics is set when the tick read a metric sample that was absent.
	Metrics bool
}

// Empty reports whether the tick consulted nothing it lacked.
func (n Needs) Empty() bool { return n.Hooks == 0 && !n.Metrics }

// HookTypes is a set of webhook types.
type HookTypes uint16

// hookTypeOrder fixes each type's bit; its order is also the order Types lists them in.
var hookTypeOrder = [...]HookType{ConfirmRollout, PreRollout, RolloutHook, ConfirmTrafficIncrease,
	ConfirmPromotion, PostRollout, RollbackHook, EventHook}

// AllHookTypes is the set of every webhook type.
const AllHookTypes HookTypes = 1<<len(hookTypeOrder) - 1

func hookBit(h HookType) HookTypes {
	for i, t := range hookTypeOrder {
		if t == h {
			return 1 << i
		}
	}
	return 0
}

// Has reports whether h is in the set.
func (s HookTypes) Has(h HookType) bool { return s&hookBit(h) != 0 }

// With returns the set plus h.
func (s HookTypes) With(h HookType) HookTypes { return s | hookBit(h) }

// Types lists the set's types in Flagger's order of use.
func (s HookTypes) Types() []HookType {
	var out []HookType
	for _, t := range hookTypeOrder {
		if s.Has(t) {
			out = append(out, t)
		}
	}
	return out
}

// hook returns the observed result for w and records a missing one in the tick's Needs.
func (t *tick) hook(w *Webhook) HookResult {
	r := t.obs.hook(w)
	if r == HookMissing {
		t.res.Needs.Hooks = t.res.Needs.Hooks.With(w.EffectiveType())
	}
	return r
}

// sample returns the observed sample for a metric and records a missing one in the tick's Needs.
func (t *tick) sample(name string) observe.Sample {
	if _, ok := t.obs.Metrics[name]; !ok {
		t.res.Needs.Metrics = true
	}
	return t.obs.sample(name)
}
