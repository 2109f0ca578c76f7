package rollout

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/traffic"
)

// Readiness is a workload's state as the Workload port reports it.
type Readiness uint8

const (
	// NotReady waits. It is the zero value so that a forgotten readiness
	// never advances a rollout.
	NotReady Readiness = iota
	// Ready lets the tick continue.
	Ready
	// Fatal means the workload will not become ready (its progress deadline
	// passed): the run rolls back.
	Fatal
)

// String returns "ready", "notready" or "fatal".
func (r Readiness) String() string {
	switch r {
	case Ready:
		return "ready"
	case Fatal:
		return "fatal"
	default:
		return "notready"
	}
}

// MarshalJSON writes true, false or "fatal", the simulate input format.
func (r Readiness) MarshalJSON() ([]byte, error) {
	switch r {
	case Ready:
		return []byte("true"), nil
	case Fatal:
		return []byte(`"fatal"`), nil
	default:
		return []byte("false"), nil
	}
}

// UnmarshalJSON reads true, false or "fatal" (also "ready", "notready").
func (r *Readiness) UnmarshalJSON(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	switch v {
	case true, "ready", "true":
		*r = Ready
	case false, "notready", "false":
		*r = NotReady
	case "fatal":
		*r = Fatal
	default:
		return fmt.Errorf("readiness: want true, false or \"fatal\", got %s", data)
	}
	return nil
}

// HookResult is the outcome of calling a webhook.
type HookResult uint8

const (
	// HookMissing means no result was observed. Gates and checks treat it
	// as a failure (fail closed); for a rollback hook it is no signal.
	HookMissing HookResult = iota
	// HookPass is HTTP status <= 202 within the timeout.
	HookPass
	// HookFail is any other outcome.
	HookFail
)

// String returns "pass", "fail" or "missing".
func (h HookResult) String() string {
	switch h {
	case HookPass:
		return "pass"
	case HookFail:
		return "fail"
	default:
		return "missing"
	}
}

// MarshalJSON writes "pass" or "fail".
func (h HookResult) MarshalJSON() ([]byte, error) { return json.Marshal(h.String()) }

// UnmarshalJSON reads "pass"/true or "fail"/false.
func (h *HookResult) UnmarshalJSON(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	switch v {
	case "pass", true:
		*h = HookPass
	case "fail", false:
		*h = HookFail
	default:
		return fmt.Errorf("hook result: want \"pass\" or \"fail\", got %s", data)
	}
	return nil
}

// PassFromStatus applies Flagger's webhook rule: an HTTP status up to 202
// answered before the timeout passes; anything else fails.
func PassFromStatus(httpStatus int, timedOut bool) HookResult {
	if !timedOut && httpStatus > 0 && httpStatus <= 202 {
		return HookPass
	}
	return HookFail
}

// Intents are explicit operator requests, as in Argo Rollouts. Each is
// honoured on the tick it is observed; the runner clears it afterwards.
type Intents struct {
	// Promote skips the remaining analysis and promotes the canary.
	Promote bool `json:"promote,omitempty"`
	// Abort rolls back an active run.
	Abort bool `json:"abort,omitempty"`
	// Retry restarts a Failed run of the same revision, or resumes an
	// Inconclusive one with fresh measurement counters.
	Retry bool `json:"retry,omitempty"`
	// Skip bypasses this tick's checks and gates and takes the next step.
	Skip bool `json:"skip,omitempty"`
	// Suspend does nothing this tick.
	Suspend bool `json:"suspend,omitempty"`
}

// Observation is everything the runner saw for one tick.
type Observation struct {
	// Time is when the observation was taken; needed only for gate timeouts
	// and recorded in Status.LastTransitionTime.
	Time time.Time
	// Revision is the observed target revision (see RevisionOf).
	Revision string
	Primary  Readiness
	Canary   Readiness
	// Routes are the routes read back from the router. Nil means the routes
	// Step set last (Status.Routes) are still in place.
	Routes *traffic.Split
	// Hooks holds webhook results keyed by webhook name or by type; a result
	// by name takes precedence. A key that is neither the name nor the type
	// of a webhook of the spec is an error (Spec.CheckNames).
	Hooks map[string]HookResult
	// Metrics holds samples keyed by metric name. A missing sample is no
	// data; a key that names no metric of the spec is an error
	// (Spec.CheckNames).
	Metrics map[string]observe.Sample
	Intents Intents
}

func (o *Observation) validate(spec *Spec) error {
	if o.Revision == "" {
		return observationError("revision", "is required")
	}
	if o.Routes != nil {
		if err := checkRoutes(ErrInvalidObservation, "routes", o.Routes); err != nil {
			return err
		}
	}
	if spec.Options.GateTimeout.Duration > 0 && o.Time.IsZero() {
		return observationError("time", "is required when options.gateTimeout is set")
	}
	return spec.CheckNames(o.Hooks, o.Metrics)
}

// hook returns the result for w: by name first, then by type.
func (o *Observation) hook(w *Webhook) HookResult {
	if r, ok := o.Hooks[w.Name]; ok {
		return r
	}
	if r, ok := o.Hooks[string(w.EffectiveType())]; ok {
		return r
	}
	return HookMissing
}

func (o *Observation) sample(name string) observe.Sample {
	s, ok := o.Metrics[name]
	if !ok {
		return observe.Empty()
	}
	return s
}
