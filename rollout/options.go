package rollout

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// Options are behaviours beyond Flagger. Every zero value keeps Flagger's
// behaviour, so a Spec without options is Flagger-compatible.
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
}

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

func limitOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}
