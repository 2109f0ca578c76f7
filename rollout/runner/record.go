package runner

import (
	"time"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

// Record is what a Runner persists: the status after the last decided tick
// and the actions of that tick not yet confirmed as carried out (see
// write-ahead in the package documentation).
type Record struct {
	Status  rollout.Status  `json:"status"`
	Pending []PendingAction `json:"pending,omitempty"`
	// LastTick is the time of the last tick that changed the record (a tick
	// at rest saves nothing); controllers woken by their own writes use it
	// to tick once per interval (see Runner.Due).
	LastTick time.Time `json:"lastTick,omitzero"`
}

// PendingAction is the persisted form of a rollout.Action the Runner still
// has to carry out.
type PendingAction struct {
	Kind   string         `json:"kind"`
	Routes *traffic.Split `json:"routes,omitempty"`
	// From is the split a SetRoutes was decided on: the step is carried out
	// only while it is still in force (see ConditionalRouter), so a step
	// replayed after a crash never overwrites an edit made meanwhile. A
	// record written before steps carried it has none; such a step is set
	// unconditionally, as before.
	From  *traffic.Split   `json:"from,omitempty"`
	Hooks rollout.HookType `json:"hooks,omitempty"`
	Phase rollout.Phase    `json:"phase,omitempty"`
	// Revision is the revision a PromoteCanarySpec was decided for. A
	// record written before actions carried it has none; such a promotion
	// is decided again, never replayed (see Runner.Tick).
	Revision string `json:"revision,omitempty"`
}

// pendingOf keeps the actions that change the world; alerts are delivered
// once, when decided. Each step of the routes records the split it starts
// from: routes, the routes the tick decided on, for the first.
func pendingOf(actions []rollout.Action, routes traffic.Split) []PendingAction {
	var out []PendingAction
	for _, a := range actions {
		p := PendingAction{Kind: a.Kind.String()}
		switch a.Kind {
		case rollout.Alert:
			continue
		case rollout.SetRoutes:
			from, to := routes, a.Routes
			p.From, p.Routes = &from, &to
			routes = to
		case rollout.RunHooks:
			p.Hooks, p.Phase = a.Hooks, a.Phase
		case rollout.PromoteCanarySpec:
			p.Revision = a.Revision
		}
		out = append(out, p)
	}
	return out
}

// action converts back; an unknown kind (a record written by a newer
// version) is an error.
func (p PendingAction) action() (rollout.Action, error) {
	for k := rollout.ScaleCanaryUp; k <= rollout.Alert; k++ {
		if k.String() != p.Kind {
			continue
		}
		a := rollout.Action{Kind: k, Hooks: p.Hooks, Phase: p.Phase, Revision: p.Revision}
		if p.Routes != nil {
			a.Routes = *p.Routes
		}
		return a, nil
	}
	return rollout.Action{}, &rollout.ValidationError{Kind: ErrInvalidRecord, Field: "pending.kind",
		Reason: "unknown action " + p.Kind}
}
