package rollout

import (
	"encoding/json"
	"strconv"

	"github.com/fleetkit/fleetkit/observe"
)

// EventType is Normal or Warning, as Kubernetes events.
type EventType string

// Event types.
const (
	Normal  EventType = "Normal"
	Warning EventType = "Warning"
)

// Reason is a machine-readable event reason.
type Reason string

// Event reasons.
const (
	ReasonSuspended           Reason = "Suspended"
	ReasonInitialized         Reason = "Initialized"
	ReasonPrimaryNotReady     Reason = "PrimaryNotReady"
	ReasonCanaryNotReady      Reason = "CanaryNotReady"
	ReasonWaitingForApproval  Reason = "WaitingForApproval"
	ReasonNewRevision         Reason = "NewRevision"
	ReasonRestart             Reason = "RestartAnalysis"
	ReasonHookFailed          Reason = "HookFailed"
	ReasonMetricFailed        Reason = "MetricFailed"
	ReasonMetricNoData        Reason = "MetricNoData"
	ReasonMetricError         Reason = "MetricError"
	ReasonNoDataHold          Reason = "NoDataHold"
	ReasonTrafficIncreaseHeld Reason = "TrafficIncreaseHeld"
	ReasonWaitingPromotion    Reason = "WaitingPromotion"
	ReasonAdvance             Reason = "Advance"
	ReasonMirror              Reason = "Mirror"
	ReasonIteration           Reason = "Iteration"
	ReasonRouteToCanary       Reason = "RouteToCanary"
	ReasonPromote             Reason = "Promote"
	ReasonAdvancePrimary      Reason = "AdvancePrimary"
	ReasonRouteToPrimary      Reason = "RouteToPrimary"
	ReasonSucceeded           Reason = "Succeeded"
	ReasonSkipAnalysis        Reason = "SkipAnalysis"
	ReasonThresholdReached    Reason = "ThresholdReached"
	ReasonRollbackHook        Reason = "RollbackHook"
	ReasonCanaryFailed        Reason = "CanaryFailed"
	ReasonPrimaryFailed       Reason = "PrimaryFailed"
	ReasonPrimaryFailedLate   Reason = "PrimaryFailedDuringPromotion"
	ReasonAborted             Reason = "Aborted"
	ReasonGateTimeout         Reason = "GateTimeout"
	ReasonMeasurementFailed   Reason = "MeasurementFailed"
	ReasonMeasurementErrored  Reason = "MeasurementErrored"
	ReasonInconclusive        Reason = "Inconclusive"
	ReasonMeasurementHold     Reason = "MeasurementHold"
	ReasonOperatorPromote     Reason = "OperatorPromote"
	ReasonOperatorSkip        Reason = "OperatorSkip"
	ReasonOperatorRetry       Reason = "OperatorRetry"
	ReasonPromotionRefused    Reason = "PromotionRefused"
	ReasonReverted            Reason = "Reverted"
	ReasonRoutesDrifted       Reason = "RoutesDrifted"
	ReasonRoutesReasserted    Reason = "RoutesReasserted"
	// ReasonMetricWarning carries a metric source's warning (Detail): a
	// Prometheus or Thanos warning, or a fleet answer's coverage note.
	ReasonMetricWarning Reason = "MetricWarning"
)

// Event records what happened in a tick. It holds the facts, not a
// formatted string, so that recording one does not allocate; Message
// formats on demand.
type Event struct {
	Type   EventType
	Reason Reason
	// Subject is the webhook, metric or revision the event is about.
	Subject string
	// Weight is a traffic weight, or an iteration for ReasonIteration.
	Weight int
	// Count and Limit are counters (failed checks, iterations, limits).
	Count, Limit int
	// Sample is the metric reading for metric events.
	Sample observe.Sample
	// Range is the threshold a metric missed.
	Range observe.Range
	// Detail is free text from outside the engine: a metric source's
	// warning for ReasonMetricWarning.
	Detail string
}

// MarshalJSON writes type, reason and message.
func (e Event) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Type    EventType `json:"type"`
		Reason  Reason    `json:"reason"`
		Message string    `json:"message"`
	}{e.Type, e.Reason, e.Message()})
}

// String returns "Type Reason: message".
func (e Event) String() string { return string(e.Type) + " " + string(e.Reason) + ": " + e.Message() }

// Message is the human-readable text of the event; a reason without a
// message reads as itself.
func (e Event) Message() string {
	if m, ok := messages[e.Reason]; ok {
		return m(e)
	}
	return string(e.Reason)
}

