package rollout

import (
	"context"

	"github.com/fleetkit/fleetkit/observe"
)

// The ports below are what a runner needs to carry out Step's actions and
// gather the next Observation. They are declared here, by the consumer, and
// implemented by adapters (traffic/istio, observe/prometheus, an HTTP
// webhook caller, a Deployment workload). Every method takes a context
// first; errors are wrapped by the adapter with what it was doing.

// TrafficRouter reads and sets the routes between primary and canary.
// GetRoutes is called every tick: the engine decides on what is really
// routed, not on what it last asked for.
type TrafficRouter interface {
	GetRoutes(ctx context.Context) (Routes, error)
	SetRoutes(ctx context.Context, routes Routes) error
}

// MetricSource runs one metric query. It never fails as a Go error: an
// unreachable server or a bad query is an observe.QueryError sample, an
// empty result or NaN is observe.NoData, so that every outcome feeds the
// analysis the same way.
type MetricSource interface {
	Query(ctx context.Context, q observe.Query) observe.Sample
}

// HookCaller calls one webhook with Flagger's payload. A pass is an HTTP
// status up to 202 within the webhook's timeout (see PassFromStatus); the
// error, when not nil, says why a call failed and is for events only.
type HookCaller interface {
	Call(ctx context.Context, req HookRequest) (HookResult, error)
}

// HookRequest is a webhook call: the webhook and the payload fields Flagger
// sends (name, namespace, phase, checksum, metadata).
type HookRequest struct {
	Webhook   Webhook
	Name      string
	Namespace string
	Phase     Phase
	// Revision is sent as the checksum.
	Revision string
}

// Workload is the primary/canary pair of the target.
type Workload interface {
	// Observe reports the canary's revision and both readinesses; a
	// workload that has not become ready within the progress deadline is
	// Fatal.
	Observe(ctx context.Context) (WorkloadState, error)
	// ScaleCanary scales the canary up from zero (up) or down to zero.
	ScaleCanary(ctx context.Context, up bool) error
	// PromoteSpec copies the canary's spec to the primary.
	PromoteSpec(ctx context.Context) error
}

// WorkloadState is what Workload.Observe reports.
type WorkloadState struct {
	Revision string
	Primary  Readiness
	Canary   Readiness
}
