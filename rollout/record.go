package rollout

import (
	"context"
	"time"
)

// StatusStore persists a Runner's Record between ticks and across restarts. Implementations keep it
// where the controller keeps state: an annotation on the target, a CR's status subresource, a file.
// The example controller stores it as JSON in an annotation (see examples/rollout-controller).
type StatusStore interface {
	// Load returns the stored record; found is false when nothing was stored yet.
	Load(ctx context.Context) (rec Record, found bool, err error)
	// Save replaces the stored record. A conflict must be an error, never a silent overwrite of a
	// newer record.
	Save(ctx context.Context, rec Record) error
}

// Record is what a Runner persists: the status after the last decided tick and the actions of that
// tick not yet confirmed as carried out. The Runner saves a tick's status with its actions before
// carrying them out (write-ahead), so a restart replays them instead of deciding the tick again:
// the status never moves backwards and a promotion is decided once. Replayed actions must be
// idempotent, as every port's are (set routes to X, scale to N, copy the spec); post-rollout
// webhooks may be called twice after a crash (at least once).
type Record struct {
	Status  Status          `json:"status"`
	Pending []PendingAction `json:"pending,omitempty"`
	// LastTick is the time of the last decided tick; controllers woken by their own writes use it
	// to tick once per interval (see Runner.Due).
	LastTick time.Time `json:"lastTick,omitzero"`
}

// PendingAction is the persisted form of an Action the Runner still has to carry out.
type PendingAction struct {
	Kind   string   `json:"kind"`
	Routes *Routes  `json:"routes,omitempty"`
	Hooks  HookType `json:"hooks,omitempty"`
	Phase  Phase    `json:"phase,omitempty"`
}

// pendingOf keeps the actions that change the world; alerts are delivered once, when decided.
func pendingOf(actions []Action) []PendingAction {
	var out []PendingAction
	for _, a := range actions {
		p := PendingAction{Kind: a.Kind.String()}
		switch a.Kind {
		case Alert:
			continue
		case SetRoutes:
			r := a.Routes
			p.Routes = &r
		case RunHooks:
			p.Hooks, p.Phase = a.Hooks, a.Phase
		}
		out = append(out, p)
	}
	return out
}

// action converts back; an unknown kind (a record written by a newer version) is an error.
func (p PendingAction) action() (Action, error) {
	for k := ScaleCanaryUp; k <= Alert; k++ {
		if k.String() != p.Kind {
			continue
		}
		a := Action{Kind: k, Hooks: p.Hooks, Phase: p.Phase}
		if p.Routes != nil {
			a.Routes = *p.Routes
		}
		return a, nil
	}
	return Action{}, &ValidationError{Kind: ErrInvalidRecord, Field: "pending.kind", Reason: "unknown action " + p.Kind}
}
