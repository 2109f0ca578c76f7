package rollout

import (
	"encoding/json"

	"github.com/fleetkit/fleetkit/traffic"
)

// ActionKind names an effect the runner must carry out.
type ActionKind uint8

// Action kinds. Each maps to one port call.
const (
	// ScaleCanaryUp scales the canary workload from zero (Workload).
	ScaleCanaryUp ActionKind = iota + 1
	// ScaleCanaryToZero scales the canary workload to zero (Workload).
	ScaleCanaryToZero
	// SetRoutes applies Action.Routes (TrafficRouter).
	SetRoutes
	// PromoteCanarySpec copies the canary's spec to the primary, if the
	// canary's template is still at Action.Revision (Workload).
	PromoteCanarySpec
	// RunHooks calls every webhook of Action.Hooks, reporting Action.Phase;
	// the results do not feed back into the machine (HookCaller).
	RunHooks
	// Alert notifies people; Action.Severity and Action.Reason say why.
	Alert
)

var actionNames = [...]string{
	ScaleCanaryUp: "ScaleCanaryUp", ScaleCanaryToZero: "ScaleCanaryToZero", SetRoutes: "SetRoutes",
	PromoteCanarySpec: "PromoteCanarySpec", RunHooks: "RunHooks", Alert: "Alert",
}

// String returns the kind's name.
func (k ActionKind) String() string {
	if int(k) < len(actionNames) && actionNames[k] != "" {
		return actionNames[k]
	}
	return "Unknown"
}

// Severity of an alert, Flagger's levels.
type Severity string

// Alert severities.
const (
	SeverityInfo  Severity = "info"
	SeverityWarn  Severity = "warn"
	SeverityError Severity = "error"
)

// Action is one effect, as data. It is a single struct rather than an
// interface so that building one never allocates.
type Action struct {
	Kind ActionKind
	// Routes for SetRoutes.
	Routes traffic.Split
	// Hooks and Phase for RunHooks.
	Hooks HookType
	Phase Phase
	// Revision for PromoteCanarySpec: the revision the promotion was decided
	// for, the one analysed. A runner promotes that revision only, never
	// whatever the canary's template has become since.
	Revision string
	// Severity and Event for Alert; Event is the event alerted on (also in
	// Result.Events) and carries the reason and message.
	Severity Severity
	Event    *Event
}

// MarshalJSON writes only the fields the kind uses.
func (a Action) MarshalJSON() ([]byte, error) {
	switch a.Kind {
	case SetRoutes:
		return json.Marshal(struct {
			Type string `json:"type"`
			traffic.Split
		}{a.Kind.String(), a.Routes})
	case RunHooks:
		return json.Marshal(struct {
			Type  string   `json:"type"`
			Hooks HookType `json:"hooks"`
			Phase Phase    `json:"phase"`
		}{a.Kind.String(), a.Hooks, a.Phase})
	case PromoteCanarySpec:
		return json.Marshal(struct {
			Type     string `json:"type"`
			Revision string `json:"revision,omitempty"`
		}{a.Kind.String(), a.Revision})
	case Alert:
		return json.Marshal(struct {
			Type     string   `json:"type"`
			Severity Severity `json:"severity"`
			Reason   Reason   `json:"reason"`
			Message  string   `json:"message"`
		}{a.Kind.String(), a.Severity, a.alertEvent().Reason, a.alertEvent().Message()})
	default:
		return json.Marshal(struct {
			Type string `json:"type"`
		}{a.Kind.String()})
	}
}

// String is a one-line description for tables and logs.
func (a Action) String() string {
	switch a.Kind {
	case SetRoutes:
		s := "SetRoutes " + itoa(a.Routes.Primary) + "/" + itoa(a.Routes.Canary)
		if a.Routes.Mirrored() {
			s += " mirror"
		}
		if len(a.Routes.Match) > 0 {
			s += " match"
		}
		return s
	case RunHooks:
		return "RunHooks " + string(a.Hooks) + " (" + a.Phase.String() + ")"
	case PromoteCanarySpec:
		return "PromoteCanarySpec " + a.Revision
	case Alert:
		return "Alert " + string(a.Severity) + ": " + a.alertEvent().Message()
	default:
		return a.Kind.String()
	}
}

func (a Action) alertEvent() Event {
	if a.Event == nil {
		return Event{}
	}
	return *a.Event
}
