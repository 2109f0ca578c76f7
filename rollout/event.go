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

// Message is the human-readable text of the event.
func (e Event) Message() string {
	if m, ok := e.plainMessage(); ok {
		return m
	}
	return e.metricMessage()
}

func (e Event) plainMessage() (string, bool) {
	switch e.Reason {
	case ReasonSuspended:
		return "skipping tick: the rollout is suspended", true
	case ReasonInitialized:
		return "initialization done: primary runs revision " + e.Subject, true
	case ReasonPrimaryNotReady:
		return "waiting: primary is not ready", true
	case ReasonCanaryNotReady:
		return "waiting: canary is not ready", true
	case ReasonWaitingForApproval:
		return "halt: waiting for rollout approval from " + e.Subject, true
	case ReasonNewRevision:
		return "new revision " + e.Subject + " detected: scaling up the canary", true
	case ReasonRestart:
		return "new revision " + e.Subject + " detected: restarting analysis", true
	case ReasonHookFailed:
		return "halt advancement: check " + e.Subject + " failed (failed checks " + itoa(e.Count) + ")", true
	case ReasonTrafficIncreaseHeld:
		return "halt advancement: waiting for traffic increase approval from " + e.Subject, true
	case ReasonWaitingPromotion:
		return "halt advancement: waiting for promotion approval from " + e.Subject, true
	case ReasonAdvance:
		return "advance canary weight " + itoa(e.Weight), true
	case ReasonMirror:
		return "mirroring traffic to the canary", true
	case ReasonIteration:
		return "advance canary iteration " + itoa(e.Count) + "/" + itoa(e.Limit), true
	case ReasonRouteToCanary:
		return "routing all traffic to the canary", true
	case ReasonPromote:
		return "copying the canary spec to the primary", true
	case ReasonAdvancePrimary:
		return "advance primary weight " + itoa(e.Weight), true
	case ReasonRouteToPrimary:
		return "routing all traffic to the primary", true
	case ReasonSucceeded:
		return "promotion completed: scaling down the canary", true
	case ReasonSkipAnalysis:
		return "analysis skipped: promotion completed", true
	}
	return e.rollbackMessage()
}

func (e Event) rollbackMessage() (string, bool) {
	switch e.Reason {
	case ReasonThresholdReached:
		return "rolling back: failed checks threshold reached " + itoa(e.Count), true
	case ReasonRollbackHook:
		return "rolling back: rollback webhook " + e.Subject + " invoked", true
	case ReasonCanaryFailed:
		return "rolling back: the canary failed to progress", true
	case ReasonPrimaryFailed:
		return "rolling back: the primary failed to progress", true
	case ReasonPrimaryFailedLate:
		return "the primary failed during promotion: routing all traffic to the canary", true
	case ReasonAborted:
		return "rolling back: aborted by the operator", true
	case ReasonGateTimeout:
		return "rolling back: waited longer than the gate timeout in " + e.Subject, true
	case ReasonOperatorPromote:
		return "promoting on operator request", true
	case ReasonOperatorSkip:
		return "skipping checks and gates on operator request", true
	case ReasonOperatorRetry:
		return "retrying on operator request", true
	}
	return "", false
}

func (e Event) metricMessage() string {
	switch e.Reason {
	case ReasonMetricFailed:
		return "halt advancement: metric " + e.Subject + " " + e.Sample.String() + " outside " + e.Range.String() +
			" (failed checks " + itoa(e.Count) + ")"
	case ReasonMetricNoData:
		return "halt advancement: no values found for metric " + e.Subject + " (failed checks " + itoa(e.Count) + ")"
	case ReasonMetricError:
		return "halt advancement: metric " + e.Subject + " query failed: " + e.Sample.Err + " (failed checks " + itoa(e.Count) + ")"
	case ReasonNoDataHold:
		return "holding: no data for metric " + e.Subject
	case ReasonMeasurementFailed:
		return "rolling back: metric " + e.Subject + " failed " + itoa(e.Count) + " times, more than its limit " + itoa(e.Limit)
	case ReasonMeasurementErrored:
		return "rolling back: metric " + e.Subject + " errored " + itoa(e.Count) + " times in a row, more than its limit " + itoa(e.Limit)
	case ReasonInconclusive:
		return "paused: metric " + e.Subject + " inconclusive " + itoa(e.Count) + " times, more than its limit " + itoa(e.Limit)
	case ReasonMeasurementHold:
		return "holding: metric " + e.Subject + " measured " + e.Sample.String()
	}
	return string(e.Reason)
}

func itoa(v int) string { return strconv.Itoa(v) }
