// Package rollout is the progressive-delivery analysis state machine: canary,
// A/B and blue/green analysis as a pure, deterministic step function.
//
// Step(spec, status, observation) returns the next Status plus Actions and
// Events as data. It does no I/O, reads no clock and logs nothing; a runner
// executes the actions through small ports (TrafficRouter, MetricSource,
// HookCaller, Workload) and feeds the next Observation back in. Because the
// machine is a function of values, a rollout configuration can be tested
// against a metric trace (see Scenario and fleetctl rollout simulate).
//
// By default Step follows Flagger v1.44 tick for tick: the guard order, the
// cumulative failed-check counter with rollback on the tick after the
// threshold-th failure, the confirm-* gates, stepWeightPromotion, mirroring
// and the A/B and blue/green iteration rules. Options switch on behaviour
// beyond Flagger: a no-data policy, gate timeouts, consecutive failure
// counting, clamping to maxWeight, a truthful status weight, operator
// intents and an Argo-Rollouts-style measurement mode.
//
// StepFleet drives one rollout across fleet members in waves (one canary
// store, then 10% of stores, then all), each wave gated by the same analysis
// over that wave's clusters. RevisionOf gives a pod template a stable
// revision from its canonical JSON.
//
// Runner is that runner, for controllers: Tick observes the workload and the
// routes really in force, steps, then calls only the webhooks and queries the
// metrics the tick consulted (Result.Needs) and steps again from the same
// status, so a load-test webhook runs once per run rather than every tick.
// The decided status and its actions are saved through a StatusStore before
// the actions are carried out (write-ahead), so a controller restarted
// mid-tick replays the actions instead of deciding again: no weight
// regression, no second promotion.
package rollout
