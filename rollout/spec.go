package rollout

import (
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/traffic"
)

// Spec is the analysis configuration in Kurator/Flagger vocabulary. The zero
// value of every field means "Flagger's default"; Validate rejects values
// Flagger would misbehave on instead of defaulting them silently.
type Spec struct {
	// Interval is the length of one tick (default 60s). Step does not read a
	// clock; the runner ticks at this interval.
	Interval metav1.Duration `json:"interval,omitempty"`
	// Threshold is the number of failed checks that rolls back (default 1).
	Threshold int `json:"threshold,omitempty"`
	// MaxWeight is the canary weight at which promotion is considered
	// (default 100; ignored when StepWeights is set).
	MaxWeight int `json:"maxWeight,omitempty"`
	// StepWeight is added to the canary weight per tick. It takes precedence
	// over StepWeights.
	StepWeight int `json:"stepWeight,omitempty"`
	// StepWeights is an explicit, increasing list of canary weights.
	StepWeights []int `json:"stepWeights,omitempty"`
	// StepWeightPromotion moves this many points per tick back to the primary
	// while promoting; 0 routes everything back in one tick.
	StepWeightPromotion int `json:"stepWeightPromotion,omitempty"`
	// Iterations selects A/B (with Match) or blue/green (without) and is the
	// number of analysis iterations.
	Iterations int `json:"iterations,omitempty"`
	// Match routes requests matching any rule to the canary (A/B testing),
	// in the traffic package's vocabulary and validated by its rules.
	Match []traffic.Match `json:"match,omitempty"`
	// Mirror mirrors traffic to the canary for one step (canary) or for the
	// whole run (blue/green) before shifting any.
	Mirror bool `json:"mirror,omitempty"`
	// MirrorWeight is the percentage of traffic mirrored, 0..100; 0 means
	// 100, as in Flagger.
	MirrorWeight int `json:"mirrorWeight,omitempty"`
	// SkipAnalysis promotes a new revision without analysis.
	SkipAnalysis bool `json:"skipAnalysis,omitempty"`
	// Suspend stops all processing, as Flagger's spec.suspend.
	Suspend bool `json:"suspend,omitempty"`
	// Metrics are checked in order every analysis tick.
	Metrics []Metric `json:"metrics,omitempty"`
	// Webhooks are gates, checks and notifications by type.
	Webhooks []Webhook `json:"webhooks,omitempty"`
	// ProgressDeadline is how long a workload may take to become ready before
	// the runner reports it Fatal (default 600s). Step reads readiness, not
	// the deadline; the Workload port uses it.
	ProgressDeadline metav1.Duration `json:"progressDeadline,omitempty"`
	// Options are behaviours beyond Flagger; all off by default.
	Options Options `json:"options,omitzero"`
}

// Metric is one analysis metric.
type Metric struct {
	// Name identifies the metric in observations; the built-in names
	// request-success-rate and request-duration select built-in templates.
	Name string `json:"name"`
	// Interval is the query window (default 1m).
	Interval metav1.Duration `json:"interval,omitempty"`
	// ThresholdRange is the inclusive range a value must be in to pass.
	ThresholdRange observe.Range `json:"thresholdRange,omitzero"`
	// Query is a custom PromQL template; empty means the built-in template
	// named by Template or Name.
	Query string `json:"query,omitempty"`
	// Template names a built-in template when Name is a custom label.
	Template string `json:"template,omitempty"`

	// SuccessCondition and FailureCondition are used in measurement mode
	// (Options.Mode = Measurement); SuccessCondition defaults to
	// ThresholdRange.
	SuccessCondition *observe.Range `json:"successCondition,omitempty"`
	FailureCondition *observe.Range `json:"failureCondition,omitempty"`
	// FailureLimit, InconclusiveLimit and ConsecutiveErrorLimit are Argo
	// Rollouts' limits (defaults 0, 0 and 4): the metric fails when a count
	// is strictly greater than its limit.
	FailureLimit          *int `json:"failureLimit,omitempty"`
	InconclusiveLimit     *int `json:"inconclusiveLimit,omitempty"`
	ConsecutiveErrorLimit *int `json:"consecutiveErrorLimit,omitempty"`
}

// HookType is the kind of a webhook, Flagger's names.
type HookType string

