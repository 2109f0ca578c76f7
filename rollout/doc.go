// Package rollout is the progressive-delivery analysis engine: canary, A/B
// and blue/green analysis as a pure, deterministic step function.
//
// Step(spec, status, observation) returns the next Status plus Actions and
// Events as data. It does no I/O, reads no clock and logs nothing. Routes
// are traffic.Split values and A/B rules traffic.Match values: the engine
// speaks the traffic package's vocabulary, and Spec.Validate checks match
// rules with the traffic package's code, so a spec that validates can be
// routed by every router.
//
// # Packages
//
// The engine is this package. The packages below it build on it and are
// imported by their users only; rollout never imports them:
//
//   - rollout/runner executes Step's actions through ports (TrafficRouter,
//     MetricSource, HookCaller, Workload, StatusStore) for controllers.
//   - rollout/wave drives one rollout across fleet members in waves.
//   - rollout/simulate runs a spec against a trace of observations (the
//     input of fleetctl rollout simulate) and holds the golden scenarios
//     that specify Step tick by tick.
//   - rollout/webhook is the HTTP HookCaller.
//
// # The rules of a tick
//
// By default Step follows Flagger v1.44 (pkg/controller/scheduler.go,
// advanceCanary and its helpers) tick for tick. The guards run in this
// order and the first that fires ends the tick:
//
//  1. A suspended spec (or the Suspend intent) does nothing.
//  2. Initialized, Succeeded and Failed wait for a new revision: one that
//     differs from both the last applied and the last promoted revision, so
//     reverting to the promoted template is not a rollout. While Failed the
//     applied revision follows the observed one.
//  3. The primary must be ready; a Fatal primary rolls back, except during
//     promotion, when the canary keeps all traffic (fail forward).
//  4. A new revision asks the confirm-rollout webhooks (Waiting until they
//     pass), then scales the canary up and starts Progressing. Routes are
//     not reset; the reported weight and counters are.
//  5. A new revision during analysis routes everything to the primary and
//     restarts the analysis without asking confirm-rollout again. A revert
//     to the promoted revision while a run waits or analyses ends the run
//     (beyond Flagger, which keeps analysing the reverted template under
//     the new revision's name and then records that revision as promoted):
//     all traffic to the primary, the canary scaled to zero, Initialized at
//     the revision the primary runs, so applying the abandoned revision
//     again is a new run.
//  6. The canary must be ready; a Fatal canary rolls back.
//  7. skipAnalysis promotes at once.
//  8. A passing rollback webhook rolls back.
//  9. Promoting routes traffic back to the primary, at once or
//     stepWeightPromotion points per tick, then Finalising.
//  10. Finalising scales the canary down: Succeeded, post-rollout webhooks.
//  11. A run whose failed checks reached the threshold rolls back, on the
//     tick after the threshold-th failure (Flagger counts failures for the
//     whole run).
//  12. Checks: before any traffic reaches the canary only pre-rollout
//     webhooks run (scheduler_hooks.go); afterwards rollout webhooks, then
//     the metrics in order (scheduler_metrics.go). The first failure adds
//     one failed check and ends the tick. A missing webhook result fails
//     closed; missing metric data fails the check.
//  13. Advance by strategy: a canary steps its weight (asking
//     confirm-traffic-increase, also at max weight) and promotes at max
//     weight after confirm-promotion; with mirror the first step mirrors.
//     A/B routes matching requests to the canary for the iterations; blue/
//     green runs the iterations (mirroring if set), then routes everything
//     to the canary for one more iteration before promoting.
//
// Webhooks pass with an HTTP status up to 202 within their timeout
// (pkg/controller/webhook.go). Options switch on behaviour beyond Flagger,
// each rule placed between Flagger's: a no-data policy, gate timeouts,
// consecutive failure counting, clamping to maxWeight, a truthful status
// weight, operator intents (as in Argo Rollouts) and Argo Rollouts'
// measurement mode (per-metric failure, inconclusive and error limits).
//
// # Typos are errors
//
// An observation may only use names the spec declares: a metric sample is
// keyed by the name of one of its metrics, a webhook result by the name of
// one of its webhooks or the type of one. Step refuses any other key
// (Spec.CheckNames; ErrUndeclaredName), naming it and the declared name it
// is closest to: ignoring request-sucess-rate would leave the metric it
// meant without data, or passing by a default (rollout/simulate fills in
// passing values), and a failing trace would promote. Spec.Validate refuses
// a spec that can never advance — a canary without stepWeight or
// stepWeights, A/B testing or blue/green without iterations — which Step
// would otherwise hold at weight 0 for ever.
//
// # Time
//
// Step reads no clock; Observation.Time is the only time it sees, and only
// Options.GateTimeout depends on it. Wall clocks jump (NTP steps, VM
// suspend, a controller moving to a node whose clock is off), so the wait at
// a gate is not "now minus the phase change": each tick at the gate adds the
// time since the previous tick, at most one interval and never less than
// zero (Status.GateWait). A jump forward therefore counts as one interval
// and cannot time out a gate by itself (with a GateTimeout longer than the
// interval); a jump back counts as nothing and does not freeze the wait. A
// controller that ticks late has each late tick counted as one interval, so
// a timeout can take longer in wall time than configured, never shorter.
// A status written before GateWait existed starts counting at its next tick.
//
// A tick may lack inputs that are costly to gather (webhook calls, metric
// queries); Result.Needs lists the ones it consulted, so a runner calls
// only those and steps again from the same status.
//
// InitialStatus is the one constructor of a starting status; RevisionOf
// gives a pod template a stable revision from its canonical JSON. A
// promotion names the revision it was decided for (Action.Revision); when a
// runner's workload refuses it because the template moved on,
// RefusedPromotion is the status to continue from.
package rollout
