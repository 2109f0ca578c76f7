package rollout

import (
	"errors"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/traffic"
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

// Status is the state Step carries from tick to tick. Persist it whole.
type Status struct {
	Phase Phase `json:"phase"`
	// CanaryWeight is the weight Flagger reports in its status: set while
	// progressing and while promoting step by step, zeroed by other phase
	// changes. With Options.TruthfulWeight it is always Routes.Canary.
	CanaryWeight int `json:"canaryWeight"`
	FailedChecks int `json:"failedChecks"`
	Iterations   int `json:"iterations"`
	// Routes is what is really routed after the tick. The zero Split (no
	// weights at all) is accepted only as "nothing routed yet"; any other
	// must route 100% (see traffic.Split).
	Routes traffic.Split `json:"routes"`
	// LastAppliedRevision is the revision of the current or last run.
	LastAppliedRevision string `json:"lastAppliedRevision,omitempty"`
	// LastPromotedRevision is the revision the primary runs.
	LastPromotedRevision string `json:"lastPromotedRevision,omitempty"`
	// LastTransitionTime is the observation time of the last phase change.
	LastTransitionTime time.Time `json:"lastTransitionTime,omitzero"`
	// GateWait is how long the run has waited at its confirm gate (Waiting
	// or WaitingPromotion) as Options.GateTimeout counts it: each tick adds
	// the time since GateCheckedTime, at most one interval and never less
	// than zero, so that a clock jump does not decide a timeout. Both are
	// kept only while Options.GateTimeout is set and reset on every phase
	// change.
	GateWait metav1.Duration `json:"gateWait,omitzero"`
	// GateCheckedTime is the observation time GateWait was counted up to.
	GateCheckedTime time.Time `json:"gateCheckedTime,omitzero"`
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

// InitialStatus is the status of a target first seen at revision rev:
// Initialized, with rev applied and promoted (the primary already runs it)
// and every request routed to the primary. It is the one place an initial
// status is built: Step's first tick, a runner's first sight of a target,
// each wave of a fleet rollout and a simulation all start from it.
func InitialStatus(rev string) Status {
	return Status{Phase: Initialized, Routes: traffic.PrimaryOnly(),
		LastAppliedRevision: rev, LastPromotedRevision: rev}
}

// Validate checks that the status is one Step can continue from, and
// reports every problem, joined in the order of the checks below. Routes
// are checked with traffic.Split.ValidateWeights: the weights and mirror
// the engine computes with, not the match rules, which the spec carries
// and Spec.Validate checks. A valid status costs no allocation.
func (s *Status) Validate() error {
	var errs []error
	if !s.Phase.known() {
		errs = append(errs, statusError("phase", fmt.Sprintf("unknown phase %q", string(s.Phase))))
	}
	if outOfPercent(s.CanaryWeight) {
		errs = append(errs, statusError("canaryWeight", fmt.Sprintf("%d is outside 0..100", s.CanaryWeight)))
	}
	if s.FailedChecks < 0 {
		errs = append(errs, statusError("failedChecks", "must not be negative"))
	}
	if s.GateWait.Duration < 0 {
		errs = append(errs, statusError("gateWait", "must not be negative"))
	}
	if err := checkRoutes(ErrInvalidStatus, "routes", &s.Routes); err != nil {
		errs = append(errs, err)
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// checkRoutes validates routes with the traffic package's rules, reporting
// a problem as a *ValidationError of kind with the traffic error as cause.
// The zero Split is "no routes recorded yet", which a status before its
// first tick has.
func checkRoutes(kind error, field string, r *traffic.Split) error {
	if r.Primary == 0 && r.Canary == 0 && r.Mirror == nil && len(r.Match) == 0 {
		return nil
	}
	return fromTraffic(kind, r.ValidateWeights(field))
}