// Webhook types.
const (
	ConfirmRollout         HookType = "confirm-rollout"
	PreRollout             HookType = "pre-rollout"
	RolloutHook            HookType = "rollout"
	ConfirmTrafficIncrease HookType = "confirm-traffic-increase"
	ConfirmPromotion       HookType = "confirm-promotion"
	PostRollout            HookType = "post-rollout"
	RollbackHook           HookType = "rollback"
	EventHook              HookType = "event"
)

// Webhook is an external gate, check or notification.
type Webhook struct {
	Name string `json:"name"`
	// Type defaults to rollout.
	Type     HookType          `json:"type,omitempty"`
	URL      string            `json:"url,omitempty"`
	Timeout  metav1.Duration   `json:"timeout,omitempty"`
	Metadata map[string]string `json:"metadata,omitempty"`
}

// EffectiveType returns the webhook type, rollout when empty.
func (w Webhook) EffectiveType() HookType {
	if w.Type == "" {
		return RolloutHook
	}
	return w.Type
}

// Strategy is how traffic moves to the canary.
type Strategy string

// Strategies, chosen from the spec as Flagger does.
const (
	Canary    Strategy = "Canary"
	ABTesting Strategy = "ABTesting"
	BlueGreen Strategy = "BlueGreen"
)

// Flagger defaults.
const (
	DefaultInterval         = 60 * time.Second
	DefaultThreshold        = 1
	DefaultProgressDeadline = 600 * time.Second
	totalWeight             = traffic.TotalWeight
)

// Strategy returns A/B when Match and Iterations are set, blue/green when
// only Iterations is, canary otherwise — Flagger's order of precedence.
func (s *Spec) Strategy() Strategy {
	switch {
	case len(s.Match) > 0 && s.Iterations > 0:
		return ABTesting
	case s.Iterations > 0:
		return BlueGreen
	default:
		return Canary
	}
}

// EffectiveInterval returns Interval or its default.
func (s *Spec) EffectiveInterval() time.Duration {
	if s.Interval.Duration > 0 {
		return s.Interval.Duration
	}
	return DefaultInterval
}

// EffectiveThreshold returns Threshold or its default of 1.
func (s *Spec) EffectiveThreshold() int {
	if s.Threshold > 0 {
		return s.Threshold
	}
	return DefaultThreshold
}

// EffectiveProgressDeadline returns ProgressDeadline or its default.
func (s *Spec) EffectiveProgressDeadline() time.Duration {
	if s.ProgressDeadline.Duration > 0 {
		return s.ProgressDeadline.Duration
	}
	return DefaultProgressDeadline
}

// EffectiveMaxWeight is min(100, last StepWeights entry) when StepWeights is
// set (MaxWeight is then ignored), else MaxWeight if positive, else 100.
func (s *Spec) EffectiveMaxWeight() int {
	if n := len(s.StepWeights); n > 0 {
		return min(totalWeight, s.StepWeights[n-1])
	}
	if s.MaxWeight > 0 {
		return s.MaxWeight
	}
	return totalWeight
}

// NextStepWeight returns how many points the canary weight grows from
// current. StepWeight wins when set; with StepWeights the weight moves to the
// next entry, and to 100 when current is not in the list. Zero means the
// canary never advances.
func (s *Spec) NextStepWeight(current int) int {
	n := len(s.StepWeights)
	if s.StepWeight > 0 || n == 0 {
		return s.StepWeight
	}
	remaining := totalWeight - current
	if remaining <= 0 {
		// At 100 the only move left is promotion; any positive step gets
		// there, as with StepWeight.
		return 1
	}
	if current == 0 {
		return min(remaining, s.StepWeights[0])
	}
	for i := 0; i < n-1; i++ {
		if s.StepWeights[i] == current {
			return min(remaining, s.StepWeights[i+1]-current)
		}
	}
	return remaining
}

// mirrorPercent is the share of requests mirrored: MirrorWeight, 0 being
// everything.
func (s *Spec) mirrorPercent() float64 {
	if s.MirrorWeight == 0 {
		return totalWeight
	}
	return float64(s.MirrorWeight)
}

func (s *Spec) hasHooks(t HookType) bool {
	for i := range s.Webhooks {
		if s.Webhooks[i].EffectiveType() == t {
			return true
		}
	}
	return false
}