// messages formats each reason's event.
var messages = map[Reason]func(e Event) string{
	ReasonSuspended:       func(Event) string { return "skipping tick: the rollout is suspended" },
	ReasonInitialized:     func(e Event) string { return "initialization done: primary runs revision " + e.Subject },
	ReasonPrimaryNotReady: func(Event) string { return "waiting: primary is not ready" },
	ReasonCanaryNotReady:  func(Event) string { return "waiting: canary is not ready" },
	ReasonWaitingForApproval: func(e Event) string {
		return "halt: waiting for rollout approval from " + e.Subject
	},
	ReasonNewRevision: func(e Event) string { return "new revision " + e.Subject + " detected: scaling up the canary" },
	ReasonRestart:     func(e Event) string { return "new revision " + e.Subject + " detected: restarting analysis" },
	ReasonHookFailed: func(e Event) string {
		return "halt advancement: check " + e.Subject + " failed (failed checks " + itoa(e.Count) + ")"
	},
	ReasonTrafficIncreaseHeld: func(e Event) string {
		return "halt advancement: waiting for traffic increase approval from " + e.Subject
	},
	ReasonWaitingPromotion: func(e Event) string {
		return "halt advancement: waiting for promotion approval from " + e.Subject
	},
	ReasonAdvance: func(e Event) string { return "advance canary weight " + itoa(e.Weight) },
	ReasonMirror:  func(Event) string { return "mirroring traffic to the canary" },
	ReasonIteration: func(e Event) string {
		return "advance canary iteration " + itoa(e.Count) + "/" + itoa(e.Limit)
	},
	ReasonRouteToCanary:    func(Event) string { return "routing all traffic to the canary" },
	ReasonPromote:          func(Event) string { return "copying the canary spec to the primary" },
	ReasonAdvancePrimary:   func(e Event) string { return "advance primary weight " + itoa(e.Weight) },
	ReasonRouteToPrimary:   func(Event) string { return "routing all traffic to the primary" },
	ReasonSucceeded:        func(Event) string { return "promotion completed: scaling down the canary" },
	ReasonSkipAnalysis:     func(Event) string { return "analysis skipped: promotion completed" },
	ReasonThresholdReached: func(e Event) string { return "rolling back: failed checks threshold reached " + itoa(e.Count) },
	ReasonRollbackHook: func(e Event) string {
		return "rolling back: rollback webhook " + e.Subject + " invoked"
	},
	ReasonCanaryFailed:  func(Event) string { return "rolling back: the canary failed to progress" },
	ReasonPrimaryFailed: func(Event) string { return "rolling back: the primary failed to progress" },
	ReasonPrimaryFailedLate: func(Event) string {
		return "the primary failed during promotion: routing all traffic to the canary"
	},
	ReasonAborted: func(Event) string { return "rolling back: aborted by the operator" },
	ReasonGateTimeout: func(e Event) string {
		return "rolling back: waited longer than the gate timeout in " + e.Subject
	},
	ReasonOperatorPromote: func(Event) string { return "promoting on operator request" },
	ReasonOperatorSkip:    func(Event) string { return "skipping checks and gates on operator request" },
	ReasonOperatorRetry:   func(Event) string { return "retrying on operator request" },
	ReasonRoutesDrifted: func(e Event) string {
		return "holding: the routes were changed outside the rollout (" + e.Subject +
			"); restore them, or set options.routeDrift to Reassert"
	},
	ReasonMetricWarning: func(e Event) string {
		return "metric " + e.Subject + ": the metric source warns: " + e.Detail
	},
	ReasonRoutesReasserted: func(e Event) string {
		return "the routes were changed outside the rollout (" + e.Subject + "): set them again (options.routeDrift Reassert)"
	},
	ReasonReverted: func(e Event) string {
		return "reverted from revision " + e.Subject + ", which the primary runs: the run ends without promotion"
	},
	ReasonPromotionRefused: func(e Event) string {
		return "promotion of revision " + e.Subject + " not carried out: the canary's template may have changed since it was analysed; analysing again"
	},
	ReasonMetricFailed: func(e Event) string {
		return "halt advancement: metric " + e.Subject + " " + e.Sample.String() + " outside " + e.Range.String() +
			" (failed checks " + itoa(e.Count) + ")"
	},
	ReasonMetricNoData: func(e Event) string {
		return "halt advancement: no values found for metric " + e.Subject + " (failed checks " + itoa(e.Count) + ")"
	},
	ReasonMetricError: func(e Event) string {
		return "halt advancement: metric " + e.Subject + " query failed: " + e.Sample.Err +
			" (failed checks " + itoa(e.Count) + ")"
	},
	ReasonNoDataHold: func(e Event) string { return "holding: no data for metric " + e.Subject },
	ReasonMeasurementFailed: func(e Event) string {
		return "rolling back: metric " + e.Subject + " failed " + itoa(e.Count) + " times, more than its limit " + itoa(e.Limit)
	},
	ReasonMeasurementErrored: func(e Event) string {
		return "rolling back: metric " + e.Subject + " errored " + itoa(e.Count) +
			" times in a row, more than its limit " + itoa(e.Limit)
	},
	ReasonInconclusive: func(e Event) string {
		return "paused: metric " + e.Subject + " inconclusive " + itoa(e.Count) + " times, more than its limit " + itoa(e.Limit)
	},
	ReasonMeasurementHold: func(e Event) string { return "holding: metric " + e.Subject + " measured " + e.Sample.String() },
}

func itoa(v int) string { return strconv.Itoa(v) }
