package rollout

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// Options are behaviours beyond Flagger. Every zero value keeps Flagger's
// behaviour in Step, so a Spec without options decides as Flagger does;
// RouteDrift, which runners read, holds by default (see there).
type Options struct {
	// NoData decides what a metric with no data (empty result or NaN) does.
	// Flagger fails the check, which rolls back low-traffic services at
	// night; Hold waits for data without counting a failure; Pass ignores
	// the metric for that tick.
	NoData NoDataPolicy `json:"noData,omitempty"`
	// GateTimeout rolls back a run that has waited longer than this in
	// Waiting (confirm-rollout) or WaitingPromotion (confirm-promotion).
	// Flagger waits forever. Zero disables it. When set, every Observation
	// must carry its time. The wait is counted tick by tick and tolerates
	// clock jumps (see Status.GateWait and the package documentation).
	GateTimeout metav1.Duration `json:"gateTimeout,omitempty"`
	// ConsecutiveFailures resets the failed-check counter after a passing
	// tick, so only an unbroken run of Threshold failures rolls back.
	// Flagger counts failures cumulatively for the whole run.
	ConsecutiveFailures bool `json:"consecutiveFailures,omitempty"`
	// ClampToMaxWeight caps each step at the max weight. Flagger lets the
	// weight overshoot (max 50, step 20 gives 20, 40, 60).
	ClampToMaxWeight bool `json:"clampToMaxWeight,omitempty"`
	// TruthfulWeight makes Status.CanaryWeight the routed canary weight in
	// every phase. Flagger reports 0 while waiting for promotion, promoting
	// and in A/B or blue/green runs.
	TruthfulWeight bool `json:"truthfulWeight,omitempty"`
	// Mode selects the analysis: Threshold (Flagger's failed-check counter,
	// the default) or Measurement (Argo Rollouts' per-metric limits).
	Mode AnalysisMode `json:"mode,omitempty"`
	// RouteDrift is what a runner does when the routes in force are not the
	// ones it set: someone edited the routing object by hand, or another
	// writer changed it while a tick decided. Hold (the default) moves no
	// traffic and reports until the routes are restored; Reassert sets the
	// rollout's routes again, reports, and continues. Step does not read it
	// (it decides on the routes read back); rollout/runner does. Flagger
	// adopts the edited weights and overwrites them at its next step.
	RouteDrift RouteDriftPolicy `json:"routeDrift,omitempty"`
}

// RouteDriftPolicy is what a runner does about routes changed by someone
// else.
type RouteDriftPolicy string

// Route drift policies.
const (
	// RouteDriftHold reports the change and moves no traffic until the
	// routes are restored.
	RouteDriftHold RouteDriftPolicy = "Hold"
	// RouteDriftReassert reports the change and sets the rollout's routes
	// again.
	RouteDriftReassert RouteDriftPolicy = "Reassert"
)

// NoDataPolicy is what a metric without data does to a tick.
type NoDataPolicy string

// No-data policies.
const (
	// NoDataFail counts a failed check (Flagger).
	NoDataFail NoDataPolicy = "Fail"
	// NoDataHold ends the tick without a failed check and without advancing.
	NoDataHold NoDataPolicy = "Hold"
	// NoDataPass skips the metric.
	NoDataPass NoDataPolicy = "Pass"
)

// AnalysisMode selects how metric results decide the run.
type AnalysisMode string

// Analysis modes.
const (
	// ThresholdMode is Flagger's: the first failing check of a tick adds one
	// failed check; Threshold failed checks roll back.
	ThresholdMode AnalysisMode = "Threshold"
	// MeasurementMode is Argo Rollouts': every metric is measured each tick
	// and classified Successful, Failed, Inconclusive or Error by its success
	// and failure conditions. A metric fails the run when its failed count
	// is strictly greater than FailureLimit, or its consecutive errors
	// strictly greater than ConsecutiveErrorLimit; it pauses the run
	// (phase Inconclusive, waiting for an operator intent) when its
	// inconclusive count is strictly greater than InconclusiveLimit. A tick
	// with any measurement that is not Successful holds the weight.
	MeasurementMode AnalysisMode = "Measurement"
)

// Argo Rollouts' default limits.
const (
	DefaultFailureLimit          = 0
	DefaultInconclusiveLimit     = 0
	DefaultConsecutiveErrorLimit = 4
)

func (o *Options) noData() NoDataPolicy {
	if o.NoData == "" {
		return NoDataFail
	}
	return o.NoData
}

func (o *Options) measurement() bool { return o.Mode == MeasurementMode }

// ReassertRoutes reports whether RouteDrift asks to set the rollout's
// routes again over routes changed by someone else.
func (o *Options) ReassertRoutes() bool { return o.RouteDrift == RouteDriftReassert }

func limitOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}
