package rollout

import (
	"fmt"
	"time"
)

// Phase is where a rollout is, Flagger's phase names.
type Phase string

// Phases. Initializing is the zero value: a rollout that has never ticked.
const (
	Initializing     Phase = ""
	Initialized      Phase = "Initialized"
	Waiting          Phase = "Waiting"
	Progressing      Phase = "Progressing"
	WaitingPromotion Phase = "WaitingPromotion"
	Promoting        Phase = "Promoting"
	Finalising       Phase = "Finalising"
	Succeeded        Phase = "Succeeded"
	Failed           Phase = "Failed"
	// Inconclusive exists only in measurement mode: an inconclusive limit
	// was exceeded and the run waits for an operator intent.
	Inconclusive Phase = "Inconclusive"
)

// String returns the phase name, "Initializing" for the zero value.
func (p Phase) String() string {
	if p == Initializing {
		return "Initializing"
	}
	return string(p)
}

func (p Phase) known() bool {
	switch p {
	case Initializing, Initialized, Waiting, Progressing, WaitingPromotion, Promoting,
		Finalising, Succeeded, Failed, Inconclusive:
		return true
	}
	return false
}

// idle phases do nothing until a new revision arrives.
func (p Phase) idle() bool { return p == Initialized || p == Succeeded || p == Failed }

// analysing phases run analysis, restart on a new revision and honour
// rollback hooks and operator intents.
func (p Phase) analysing() bool {
	return p == Progressing || p == WaitingPromotion || p == Inconclusive
}

// Routes is how traffic is split between primary and canary: what the
// engine asks a TrafficRouter to set and what it reads back.
type Routes struct {
	Primary int `json:"primary"`
	Canary  int `json:"canary"`
	// Mirror copies primary traffic to the canary; responses come from the
	// primary only.
	Mirror bool `json:"mirror"`
	// MirrorWeight is the mirrored percentage when Mirror is set (0 = 100).
	MirrorWeight int `json:"mirrorWeight,omitempty"`
	// Match routes matching requests to the canary (A/B testing).
	Match []MatchRule `json:"match,omitempty"`
}

// PrimaryOnly routes all traffic to the primary.
func PrimaryOnly() Routes { return Routes{Primary: totalWeight} }

// Status is the state Step carries from tick to tick. Persist it whole.
type Status struct {
	Phase Phase `json:"phase"`
	// CanaryWeight is the weight Flagger reports in its status: set while
	// progressing and while promoting step by step, zeroed by other phase
	// changes. With Options.TruthfulWeight it is always Routes.Canary.
	CanaryWeight int `json:"canaryWeight"`
	FailedChecks int `json:"failedChecks"`
	Iterations   int `json:"iterations"`
	// Routes is what is really routed after the tick.
	Routes Routes `json:"routes"`
	// LastAppliedRevision is the revision of the current or last run.
	LastAppliedRevision string `json:"lastAppliedRevision,omitempty"`
	// LastPromotedRevision is the revision the primary runs.
	LastPromotedRevision string `json:"lastPromotedRevision,omitempty"`
	// LastTransitionTime is the observation time of the last phase change.
	LastTransitionTime time.Time `json:"lastTransitionTime,omitzero"`
	// Measurements are per-metric counters in measurement mode.
	Measurements []MeasurementStatus `json:"measurements,omitempty"`
}

// MeasurementStatus counts one metric's measurements within a run
// (measurement mode).
type MeasurementStatus struct {
	Metric           string `json:"metric"`
	Successful       int    `json:"successful"`
	Failed           int    `json:"failed"`
	Inconclusive     int    `json:"inconclusive"`
	Error            int    `json:"error"`
	ConsecutiveError int    `json:"consecutiveError"`
}

// Validate checks that the status is one Step can continue from.
func (s *Status) Validate() error {
	switch {
	case !s.Phase.known():
		return statusError("phase", fmt.Sprintf("unknown phase %q", string(s.Phase)))
	case outOfPercent(s.CanaryWeight):
		return statusError("canaryWeight", fmt.Sprintf("%d is outside 0..100", s.CanaryWeight))
	case s.FailedChecks < 0:
		return statusError("failedChecks", "must not be negative")
	}
	return s.Routes.validate(statusError, "routes")
}

func (r *Routes) validate(mk func(field, reason string) error, field string) error {
	switch {
	case outOfPercent(r.Primary):
		return mk(field+".primary", fmt.Sprintf("%d is outside 0..100", r.Primary))
	case outOfPercent(r.Canary):
		return mk(field+".canary", fmt.Sprintf("%d is outside 0..100", r.Canary))
	case outOfPercent(r.MirrorWeight):
		return mk(field+".mirrorWeight", fmt.Sprintf("%d is outside 0..100", r.MirrorWeight))
	}
	return nil
}
