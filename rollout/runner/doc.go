// Package runner executes the rollout engine's decisions for controllers:
// Runner.Tick observes the workload and the routes really in force, calls
// rollout.Step, and carries out the actions through ports — TrafficRouter,
// MetricSource, HookCaller, Workload and StatusStore — that adapters
// implement (traffic/istio, observe/prometheus, rollout/webhook, a
// Deployment workload, an annotation store).
//
// Imports point downward: runner imports rollout (and traffic, observe);
// rollout never imports runner. The ports are declared here, by their
// consumer, in the rollout and traffic vocabulary, so an adapter depends on
// runner's interfaces and never the other way round.
//
// # Gathering inputs lazily
//
// A tick first steps with what is cheap to know (revision, readiness,
// routes), then calls only the webhooks and queries the metrics the tick
// consulted (rollout.Result.Needs) and steps again from the same status, so
// a load-test webhook runs once per run rather than every tick.
//
// # Write-ahead
//
// The decided status and its actions are saved through the StatusStore
// before the actions are carried out, so a controller restarted mid-tick
// replays the actions instead of deciding again: no weight regression, no
// second promotion. Replayed actions must be idempotent, as every port's
// are (set routes to X, scale to N, copy the spec); post-rollout webhooks
// may be called twice after a crash (at least once).
//
// A replay never acts on a world that moved on. A promotion names the
// revision it was decided for, and Workload.PromoteSpec copies only that
// revision; when the canary's template has changed since (the developer
// pushed again between the decision and the promotion, or during the
// tick's webhook calls and metric queries), the workload refuses with
// ErrRevisionChanged and the Runner sends the run back to analysing
// (rollout.RefusedPromotion), so the new revision is analysed before it can
// be promoted. A pending promotion in a record written before promotions
// named their revision is decided again the same way, never replayed. A
// step of the routes is replayed only while the routes it was decided on
// are in force (see below).
//
// # Routes changed by someone else
//
// The routes are shared with people: a VirtualService may be edited by hand
// in the middle of a rollout. Every tick compares the routes read back with
// the split the Runner set last, and every step of the routes is
// conditioned on the split it was decided on (PendingAction.From): through
// ConditionalRouter, atomically, when the router has it, as traffic/istio's
// does; otherwise by reading the routes just before setting them. Routes
// found changed (other weights, a layout the router does not write, an edit
// while the router writes — router errors matching
// traffic.ErrRoutesChanged) are never overwritten silently. By default
// (rollout.RouteDriftHold) the tick stops with a *DriftError and a
// RoutesDrifted event, writes nothing, and keeps its decided steps pending
// until the routes are restored; with rollout.RouteDriftReassert the Runner
// sets its routes again through TrafficRouter.SetRoutes, reports a
// RoutesReasserted event and continues.
//
// # Clocks
//
// A Runner reads no clock: Tick is given the time, and the engine counts
// gate timeouts tick by tick, each tick adding at most one interval (see
// rollout.Status.GateWait), so a wall clock that jumps forward does not time
// out a gate and one that jumps back does not freeze it. Due is never more
// than one interval away: a LastTick up to one interval in the future waits
// one interval (no second tick right after the first when a replica's clock
// is a little behind), and one further in the future is due at once (a
// backward jump of an hour must not stall the rollout for an hour). A
// forward jump makes the tick due at once, as it is overdue.
//
// # Port contract
//
// Every port method takes a context first and honours its cancellation. A
// Runner calls its ports from one goroutine at a time (a Runner is not safe
// for concurrent Ticks; controllers serialise reconciles per object), so a
// port serving one target needs no locking; a port shared by the Runners of
// several targets must be safe for concurrent use. A port reports failure
// as an error naming what it was doing and wrapping its cause with %w. The
// Runner wraps that error again with %w, under ErrPort, so callers see both
// ErrPort and the adapter's own typed errors:
//
//	errors.Is(err, runner.ErrPort)
//	errors.As(err, &notFound)             // *istio.NotFoundError
//	errors.Is(err, context.DeadlineExceeded)
//
// MetricSource and HookCaller are the exceptions: their failures are
// analysis inputs (a query error sample, a failed webhook), not tick
// failures.
package runner
