package runner

import (
	"context"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

// The ports a Runner drives. The package documentation states the contract
// they share (context, concurrency, error wrapping); each states its own.

// TrafficRouter reads and sets the routes between primary and canary.
// traffic/istio's Router implements it.
//
// GetRoutes is called every tick and returns what is really routed: the
// engine decides on the cluster's routes, not on what it last asked for. A
// routing object deleted under the router is an error (the tick stops), not
// a reason to recreate it. SetRoutes must be idempotent and must refuse an
// invalid split before changing anything (an error matching
// traffic.ErrInvalid); the splits a Runner sets come from a validated
// rollout.Spec, which every shipped router accepts.
type TrafficRouter interface {
	GetRoutes(ctx context.Context) (traffic.Split, error)
	SetRoutes(ctx context.Context, routes traffic.Split) error
}

// ConditionalRouter is a TrafficRouter that changes the routes on a
// condition, atomically on the routing object (a resourceVersion
// precondition, for Kubernetes objects). A Runner uses it, when its router
// has it, for every step of the routes; otherwise it reads the routes and
// then sets them, which leaves a short window in which an edit by someone
// else is overwritten. traffic/istio's Router implements it.
type ConditionalRouter interface {
	TrafficRouter
	// CompareAndSetRoutes sets to if the routes in force are from, and
	// does nothing if they are to already (a replayed step). Anything
	// else — other routes (*traffic.ChangedError), a layout the router
	// does not write, an edit by someone else while it writes — is an
	// error matching traffic.ErrRoutesChanged, and nothing is changed.
	CompareAndSetRoutes(ctx context.Context, from, to traffic.Split) error
}

// MetricSource runs one metric query. It never fails as a Go error: an
// unreachable server, a timeout or a bad query is an observe.QueryError
// sample, an empty result or NaN is observe.NoData, so that every outcome
// feeds the analysis the same way. A Runner queries the metrics of a tick
// one after another.
type MetricSource interface {
	Query(ctx context.Context, q observe.Query) observe.Sample
}

// WarningMetricSource is a MetricSource that also returns the warnings of
// each answer: Prometheus and Thanos warnings (partial responses among
// them) and a fleet answer's coverage notes. A Runner uses it when its
// metric source has it and reports every warning as a Warning event
// (rollout.ReasonMetricWarning) of the tick, so that warnings reach the
// rollout's events, not a log only. Warnings never change the sample: a
// source that must not be trusted returns a QueryError sample (a failed
// check), never a value with a warning. observe/prometheus's Source and
// Global implement it.
type WarningMetricSource interface {
	MetricSource
	QueryWithWarnings(ctx context.Context, q observe.Query) (observe.Sample, []string)
}

// HookCaller calls one webhook with Flagger's payload. A pass is an HTTP
// status up to 202 within the webhook's timeout (rollout.PassFromStatus).
// Any failure is a result, rollout.HookFail: the error, when not nil, says
// why (wrapping its cause) and is reported in TickReport.HookErrors only.
// rollout/webhook's Caller implements it.
type HookCaller interface {
	Call(ctx context.Context, req HookRequest) (rollout.HookResult, error)
}

// HookRequest is a webhook call: the webhook and the payload fields Flagger
// sends (name, namespace, phase, checksum, metadata).
type HookRequest struct {
	Webhook   rollout.Webhook
	Name      string
	Namespace string
	Phase     rollout.Phase
	// Revision is sent as the checksum.
	Revision string
}

// Workload is the primary/canary pair of the target. ScaleCanary and
// PromoteSpec must be idempotent: a Runner replays them after a crash.
type Workload interface {
	// Observe reports the canary's revision (see rollout.RevisionOf) and both
	// readinesses; a workload that has not become ready within the progress
	// deadline is rollout.Fatal, which is a state, not an error.
	Observe(ctx context.Context) (WorkloadState, error)
	// ScaleCanary scales the canary up from zero (up) or down to zero.
	ScaleCanary(ctx context.Context, up bool) error
	// PromoteSpec copies the canary's spec to the primary if, and only if,
	// the canary's template is still at revision, the revision that passed
	// analysis (compare-and-set on the template's revision, see
	// rollout.RevisionOf). When the template has moved on it changes nothing
	// and returns an error matching ErrRevisionChanged; the Runner then
	// restarts the analysis for the new revision instead of promoting.
	PromoteSpec(ctx context.Context, revision string) error
}

// WorkloadState is what Workload.Observe reports.
type WorkloadState struct {
	Revision string
	Primary  rollout.Readiness
	Canary   rollout.Readiness
}

// StatusStore persists a Runner's Record between ticks and across
// restarts, where the controller keeps state: an annotation on the target,
// a custom resource's status, a file.
type StatusStore interface {
	// Load returns the stored record; found is false when nothing was
	// stored yet, which is not an error.
	Load(ctx context.Context) (rec Record, found bool, err error)
	// Save replaces the stored record. A conflict with a newer record must
	// be an error, never a silent overwrite.
	Save(ctx context.Context, rec Record) error
}
